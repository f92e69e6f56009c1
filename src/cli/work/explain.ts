/** The work of `wsus-audit explain <code>`: a Windows Update error code or a WSHV code in words, from the tables. */
import { explainWshvCode } from "../../knowledge/wshv-explain.js";
import { explainWuCode, lookupWuCode, parseWuCode } from "../../knowledge/wu-error-decode.js";
import { UserError } from "../errors.js";

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
