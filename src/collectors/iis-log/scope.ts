/**
 * Which W3C log files count (issue 15 Build 2, ADR 0019): the WSUS site's, of the WSUS server, in the
 * latest period. A bundle may hold the logs of another site (W3SVC1, the Default Web Site), of
 * another server, or of a month a year ago; blending them in would count another site's 500s as
 * WSUS's, or make a client seen a year ago "silent". Decided per file, after every file was read
 * (the site comes from applicationHost.config, which may come later in the bundle); a file that
 * mixes sites was already read for its WSUS site's lines (collector.ts).
 */
import { canonicalVdir } from "../../knowledge/iis-vdirs.js";
import type { IisConfigFacts } from "../iis-config/facts.js";
import type { WsusSetupFacts } from "../wsus-setup/facts.js";
import type { IisLogPeriod, IisLogScopeFacts, NotCountedLog } from "./facts.js";
import type { PartialW3c } from "./partial.js";

/** Logs further apart than this are separate periods; only the latest is judged. */
export const PERIOD_GAP_DAYS = 7;

/** What the rest of the bundle says about the WSUS site and server. */
export interface WsusIdentity {
  /** The WSUS site in applicationHost.config. */
  site?: { id: number; name: string; bindingIps: string[]; ports: number[] };
  /** The WSUS site as the server's Setup registry export names it (IISTargetWebsiteIndex, PortNumber). */
  setup?: { id: number; ports: number[]; at: string };
  /** The WSUS server as bundle.json names it (host name, FQDN or address). */
  server?: string;
}

export function wsusIdentity(
  iisConfig: IisConfigFacts | undefined,
  server: string | undefined,
  wsusSetup?: WsusSetupFacts,
): WsusIdentity {
  const site = iisConfig?.site;
  const setupId = wsusSetup?.siteId;
  return {
    ...(wsusSetup && setupId
      ? {
          setup: { id: setupId.value, ports: setupPorts(wsusSetup), at: `${wsusSetup.file}:${setupId.line}` },
        }
      : {}),
    ...(site
      ? {
          site: {
            id: site.id,
            name: site.name,
            bindingIps: site.bindings.map((b) => b.ip).filter((ip) => ip !== "*" && ip !== ""),
            ports: [...site.httpPorts, ...site.httpsPorts],
          },
        }
      : {}),
    ...(server ? { server } : {}),
  };
}

/**
 * PortNumber is the site's HTTP port; with UsingSSL clients use HTTPS on PortNumber + 1, or 443
 * beside 80 (knowledge/iis.md §9). The site binds both.
 */
function setupPorts(setup: WsusSetupFacts): number[] {
  const port = setup.port?.value;
  if (port === undefined) return [];
  return setup.ssl?.value ? [port, port === 80 ? 443 : port + 1] : [port];
}

interface LogFile {
  file: string;
  partial: PartialW3c;
}

export function scopeLogs<F extends LogFile>(
  files: readonly F[],
  identity: WsusIdentity,
): { counted: F[]; scope: IisLogScopeFacts } {
  const notCounted: NotCountedLog[] = [];
  const wsusSite = wsusSiteKey(files, identity);
  const ofServer: F[] = [];
  for (const f of files) {
    const reason = otherSite(f, wsusSite, identity) ?? otherServer(f, identity);
    if (reason) notCounted.push({ file: f.file, ...reason });
    else ofServer.push(f);
  }
  const { counted, periods, earlier, spansPeriods } = latestPeriod(ofServer);
  notCounted.push(...earlier);
  const disagreement = wsusSite?.disagreement;
  const otherSiteLines = files.reduce((n, f) => n + f.partial.sites.reduce((m, s) => m + s.notCounted, 0), 0);
  return {
    counted,
    scope: {
      ...(wsusSite ? { wsusSite: { name: wsusSite.label, from: wsusSite.from } } : {}),
      notCounted,
      periods,
      spansPeriods,
      otherSiteLines,
      ...(disagreement ? { disagreement } : {}),
      summary:
        summary(files.length, counted.length, notCounted, periods, spansPeriods) +
        (disagreement ? `; ${disagreement}` : ""),
    },
  };
}

interface SiteKey {
  /** Lower-case names the site goes by: W3SVC<id>, and its name in applicationHost.config. */
  keys: string[];
  label: string;
  from: string;
  /** Where the site is named, for the reasons ("in applicationHost.config"); empty when guessed. */
  where: string;
  /** True: named by applicationHost.config or the Setup key (strict); false: guessed from the requests (lenient). */
  configured: boolean;
  /** applicationHost.config and the Setup registry export name different sites. */
  disagreement?: string;
}

/** The site a file's lines name (s-sitename), else its W3SVC<id> folder. */
function siteOf(f: LogFile): { key: string; label: string } | undefined {
  const named = f.partial.keptSite ?? singleSite(f.partial);
  if (named) return { key: normalSite(named), label: `s-sitename ${named}` };
  const folder = f.file
    .split(/[\\/]/)
    .reverse()
    .find((part) => /^W3SVC\d+$/i.test(part));
  return folder ? { key: normalSite(folder), label: `folder ${folder}` } : undefined;
}

function singleSite(partial: PartialW3c): string | undefined {
  const sites = partial.sites.filter((s) => s.requests > 0);
  return sites.length === 1 ? sites[0]!.name : undefined;
}

function normalSite(name: string): string {
  return name.trim().toLowerCase();
}

function wsusRequests(partial: PartialW3c): number {
  return partial.responses.reduce((n, r) => n + (canonicalVdir(r.vdir) ? r.count : 0), 0);
}

/**
 * The WSUS site: applicationHost.config's (the live IIS configuration wins over the Setup key,
 * which a site moved by hand leaves behind); without it, the Setup registry export's
 * IISTargetWebsiteIndex; without either, the site of the files that request the WSUS virtual directories (then only files that request none are another site's: two sites both
 * serving WSUS, as after a move from the Default Web Site, are both counted, not guessed apart).
 */
function wsusSiteKey(files: readonly LogFile[], identity: WsusIdentity): SiteKey | undefined {
  const { setup } = identity;
  if (identity.site) {
    const { id, name } = identity.site;
    return {
      keys: [`w3svc${id}`, normalSite(name)],
      label: `W3SVC${id} (${name})`,
      from: "applicationHost.config",
      where: " in applicationHost.config",
      configured: true,
      ...(setup && setup.id !== id
        ? {
            disagreement: `applicationHost.config and the WSUS Setup registry export disagree on the WSUS site: W3SVC${id} (${name}) in applicationHost.config, W3SVC${setup.id} in IISTargetWebsiteIndex (${setup.at}); applicationHost.config, IIS's live configuration, is followed`,
          }
        : {}),
    };
  }
  if (setup)
    return {
      keys: [`w3svc${setup.id}`],
      label: `W3SVC${setup.id}`,
      from: `the WSUS Setup registry export (IISTargetWebsiteIndex, ${setup.at})`,
      where: " in the WSUS Setup registry export (IISTargetWebsiteIndex)",
      configured: true,
    };
  const bySite = new Map<string, { label: string; wsus: number }>();
  for (const f of files) {
    const site = siteOf(f);
    if (!site) continue;
    const row = bySite.get(site.key) ?? { label: site.label.replace(/^\S+ /, ""), wsus: 0 };
    row.wsus += wsusRequests(f.partial);
    bySite.set(site.key, row);
  }
  const [best] = [...bySite.entries()].sort((a, b) => b[1].wsus - a[1].wsus);
  if (!best || best[1].wsus === 0) return undefined;
  return {
    keys: [best[0]],
    label: best[1].label,
    from: "the site whose requests are to the WSUS virtual directories",
    where: "",
    configured: false,
  };
}

function otherSite(
  f: LogFile,
  wsusSite: SiteKey | undefined,
  identity: WsusIdentity,
): Omit<NotCountedLog, "file"> | undefined {
  if (!wsusSite) return undefined;
  const site = siteOf(f);
  if (!site) return otherPorts(f, wsusSite, identity);
  if (wsusSite.keys.includes(site.key)) return undefined;
  if (!wsusSite.configured && wsusRequests(f.partial) > 0) return undefined;
  return {
    why: "site",
    reason: `another site's log (${site.label}; the WSUS site is ${wsusSite.label}${wsusSite.where}${wsusSite.disagreement ? `, though ${wsusSite.disagreement}` : ""}): not counted`,
  };
}

/**
 * A log that names no site (no W3SVC<n> folder, no s-sitename): another site's when every port it
 * was requested on (s-port) is none of the WSUS site's bindings in applicationHost.config, or,
 * without it, none of the ports the Setup registry export gives (PortNumber, UsingSSL).
 */
function otherPorts(
  f: LogFile,
  wsusSite: SiteKey,
  identity: WsusIdentity,
): Omit<NotCountedLog, "file"> | undefined {
  const sitePorts = identity.site?.ports ?? identity.setup?.ports ?? [];
  if (!wsusSite.configured) return undefined;
  const ports = f.partial.ports.filter((p) => p.requests > 0).map((p) => p.port);
  if (sitePorts.length === 0 || ports.length === 0 || ports.some((p) => sitePorts.includes(p)))
    return undefined;
  return {
    why: "site",
    reason: `another site's log (s-port ${ports.join(", ")}; the WSUS site ${wsusSite.label} listens on ${sitePorts.join(", ")}${wsusSite.where}): not counted`,
  };
}

/**
 * Another server's log: its lines name a computer (s-computername) that is not the WSUS server of
 * bundle.json, or its server addresses (s-ip) are none of the WSUS server's known addresses (the
 * address bundle.json names, or the WSUS site's bindings to a specific address). A host name is
 * never compared with an address: without DNS that cannot be decided.
 */
function otherServer(f: LogFile, identity: WsusIdentity): Omit<NotCountedLog, "file"> | undefined {
  const server = identity.server?.trim();
  const serverIsAddress = server !== undefined && isAddress(server);
  const computers = f.partial.computers.filter((c) => c.requests > 0).map((c) => c.name);
  if (server && !serverIsAddress && computers.length > 0) {
    const host = firstLabel(server);
    if (!computers.some((c) => firstLabel(c) === host))
      return {
        why: "server",
        reason: `another server's log (s-computername ${computers.join(", ")}; the WSUS server is ${server} in bundle.json): not counted`,
      };
    return undefined;
  }
  const known = [...(serverIsAddress ? [server.toLowerCase()] : []), ...(identity.site?.bindingIps ?? [])];
  const addresses = f.partial.serverAddresses
    .filter((s) => s.requests > 0 && !isLoopback(s.ip))
    .map((s) => s.ip.toLowerCase());
  if (known.length === 0 || addresses.length === 0) return undefined;
  if (addresses.some((ip) => known.includes(ip))) return undefined;
  const whose = serverIsAddress
    ? `the WSUS server is ${server} in bundle.json`
    : `the WSUS site is bound to ${known.join(", ")} in applicationHost.config`;
  return {
    why: "server",
    reason: `another server's log (s-ip ${addresses.slice(0, 5).join(", ")}; ${whose}): not counted`,
  };
}

function firstLabel(name: string): string {
  return name.trim().toLowerCase().split(".")[0]!;
}

function isAddress(value: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(value) || (value.includes(":") && /^[0-9a-f:.]+$/i.test(value));
}

function isLoopback(ip: string): boolean {
  return ip === "::1" || ip.startsWith("127.");
}

/**
 * Periods: the hours with requests, across the files, grouped where more than PERIOD_GAP_DAYS lie
 * between two of them. The latest period is judged; a file with no hour in it is not counted. A
 * file with hours in the latest period and an earlier one is counted whole (its aggregates cannot
 * be split) and named in `spansPeriods`. Files without a request stay counted (they change no rate).
 */
function latestPeriod<F extends LogFile>(
  files: readonly F[],
): { counted: F[]; periods: IisLogPeriod[]; earlier: NotCountedLog[]; spansPeriods: string[] } {
  const hoursOf = (f: LogFile): number[] => requestHours(f.partial);
  const all = [...new Set(files.flatMap(hoursOf))].sort((a, b) => a - b);
  const groups: { first: number; last: number }[] = [];
  for (const hour of all) {
    const group = groups.at(-1);
    if (group && hour - group.last <= PERIOD_GAP_DAYS * 24) group.last = hour;
    else groups.push({ first: hour, last: hour });
  }
  const periodOf = (hour: number): number => groups.findIndex((g) => hour >= g.first && hour <= g.last);
  const latest = groups.length - 1;
  const touched = new Map<F, Set<number>>(files.map((f) => [f, new Set(hoursOf(f).map(periodOf))]));
  const days = (g: { first: number; last: number }): string =>
    `${isoDay(g.first * 3600)} – ${isoDay(g.last * 3600)}`;
  const periods = groups.map((g, i) => ({
    first: isoDay(g.first * 3600),
    last: isoDay(g.last * 3600),
    files: files.filter((f) => touched.get(f)!.has(i)).length,
    counted: i === latest,
  }));
  if (groups.length < 2) return { counted: [...files], periods, earlier: [], spansPeriods: [] };
  const counted: F[] = [];
  const earlier: NotCountedLog[] = [];
  const spansPeriods: string[] = [];
  for (const f of files) {
    const its = touched.get(f)!;
    if (its.size === 0 || its.has(latest)) {
      counted.push(f);
      if (its.size > 1) spansPeriods.push(f.file);
      continue;
    }
    earlier.push({
      file: f.file,
      why: "time",
      reason: `an earlier period (${days(groups[Math.max(...its)]!)}), more than ${PERIOD_GAP_DAYS} days before the latest logs (${days(groups[latest]!)}): only the latest period is judged, not counted`,
    });
  }
  return { counted, periods, earlier, spansPeriods };
}

/** The hours a file has requests in (epoch hours), as periods are made of; its first and last
 *  request's hours when it has no hourly counts. */
export function requestHours(partial: PartialW3c): number[] {
  const hours = partial.hours.filter((h) => h.total > 0).map((h) => h.hour);
  if (hours.length > 0) return hours;
  const { first, last } = partial;
  return first !== undefined && last !== undefined ? [Math.floor(first / 3600), Math.floor(last / 3600)] : [];
}

/** Hours close enough to be one period, where nothing between them is needed to join them. */
export function isOnePeriod(sortedHours: readonly number[]): boolean {
  return sortedHours.every((h, i) => i === 0 || h - sortedHours[i - 1]! <= PERIOD_GAP_DAYS * 24);
}

/**
 * Everything the site and server tests (otherSite, otherServer) read of a file: files of equal
 * signatures are counted alike, or not counted alike, unless their periods differ.
 */
export function scopeSignature(f: LogFile): string {
  const site = siteOf(f);
  const { partial } = f;
  return JSON.stringify([
    site?.key ?? null,
    site?.label ?? null,
    wsusRequests(partial) > 0,
    partial.ports.filter((p) => p.requests > 0).map((p) => p.port),
    partial.computers.filter((c) => c.requests > 0).map((c) => c.name),
    partial.serverAddresses.filter((s) => s.requests > 0 && !isLoopback(s.ip)).map((s) => s.ip.toLowerCase()),
  ]);
}

function isoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function summary(
  total: number,
  counted: number,
  notCounted: readonly NotCountedLog[],
  periods: readonly IisLogPeriod[],
  spansPeriods: readonly string[],
): string {
  const spans =
    spansPeriods.length > 0
      ? `; ${spansPeriods.length} ${spansPeriods.length === 1 ? "file holds" : "files hold"} requests of the latest and an earlier period and ${spansPeriods.length === 1 ? "is" : "are"} counted whole (${spansPeriods.join(", ")})`
      : "";
  if (notCounted.length === 0)
    return `all ${total} IIS log ${total === 1 ? "file is" : "files are"} counted${spans}`;
  const by = (why: NotCountedLog["why"]): number => notCounted.filter((n) => n.why === why).length;
  const parts = [
    by("site") ? `${by("site")} another site's` : "",
    by("server") ? `${by("server")} another server's` : "",
    by("time") ? `${by("time")} of an earlier period` : "",
  ].filter(Boolean);
  const periodNote =
    periods.length > 1
      ? `; the logs cover ${periods.length} periods (${periods.map((p) => `${p.first} – ${p.last}`).join(", ")}) and only the latest is judged`
      : "";
  return `${counted} of ${total} IIS log files counted; not counted: ${parts.join(", ")}${periodNote}${spans}`;
}
