/**
 * Explains one WSHV value in words, from the tables: an error/status code, a severity level (element 8)
 * or an update-source bitmask (element 9, split into its sources). Used by `wsus-audit explain`.
 */
import {
  decodeUpdateSources,
  formatCode,
  isUpdateSourceMask,
  lookupCode,
  parseWshvCode,
  severityName,
} from "./wshv-decode.js";
import { UPDATE_SOURCE_BITS, WSHV_SOURCE_DOC } from "./wshv.js";

export interface Explanation {
  code: number;
  hex: string;
  kind: "error" | "status" | "severity" | "update-sources" | "compliant";
  lines: string[];
}

/** Undefined when the text is not a number or the value is in none of the tables. */
export function explainWshvCode(text: string): Explanation | undefined {
  const code = parseWshvCode(text);
  if (code === undefined) return undefined;
  const hex = formatCode(code);
  const known = lookupCode(code);
  if (known) {
    const title = known.printed === hex ? hex : `${known.printed} (${hex})`;
    const lines = [`${title} ${known.symbol}`, known.description];
    if (known.correctedDescription)
      lines.push(`Note: the wording is Microsoft's; in fact: ${known.correctedDescription}`);
    lines.push(
      known.origin === "seed"
        ? `Source: the WSHV error-code table (${WSHV_SOURCE_DOC}).`
        : `Not in the seed's table; source: ${known.origin}.`,
    );
    if (known.check) lines.push(`Check: ${known.check}`);
    if (known.kind === "status") lines.push("Kind: informational client status, not an error.");
    return { code, hex, kind: known.kind, lines };
  }
  if (code === 0) {
    return {
      code,
      hex,
      kind: "compliant",
      lines: [
        "0x0: the element is compliant (component on, or up to date).",
        "If the health policy does not enforce the element, its code is not relevant.",
      ],
    };
  }
  const severity = severityName(code);
  if (severity) {
    return {
      code,
      hex,
      kind: "severity",
      lines: [`${hex}: severity level ${severity} (element 8, security updates severity).`],
    };
  }
  if (isUpdateSourceMask(code)) {
    const sources = decodeUpdateSources(code);
    return {
      code,
      hex,
      kind: "update-sources",
      lines: [
        `${hex}: legitimate update sources (element 9, bitmask): ${sources.names.join(" + ")}.`,
        ...UPDATE_SOURCE_BITS.filter((source) => (code & source.bit) !== 0).map(
          (source) => `  ${formatCode(source.bit)} ${source.name}`,
        ),
        sources.includesWsus ? "WSUS is among the sources." : "WSUS (0x00010000) is not among the sources.",
      ],
    };
  }
  return undefined;
}
