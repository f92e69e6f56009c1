/**
 * PowerShell exports reduced to one shape: rows of named text values with the line each starts
 * on. Export-Csv (5.1: `#TYPE` line, every value quoted, ASCII by default; 7: no `#TYPE`,
 * UTF-8 without BOM; any delimiter), ConvertTo-Json (one object or an array) and Export-Clixml
 * all become a PropertyTable, so the inventory readers map columns by name, whatever the format.
 */
import { parse } from "csv-parse/sync";
import { XMLParser } from "fast-xml-parser";
import { strayLessThan, XML_ENTITIES } from "../xml-guard.js";

export interface PropertyRow {
  /** Lower-case property name → value as text (dates as exported; nested objects dropped). */
  values: Map<string, string>;
  line: number;
}

export interface PropertyTable {
  /** Property names as written, in order. */
  columns: string[];
  rows: PropertyRow[];
  /** `#TYPE` name (Windows PowerShell 5.1 CSV) or the CliXML type name of the first object. */
  typeName?: string;
  delimiter?: string;
  /** Rows that could not be read (wrong value count …), with a sample. */
  rejected: { line: number; message: string; sample: string }[];
}

/** The first line that is not a `#TYPE` line, and the type name when there is one. */
export function csvHeaderOf(text: string): { header: string; typeName?: string; headerLine: number } {
  const lines = text.split(/\r\n|\n|\r/, 3);
  const first = lines[0] ?? "";
  const type = /^#TYPE\s+(.+)$/.exec(first.trim());
  if (type) return { header: lines[1] ?? "", typeName: type[1]!.trim(), headerLine: 2 };
  return { header: first, headerLine: 1 };
}

/** The delimiter of a header line: the character after the first closing quote, else the commonest. */
export function csvDelimiter(header: string): string {
  const quoted = /^"[^"]*"(.)/.exec(header);
  if (quoted && quoted[1] !== undefined && quoted[1] !== "\r") return quoted[1];
  const outside = header.replace(/"[^"]*"/g, "");
  const counts = [",", ";", "\t", "|"].map((d) => [d, outside.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ",";
}

export function readCsvTable(text: string): PropertyTable {
  const { header, typeName, headerLine } = csvHeaderOf(text);
  const delimiter = csvDelimiter(header);
  const records = parse(text, {
    delimiter,
    from_line: headerLine,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number; records: number } }[];
  const columns = (records[0]?.record ?? []).map((name) => name.trim());
  const keys = columns.map((name) => name.toLowerCase());
  const table: PropertyTable = {
    columns,
    rows: [],
    delimiter,
    rejected: [],
    ...(typeName ? { typeName } : {}),
  };
  let previousEnd = records[0]?.info.lines ?? headerLine;
  for (const { record, info } of records.slice(1)) {
    const line = previousEnd + 1;
    previousEnd = info.lines;
    if (record.length !== keys.length) {
      table.rejected.push({
        line,
        message: `${record.length} values where the header has ${keys.length}`,
        sample: record.join(delimiter).slice(0, 200),
      });
      continue;
    }
    const values = new Map<string, string>();
    keys.forEach((key, i) => values.set(key, record[i] ?? ""));
    table.rows.push({ values, line });
  }
  return table;
}

/** 1-based line numbers of each occurrence of a marker, in order: provenance for JSON and XML rows. */
function linesOf(text: string, marker: RegExp): number[] {
  const lines: number[] = [];
  let line = 1;
  let scanned = 0;
  for (const match of text.matchAll(marker)) {
    for (let i = scanned; i < match.index; i++) if (text.charCodeAt(i) === 10) line++;
    scanned = match.index;
    lines.push(line);
  }
  return lines;
}

function jsonText(value: unknown): string | undefined {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  // Windows PowerShell 5.1 wraps some DateTimes: {"value": "\/Date(…)\/", "DateTime": "…"}
  if (typeof value === "object" && !Array.isArray(value) && "value" in value)
    return jsonText((value as { value: unknown }).value);
  return undefined;
}

/** ConvertTo-Json output: one object or an array of objects; nested objects are dropped. */
export function readJsonTable(text: string, keyProperty: string): PropertyTable {
  const parsed: unknown = JSON.parse(text);
  const objects = (Array.isArray(parsed) ? parsed : [parsed]).filter(
    (item): item is Record<string, unknown> =>
      typeof item === "object" && item !== null && !Array.isArray(item),
  );
  const lines = linesOf(text, new RegExp(`"${keyProperty}"\\s*:`, "gi"));
  const columns: string[] = objects[0] ? Object.keys(objects[0]) : [];
  const table: PropertyTable = { columns, rows: [], rejected: [] };
  objects.forEach((object, i) => {
    const values = new Map<string, string>();
    for (const [name, value] of Object.entries(object)) {
      const text = jsonText(value);
      if (text !== undefined) values.set(name.toLowerCase(), text);
    }
    table.rows.push({ values, line: lines[i] ?? 1 });
  });
  return table;
}

/** Typed CliXML elements whose text is the value (MS-PSRP primitive types). */
const PRIMITIVES = [
  "S",
  "DT",
  "B",
  "G",
  "I32",
  "I64",
  "U32",
  "U64",
  "I16",
  "U16",
  "By",
  "SB",
  "Db",
  "D",
  "Sg",
  "TS",
  "URI",
  "Version",
  "C",
];

/** Export-Clixml output: the top-level objects' properties (`<Props>` and, for Select-Object output, `<MS>`). */
export function readClixmlTable(text: string, keyProperty: string): PropertyTable {
  const stray = strayLessThan(text);
  if (stray >= 0) throw new Error(`not well-formed XML: a stray '<' at offset ${stray}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    parseTagValue: false,
    trimValues: false,
    processEntities: XML_ENTITIES,
    isArray: (_name: string, _path: unknown, _leaf: boolean, isAttribute: boolean) => !isAttribute,
  });
  const document = parser.parse(text) as Record<string, unknown[]>;
  const objs = (document["Objs"]?.[0] ?? {}) as Record<string, unknown[]>;
  const lines = linesOf(text, new RegExp(`N="${keyProperty}"`, "gi"));
  const table: PropertyTable = { columns: [], rows: [], rejected: [] };
  const firstType = (
    (objs["Obj"]?.[0] as Record<string, unknown[]>)?.["TN"]?.[0] as Record<string, unknown[]>
  )?.["T"]?.[0];
  if (typeof firstType === "string") table.typeName = firstType;
  for (const [i, obj] of ((objs["Obj"] ?? []) as Record<string, unknown[]>[]).entries()) {
    const values = new Map<string, string>();
    for (const bag of ["Props", "MS"]) {
      for (const group of (obj[bag] ?? []) as Record<string, unknown[]>[]) {
        for (const type of [...PRIMITIVES, "Nil"]) {
          for (const element of group[type] ?? []) {
            const node = element as Record<string, unknown>;
            const name = node["@N"];
            if (typeof name !== "string") continue;
            const text = type === "Nil" ? "" : String((node["#text"] as string[] | string | undefined) ?? "");
            if (!table.columns.includes(name)) table.columns.push(name);
            values.set(name.toLowerCase(), text);
          }
        }
        // enums (LastSyncResult, ComputerRole) are nested <Obj> with <ToString>Succeeded</ToString>
        for (const nested of (group["Obj"] ?? []) as Record<string, unknown>[]) {
          const name = nested["@N"];
          const shown = (nested["ToString"] as unknown[] | undefined)?.[0];
          if (typeof name === "string" && typeof shown === "string") {
            if (!table.columns.includes(name)) table.columns.push(name);
            values.set(name.toLowerCase(), shown);
          }
        }
      }
    }
    table.rows.push({ values, line: lines[i] ?? 1 });
  }
  return table;
}
