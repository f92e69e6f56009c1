/** The work of `wsus-audit explain <code>`: a WSHV code in words, from the decoding tables. */
import { explainWshvCode } from "../../knowledge/wshv-explain.js";
import { UserError } from "../errors.js";

/** The text printed for a code; throws a UserError (exit 2) for a value in none of the tables. */
export function explainText(code: string): string {
  const explanation = explainWshvCode(code);
  if (!explanation) {
    throw new UserError(
      `"${code}" is not a code in the WSHV tables (error codes, severity levels 0x40-0x400, update-source bits 0x4000/0x10000/0x20000); give it as hex (0xC0FF000C, with or without the L suffix) or decimal.`,
    );
  }
  return explanation.lines.join("\n");
}
