/** `wsus-audit explain <code>`: the meaning of a Windows Update error code or a WSHV code, from the tables. */
import type { CommandModule } from "yargs";
import { explainWshvCode } from "../knowledge/wshv-explain.js";
import { explainWuCode, lookupWuCode, parseWuCode } from "../knowledge/wu-error-decode.js";
import { UserError } from "./errors.js";

export interface ExplainArgs {
  code: string;
}

const FORMS =
  "give it as hex (0x80244017, 80244017, 0xC0FF000C with or without the L suffix), decimal (-2145107945, 3237937164) or a symbol (WU_E_PT_HTTP_STATUS_DENIED)";

/**
 * The text printed for a code. Windows Update codes come first (their 8-digit hex form would read as a
 * decimal WSHV value); a value in no table throws a UserError (exit 2) that still splits the HRESULT.
 */
export function explainText(code: string): string {
  const wuValue = parseWuCode(code);
  if (wuValue !== undefined && lookupWuCode(wuValue)) return explainWuCode(code)!.join("\n");
  const wshv = explainWshvCode(code);
  if (wshv) return wshv.lines.join("\n");
  const unknown = wuValue !== undefined ? explainWuCode(code) : undefined;
  if (unknown) {
    throw new UserError(
      `"${code}" is not a code in the Windows Update or WSHV tables. ${unknown.slice(1).join(" ")}`,
    );
  }
  throw new UserError(`"${code}" is not a code in the Windows Update or WSHV tables; ${FORMS}.`);
}

const explainCommand: CommandModule<object, ExplainArgs> = {
  command: "explain <code>",
  describe:
    "Print the meaning of a Windows Update error code (with its WSUS-side cause) or a Windows Security Health Validator code",
  builder: (yargs) =>
    yargs
      .positional("code", {
        type: "string",
        demandOption: true,
        describe: "e.g. 0x80244017, 80244017, -2145107945, WU_E_PT_HTTP_STATUS_DENIED, 0xC0FF000C, 0x200",
      })
      .example("$0 explain 0x80244017", "the WSUS server answered HTTP 401")
      .example("$0 explain 0xc0ff000c", "Windows Update Agent not configured for WSUS")
      .example("$0 explain 0x00024000", "Windows Update + Microsoft Update") as never,
  handler: (args) => {
    console.log(explainText(String(args.code)));
  },
};

export default explainCommand;
