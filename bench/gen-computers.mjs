#!/usr/bin/env node
// Writes the computer lists of a large estate, for benchmarks: the WSUS server's
// `Get-WsusComputer -All | Export-Csv` and the domain's `Get-ADComputer … | Export-Csv`, both as
// Windows PowerShell 5.1 writes them (#TYPE line, every field quoted, en-US dates, CRLF).
// Deterministic: the same arguments always give the same bytes.
//
//   node gen-computers.mjs --computers 50000 --iis-clients 10000 --out DIR [--collected 2026-10-31]
//
// Estate shape (the OUs match samples/clients-not-reporting/gpo/gpos-all.xml, where the WSUS GPO
// is linked to OU=Clients and not to OU=Stores):
// - 90 % workstations in OU=Site-NNN,OU=Clients; the first --iis-clients of them have the addresses
//   gen-iis-log.mjs gives its clients (10.30.x.y …), so IIS traffic joins them by address;
// - 10 % point-of-sale computers in OU=Store-NNN,OU=Stores: never synchronised (no policy reaches them);
// - 1 in 120 workstations last reported 45–120 days ago (some of them switched off: old last logon);
// - 1 in 150 workstations synchronise but have not reported for 40 days;
// - 1 % more domain computers, in the stores, never registered with WSUS.
import { createWriteStream, mkdirSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";

const DAY = 86_400_000;
const DOMAIN = "corp.fabrikam.local";
const DC = "DC=corp,DC=fabrikam,DC=local";

function usDate(ms) {
  const d = new Date(ms);
  const h = d.getUTCHours();
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${h < 12 ? "AM" : "PM"}`;
}

const NEVER = "1/1/0001 12:00:00 AM";
const q = (fields) => `${fields.map((f) => `"${String(f).replace(/"/g, '""')}"`).join(",")}\r\n`;

/** The address gen-iis-log.mjs gives its client number i. */
const iisAddress = (i) => `10.${30 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;

function guid(i, salt) {
  let x = (Math.imul(i + 1, 2654435761) ^ salt) >>> 0;
  const hex = [];
  for (let k = 0; k < 4; k++) {
    x = (Math.imul(x ^ (x >>> 15), 2246822507) + k) >>> 0;
    hex.push(x.toString(16).padStart(8, "0"));
  }
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

class Lines {
  constructor(path) {
    this.out = createWriteStream(path);
    this.buffer = "";
  }
  async write(text) {
    this.buffer += text;
    if (this.buffer.length > 1 << 20) {
      const ok = this.out.write(this.buffer);
      this.buffer = "";
      if (!ok) await once(this.out, "drain");
    }
  }
  async close() {
    this.out.write(this.buffer);
    this.out.end();
    await once(this.out, "finish");
  }
}

function computer(i, total, iisClients, collected) {
  const stores = Math.floor(total / 10);
  const inStore = i >= total - stores;
  const name = inStore ? `POS-${String(i).padStart(5, "0")}` : `WS-${String(i).padStart(5, "0")}`;
  const ou = inStore
    ? `OU=Store-${String(i % 100).padStart(3, "0")},OU=Stores`
    : `OU=Site-${String(i % 40).padStart(3, "0")},OU=Clients`;
  const ip = i < iisClients ? iisAddress(i) : `10.${60 + (i >> 16)}.${(i >> 8) & 255}.${i & 255}`;
  const jitter = ((i * 7919) % 86_400) * 1000;
  let lastSync = collected - jitter / 4;
  let lastReport = lastSync + 3000;
  let lastLogon = collected - 2 * DAY - jitter;
  let result = "Succeeded";
  if (inStore) {
    lastSync = lastReport = undefined;
    result = "NeverRun";
  } else if (i % 120 === 7) {
    lastSync = collected - (45 + (i % 75)) * DAY;
    lastReport = lastSync + 3000;
    if (i % 240 === 7) lastLogon = lastSync - DAY; // switched off since
  } else if (i % 150 === 11) {
    lastReport = collected - 40 * DAY - jitter;
  }
  return { name, ou, ip, lastSync, lastReport, lastLogon, result, inStore };
}

export async function generateComputers({ computers, iisClients, out, collected }) {
  mkdirSync(join(out, "wsus"), { recursive: true });
  mkdirSync(join(out, "ad"), { recursive: true });
  const at = Date.parse(`${collected}T09:00:00Z`);
  const wsus = new Lines(join(out, "wsus", "wsus-computers.csv"));
  const ad = new Lines(join(out, "ad", "ad-computers.csv"));
  await wsus.write("#TYPE Microsoft.UpdateServices.Internal.BaseApi.ComputerTarget\r\n");
  await wsus.write(
    q([
      "UpdateServer",
      "Id",
      "FullDomainName",
      "IPAddress",
      "Make",
      "Model",
      "BiosInfo",
      "OSInfo",
      "OSArchitecture",
      "ClientVersion",
      "OSFamily",
      "OSDescription",
      "ComputerRole",
      "LastSyncTime",
      "LastSyncResult",
      "LastReportedStatusTime",
      "LastReportedInventoryTime",
      "RequestedTargetGroupName",
      "RequestedTargetGroupNames",
      "ComputerTargetGroupIds",
      "ParentServerId",
      "SyncsFromDownstreamServer",
    ]),
  );
  await ad.write("#TYPE Selected.Microsoft.ActiveDirectory.Management.ADComputer\r\n");
  await ad.write(
    q([
      "Name",
      "DNSHostName",
      "OperatingSystem",
      "OperatingSystemVersion",
      "LastLogonDate",
      "Enabled",
      "DistinguishedName",
      "IPv4Address",
    ]),
  );
  for (let i = 0; i < computers; i++) {
    const c = computer(i, computers, iisClients, at);
    const dns = `${c.name.toLowerCase()}.${DOMAIN}`;
    await wsus.write(
      q([
        "Microsoft.UpdateServices.Internal.BaseApi.UpdateServer",
        guid(i, 0x5eed),
        dns,
        c.ip,
        "HP",
        "EliteDesk 800 G6",
        "Microsoft.UpdateServices.Administration.BiosInfo",
        "Microsoft.UpdateServices.Administration.OSInfo",
        "AMD64",
        "10.0.19041.5198",
        "Windows",
        c.inStore ? "Windows 10 Enterprise LTSC" : "Windows 11 Enterprise",
        "Workstation",
        c.lastSync === undefined ? NEVER : usDate(c.lastSync),
        c.result,
        c.lastReport === undefined ? NEVER : usDate(c.lastReport),
        NEVER,
        "",
        "System.Collections.Specialized.StringCollection",
        "System.Collections.Generic.List`1[System.Guid]",
        "00000000-0000-0000-0000-000000000000",
        "False",
      ]),
    );
    await ad.write(
      q([
        c.name,
        `${c.name}.${DOMAIN}`,
        "Windows 11 Enterprise",
        "10.0 (22631)",
        usDate(c.lastLogon),
        "True",
        `CN=${c.name},${c.ou},${DC}`,
        c.ip,
      ]),
    );
  }
  // domain computers in use that never registered: new point-of-sale machines in the stores
  for (let j = 0; j < Math.floor(computers / 100); j++) {
    const name = `POS-N${String(j).padStart(4, "0")}`;
    const ou = `OU=Store-${String(j % 100).padStart(3, "0")},OU=Stores`;
    await ad.write(
      q([
        name,
        `${name}.${DOMAIN}`,
        "Windows 10 Enterprise LTSC",
        "10.0 (19044)",
        usDate(at - (1 + (j % 9)) * DAY),
        "True",
        `CN=${name},${ou},${DC}`,
        `10.90.${j >> 8}.${j & 255}`,
      ]),
    );
  }
  await wsus.close();
  await ad.close();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = Object.fromEntries(
    process.argv.slice(2).reduce((acc, a, i, all) => {
      if (a.startsWith("--")) acc.push([a.slice(2), all[i + 1]]);
      return acc;
    }, []),
  );
  await generateComputers({
    computers: Number(args.computers ?? 50_000),
    iisClients: Number(args["iis-clients"] ?? 10_000),
    out: args.out ?? ".",
    collected: args.collected ?? "2026-10-31",
  });
}
