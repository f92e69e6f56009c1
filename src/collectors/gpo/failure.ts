/** How the Group Policy XML readers give up on a file: one outcome, worded once. */
import type { CollectorOutput } from "../types.js";
import type { GpoFragment } from "./facts.js";
import { parseXml, type XNode } from "./xml-tree.js";

export function gpoFailure(reason: string): CollectorOutput<GpoFragment> {
  return {
    status: "failed",
    reason,
    records: 0,
    rejected: 0,
    problems: [{ severity: "error", message: reason }],
  };
}

/** The document's root element, or the failed outcome that says the XML is broken. */
export function parseGpoXml(
  text: string,
  firstLine = 1,
): { root?: XNode; failure?: CollectorOutput<GpoFragment> } {
  try {
    return { root: parseXml(text, { firstLine }) };
  } catch (error) {
    return { failure: gpoFailure(`not well-formed XML: ${(error as Error).message}`) };
  }
}
