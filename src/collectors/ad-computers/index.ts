/** The domain's computer list: Get-ADComputer … | Export-Csv (Windows PowerShell 5.1 or 7, any culture). */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import { computerKey } from "../../checks/clients/model.js";
import { decideDateOrder, latest, parseFileTime, parseStamp, type Stamp } from "../ps-export/dates.js";
import {
  csvDelimiter,
  csvHeaderOf,
  readCsvTable,
  type PropertyRow,
  type PropertyTable,
} from "../ps-export/table.js";
import type { Collector, CollectorOutput, EvidenceSource, Problem } from "../types.js";
import { containerOf } from "./dn.js";
import type { AdComputer, AdComputersFacts, AdComputersFragment } from "./facts.js";

const HOW_TO_EXPORT =
  "On a domain controller or a machine with the RSAT AD module, in Windows PowerShell 5.1: Get-ADComputer -Filter * -Properties DNSHostName,Enabled,LastLogonDate,OperatingSystem,DistinguishedName,IPv4Address | Select-Object Name,DNSHostName,Enabled,LastLogonDate,OperatingSystem,DistinguishedName,IPv4Address | Export-Csv -NoTypeInformation -Encoding UTF8 -Path .\\ad-computers.csv";

const LAST_LOGON = ["lastlogondate", "lastlogontimestamp", "lastlogon", "stamp"];

function columnsOf(head: string): string[] {
  const { header } = csvHeaderOf(head);
  return header
    .split(csvDelimiter(header))
    .map((name) => name.trim().replace(/^"|"$/g, "").trim().toLowerCase());
}

/** Get-ADComputer output: its #TYPE, or Name with DNSHostName / DistinguishedName and nothing of WSUS's. */
export function adComputersScore(head: string): number {
  const { typeName } = csvHeaderOf(head);
  if (typeName && /ActiveDirectory\.Management\.ADComputer$/i.test(typeName)) return 96;
  if (typeName) return 0;
  const columns = columnsOf(head);
  if (columns.includes("fulldomainname") || columns.includes("lastsynctime")) return 0;
  if (!columns.includes("name")) return 0;
  if (
    columns.includes("dnshostname") &&
    (columns.includes("distinguishedname") || columns.includes("samaccountname"))
  )
    return 88;
  return 0;
}

function value(row: PropertyRow, name: string): string | undefined {
  const text = row.values.get(name)?.trim();
  return text ? text : undefined;
}

function lastLogonOf(
  row: PropertyRow,
  order: ReturnType<typeof decideDateOrder>["order"],
): Stamp | undefined {
  for (const name of LAST_LOGON) {
    const raw = row.values.get(name);
    if (raw === undefined) continue;
    if (raw.trim() === "") return { raw, never: true }; // a null DateTime: never logged on
    return parseFileTime(raw) ?? parseStamp(raw, order);
  }
  return undefined;
}

export const adComputersCsvCollector: Collector<AdComputersFragment> = {
  kind: "ad-computers-csv",
  source: "adComputers",
  label: "Domain computer list (Get-ADComputer | Export-Csv)",
  readsWhole: true,
  howToCollect: HOW_TO_EXPORT,
  detect: (probe: Probe) => (probe.head ? adComputersScore(probe.head) : 0),
  collect: async (file: EvidenceFile): Promise<CollectorOutput<AdComputersFragment>> => {
    let table: PropertyTable;
    try {
      table = readCsvTable(await file.readText());
    } catch (error) {
      return {
        status: "failed",
        reason: `The computer list could not be read as CSV (${(error as Error).message}). ${HOW_TO_EXPORT}.`,
        records: 0,
        rejected: 0,
        problems: [],
      };
    }
    const keys = table.columns.map((c) => c.toLowerCase());
    const dates = table.rows.flatMap((row) =>
      LAST_LOGON.map((n) => row.values.get(n) ?? "").filter((v) => v !== ""),
    );
    const { order, note } = decideDateOrder(dates);
    const problems: Problem[] = table.rejected.slice(0, 5).map((r) => ({
      line: r.line,
      severity: "warning" as const,
      message: `Row skipped: ${r.message}.`,
      sample: r.sample,
    }));
    const computers: AdComputer[] = [];
    let newest = -Infinity;
    for (const row of table.rows) {
      const name = value(row, "name") ?? value(row, "samaccountname");
      if (!name) continue;
      const dns = value(row, "dnshostname");
      // the DNS name is the join key (§15.6): an ASCII export turns "MÜNCHEN-01" into "M?NCHEN-01"
      const computer: AdComputer = {
        key: computerKey(dns ?? name),
        name: name.replace(/\$$/, ""),
        file: file.path,
        line: row.line,
      };
      if (dns) computer.dnsName = dns.toLowerCase();
      const enabled = value(row, "enabled");
      if (enabled) computer.enabled = /^true$/i.test(enabled);
      const dn = value(row, "distinguishedname");
      if (dn) {
        computer.distinguishedName = dn;
        const ou = containerOf(dn);
        if (ou) computer.ou = ou;
      }
      const os = value(row, "operatingsystem");
      if (os) computer.os = os;
      const ip = value(row, "ipv4address");
      if (ip) computer.ip = ip;
      const logon = lastLogonOf(row, order);
      if (logon) {
        computer.lastLogon = logon;
        newest = Math.max(newest, latest(logon) ?? -Infinity);
      }
      computers.push(computer);
    }
    if (computers.length === 0)
      return {
        status: "skipped",
        reason: "No computer with a name in this export.",
        records: 0,
        rejected: table.rejected.length,
        problems,
      };
    const hasLastLogon = keys.some((k) => LAST_LOGON.includes(k));
    if (!hasLastLogon)
      problems.push({
        severity: "info",
        message:
          "No LastLogonDate column: whether a computer is in use cannot be told, so none is reported as missing from WSUS.",
      });
    return {
      status: "parsed",
      facts: {
        file: {
          file: file.path,
          computers: computers.length,
          dateOrder: order,
          dateNote: note,
          hasLastLogon,
          hasEnabled: keys.includes("enabled"),
          ...(Number.isFinite(newest)
            ? { newest: new Date(newest).toISOString().replace(".000Z", "Z") }
            : {}),
        },
        computers,
      },
      records: computers.length,
      rejected: table.rejected.length,
      problems,
    };
  },
};

export function mergeAdComputers(fragments: readonly { facts: AdComputersFragment }[]): AdComputersFacts {
  const files = fragments.map((f) => f.facts.file);
  let newest = -Infinity;
  for (const file of files) if (file.newest) newest = Math.max(newest, Date.parse(file.newest));
  return {
    files,
    computers: fragments.flatMap((f) => f.facts.computers),
    ...(Number.isFinite(newest) ? { newest: new Date(newest).toISOString().replace(".000Z", "Z") } : {}),
  };
}

export const adComputersSource: EvidenceSource<AdComputersFragment, AdComputersFacts> = {
  name: "adComputers",
  collectors: [adComputersCsvCollector],
  merge: (fragments) => mergeAdComputers(fragments),
};
