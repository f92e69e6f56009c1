/**
 * A namespace-resolved XML tree with line numbers, over fast-xml-parser.
 *
 * Group Policy reports assign namespace prefixes per document and per extension (q1, q3 …), so
 * elements are matched by namespace URI + local name, never by prefix. Line numbers come from the
 * parser's start index, so evidence can cite file:line.
 */
import { XMLParser } from "fast-xml-parser";
import { assertNoStrayLessThan, XML_ENTITIES } from "../xml-guard.js";

export const NS = {
  rsop: "http://www.microsoft.com/GroupPolicy/Rsop",
  settings: "http://www.microsoft.com/GroupPolicy/Settings",
  registry: "http://www.microsoft.com/GroupPolicy/Settings/Registry",
  base: "http://www.microsoft.com/GroupPolicy/Settings/Base",
  types: "http://www.microsoft.com/GroupPolicy/Types",
  xsi: "http://www.w3.org/2001/XMLSchema-instance",
} as const;

export interface XNode {
  /** Namespace URI ("" when none). */
  ns: string;
  /** Local name (prefix removed). */
  name: string;
  /** Attributes by their qualified name as written. */
  attrs: Record<string, string>;
  children: XNode[];
  /** Concatenated text content of this element's own text nodes. */
  text: string;
  line: number;
  /** Resolve a prefix ("" = default namespace) in this element's scope. */
  resolve(prefix: string): string | undefined;
}

type RawNode = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  captureMetaData: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // no callback reads a path: the parser need not build one as a string for every tag (issue 19)
  jPath: false,
  // Standard XML entities only, bounded expansion; no external entities are ever fetched.
  processEntities: { ...XML_ENTITIES, maxTotalExpansions: 1000 },
});
const META = XMLParser.getMetaDataSymbol() as unknown as symbol;

/**
 * Parse a whole document; throws on malformed XML (callers turn that into a problem). `firstLine`:
 * the line the text starts on in its file, when it is a piece of a larger file (one GPO of a report).
 */
export function parseXml(text: string, { firstLine = 1 }: { firstLine?: number } = {}): XNode | undefined {
  assertNoStrayLessThan(text);
  const raw = parser.parse(text) as RawNode[];
  const lineOf = lineIndex(text, firstLine);
  const root = raw.find((node) => elementName(node) !== undefined);
  if (!root) return undefined;
  return build(root, new Map([["xml", "http://www.w3.org/XML/1998/namespace"]]), lineOf);
}

function elementName(node: RawNode): string | undefined {
  return Object.keys(node).find((key) => key !== ":@" && key !== "#text" && !key.startsWith("?"));
}

function build(node: RawNode, parentScope: Map<string, string>, lineOf: (index: number) => number): XNode {
  const qname = elementName(node)!;
  const attrs = (node[":@"] as Record<string, string> | undefined) ?? {};
  let scope = parentScope;
  for (const [attr, value] of Object.entries(attrs)) {
    if (attr === "xmlns" || attr.startsWith("xmlns:")) {
      if (scope === parentScope) scope = new Map(parentScope);
      scope.set(attr === "xmlns" ? "" : attr.slice(6), value);
    }
  }
  const colon = qname.indexOf(":");
  const prefix = colon >= 0 ? qname.slice(0, colon) : "";
  const meta = (node as Record<symbol, { startIndex?: number } | undefined>)[META];
  const finalScope = scope;
  const result: XNode = {
    ns: scope.get(prefix) ?? "",
    name: colon >= 0 ? qname.slice(colon + 1) : qname,
    attrs,
    children: [],
    text: "",
    line: lineOf(meta?.startIndex ?? 0),
    resolve: (p) => finalScope.get(p),
  };
  for (const child of (node[qname] as RawNode[] | undefined) ?? []) {
    if ("#text" in child) result.text += String(child["#text"]);
    else if (elementName(child) !== undefined) result.children.push(build(child, scope, lineOf));
  }
  return result;
}

function lineIndex(text: string, firstLine: number): (index: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) starts.push(i + 1);
    else if (code === 13 && text.charCodeAt(i + 1) !== 10) starts.push(i + 1);
  }
  return (index) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= index) low = mid;
      else high = mid - 1;
    }
    return low + firstLine;
  };
}

/** Children with this local name (and namespace URI when given). */
export function kids(node: XNode | undefined, name: string, ns?: string): XNode[] {
  if (!node) return [];
  return node.children.filter((child) => child.name === name && (ns === undefined || child.ns === ns));
}

export function kid(node: XNode | undefined, name: string, ns?: string): XNode | undefined {
  return node?.children.find((child) => child.name === name && (ns === undefined || child.ns === ns));
}

/** Trimmed text of a child, or undefined when the child is absent. */
export function kidText(node: XNode | undefined, name: string, ns?: string): string | undefined {
  const child = kid(node, name, ns);
  return child === undefined ? undefined : child.text.trim();
}

export function kidBool(node: XNode | undefined, name: string, ns?: string): boolean | undefined {
  const text = kidText(node, name, ns)?.toLowerCase();
  return text === "true" ? true : text === "false" ? false : undefined;
}

export function kidNumber(node: XNode | undefined, name: string, ns?: string): number | undefined {
  const text = kidText(node, name, ns);
  if (text === undefined || text === "" || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}

/** The namespace URI an `xsi:type="q3:RegistrySettings"` attribute points to, resolved in scope. */
export function xsiTypeNamespace(node: XNode): { ns: string | undefined; local: string } | undefined {
  const entry = Object.entries(node.attrs).find(([attr]) => {
    const colon = attr.indexOf(":");
    return colon >= 0 && attr.slice(colon + 1) === "type" && node.resolve(attr.slice(0, colon)) === NS.xsi;
  });
  if (!entry) return undefined;
  const value = entry[1];
  const colon = value.indexOf(":");
  return colon >= 0
    ? { ns: node.resolve(value.slice(0, colon)), local: value.slice(colon + 1) }
    : { ns: node.resolve(""), local: value };
}

/** Depth-first search for elements by namespace + local name. */
export function findAll(node: XNode, name: string, ns: string, into: XNode[] = []): XNode[] {
  for (const child of node.children) {
    if (child.name === name && child.ns === ns) into.push(child);
    else findAll(child, name, ns, into);
  }
  return into;
}
