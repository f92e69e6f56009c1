/**
 * The WSUS computer inventory evidence source: Get-WsusComputer / GetComputerTargets() exported
 * with Export-Csv (Windows PowerShell 5.1 and 7, any culture and delimiter), ConvertTo-Json (both
 * versions' date forms) or Export-Clixml, and SUSDB query results saved as CSV.
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import {
  csvDelimiter,
  csvHeaderOf,
  readClixmlTable,
  readCsvTable,
  readJsonTable,
  type PropertyTable,
} from "../ps-export/table.js";
import type { Collector, CollectorOutput, EvidenceSource } from "../types.js";
import type { WsusComputersFacts, WsusComputersFragment, WsusInventoryFormat } from "./facts.js";
import { inventoryRows, isComputerTargetHeader } from "./rows.js";

const HOW_TO_EXPORT =
  "On the WSUS server, in Windows PowerShell 5.1 or PowerShell 7: Get-WsusComputer -All | Export-Csv -NoTypeInformation -Encoding UTF8 -Path .\\wsus-computers.csv (or Export-Clixml .\\wsus-computers.xml, which keeps the timestamps culture-independent)";

const SUSDB_COLUMNS = ["targetid", "computerid", "computertargetid"];

function headerColumns(head: string): string[] {
  const { header } = csvHeaderOf(head);
  const delimiter = csvDelimiter(header);
  return header.split(delimiter).map((name) => name.trim().replace(/^"|"$/g, "").trim());
}

/** The CSV form of a probe: PowerShell export, SUSDB query result, or not an inventory. */
function csvFormat(head: string): WsusInventoryFormat | undefined {
  const { typeName } = csvHeaderOf(head);
  const columns = headerColumns(head);
  if (!isComputerTargetHeader(columns)) return undefined;
  if (typeName) return /ComputerTarget/i.test(typeName) ? "csv-ps51" : undefined;
  return columns.some((column) => SUSDB_COLUMNS.includes(column.toLowerCase())) ? "susdb-csv" : "csv";
}

function jsonFormat(head: string): WsusInventoryFormat | undefined {
  if (!/^\s*[[{]/.test(head)) return undefined;
  if (!/"FullDomainName"\s*:/i.test(head) || !/"Last(Sync|ReportedStatus)Time"\s*:/i.test(head))
    return undefined;
  return /\\?\/Date\(-?\d+/.test(head) ? "json-ps51" : "json-ps7";
}

function isClixml(head: string): boolean {
  return (
    /^\s*(<\?xml[^>]*>\s*)?<Objs\b/.test(head) &&
    head.includes("schemas.microsoft.com/powershell/2004/04") &&
    (/BaseApi\.ComputerTarget/.test(head) || /N="FullDomainName"/i.test(head))
  );
}

function read(text: string, format: WsusInventoryFormat): PropertyTable {
  if (format === "clixml") return readClixmlTable(text, "FullDomainName");
  if (format === "json-ps51" || format === "json-ps7") return readJsonTable(text, "FullDomainName");
  return readCsvTable(text);
}

function collector(
  kind: string,
  label: string,
  detect: (head: string) => WsusInventoryFormat | undefined,
  score: number,
): Collector<WsusComputersFragment> {
  return {
    kind,
    source: "wsusComputers",
    label,
    readsWhole: true,
    howToCollect: HOW_TO_EXPORT,
    detect: (probe: Probe) => (probe.head && detect(probe.head) ? score : 0),
    collect: async (file: EvidenceFile): Promise<CollectorOutput<WsusComputersFragment>> => {
      const text = await file.readText();
      const format = detect(text.slice(0, 65536)) ?? "csv";
      let table: PropertyTable;
      try {
        table = read(text, format);
      } catch (error) {
        return {
          status: "failed",
          reason: `The computer list could not be read (${(error as Error).message}). ${HOW_TO_EXPORT}.`,
          records: 0,
          rejected: 0,
          problems: [],
        };
      }
      const rows = inventoryRows(table, file.path);
      if (rows.computers.length === 0) {
        return {
          status: "skipped",
          reason: "The computer list holds no computer with a name: nothing to judge.",
          records: 0,
          rejected: rows.rejected,
          problems: rows.problems,
        };
      }
      const problems = [...rows.problems];
      if (rows.dateOrder === "ambiguous")
        problems.push({ severity: "info", message: `Timestamps: ${rows.dateNote}.` });
      return {
        status: "parsed",
        facts: {
          file: {
            file: file.path,
            format,
            computers: rows.computers.length,
            dateOrder: rows.dateOrder,
            dateNote: rows.dateNote,
            ...(rows.newest ? { newest: rows.newest } : {}),
          },
          computers: rows.computers,
        },
        records: rows.computers.length,
        rejected: rows.rejected,
        problems,
      };
    },
  };
}

export const wsusComputersCsvCollector = collector(
  "wsus-computers-csv",
  "WSUS computer list (Get-WsusComputer | Export-Csv, or a SUSDB query saved as CSV)",
  csvFormat,
  92,
);
export const wsusComputersJsonCollector = collector(
  "wsus-computers-json",
  "WSUS computer list (Get-WsusComputer | ConvertTo-Json)",
  jsonFormat,
  92,
);
export const wsusComputersClixmlCollector = collector(
  "wsus-computers-clixml",
  "WSUS computer list (Get-WsusComputer | Export-Clixml)",
  (head) => (isClixml(head) ? "clixml" : undefined),
  95,
);

export function mergeWsusComputers(
  fragments: readonly { facts: WsusComputersFragment }[],
): WsusComputersFacts {
  const files = fragments.map((f) => f.facts.file);
  let newest = -Infinity;
  for (const file of files) if (file.newest) newest = Math.max(newest, Date.parse(file.newest));
  const computers = fragments.flatMap((f) => f.facts.computers);
  return {
    files,
    computers,
    ...(Number.isFinite(newest) ? { newest: new Date(newest).toISOString().replace(".000Z", "Z") } : {}),
    ambiguousDates: files.some((file) => file.dateOrder === "ambiguous"),
  };
}

export const wsusComputersSource: EvidenceSource<WsusComputersFragment, WsusComputersFacts> = {
  name: "wsusComputers",
  collectors: [wsusComputersCsvCollector, wsusComputersJsonCollector, wsusComputersClixmlCollector],
  merge: (fragments) => mergeWsusComputers(fragments),
};
