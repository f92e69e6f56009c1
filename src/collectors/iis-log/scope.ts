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
import type { IisLogPeriod, IisLogScopeFacts, NotCountedLog } from "./facts.js";
import type { PartialW3c } from "./partial.js";

/** Logs further apart than this are separate periods; only the latest is judged. */
export const PERIOD_GAP_DAYS = 7;

/** What the rest of the bundle says about the WSUS site and server. */
export interface WsusIdentity {
  /** The WSUS site in applicationHost.config. */
  site?: { id: number; name: string; bindingIps: string[] };
  /** The WSUS server as bundle.json names it (host name, FQDN or address). */
  server?: string;
}

export function wsusIdentity(
  iisConfig: IisConfigFacts | undefined,
  server: string | undefined,
): WsusIdentity {
  const site = iisConfig?.site;
  return {
    ...(site
      ? {
          site: {
            id: site.id,
            name: site.name,
            bindingIps: site.bindings.map((b) => b.ip).filter((ip) => ip !== "*" && ip !== ""),
          },
        }
      : {}),
    ...(server ? { server } : {}),
  };
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
  const { counted, periods, earlier } = latestPeriod(ofServer);
  notCounted.push(...earlier);
  const otherSiteLines = files.reduce((n, f) => n + f.partial.sites.reduce((m, s) => m + s.notCounted, 0), 0);
  return {
    counted,
    scope: {
      ...(wsusSite ? { wsusSite: { name: wsusSite.label, from: wsusSite.from } } : {}),
      notCounted,
      periods,
      otherSiteLines,
      summary: summary(files.length, counted.length, notCounted, periods),
    },
  };
}

interface SiteKey {
  /** Lower-case names the site goes by: W3SVC<id>, and its name in applicationHost.config. */
  keys: string[];
  label: string;
  from: string;
  /** True: named by applicationHost.config (strict); false: guessed from the requests (lenient). */
  configured: boolean;
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
 * The WSUS site: applicationHost.config's; without it, the site of the files that request the
 * WSUS virtual directories (then only files that request none are another site's: two sites both
 * serving WSUS, as after a move from the Default Web Site, are both counted, not guessed apart).
 */
function wsusSiteKey(files: readonly LogFile[], identity: WsusIdentity): SiteKey | undefined {
  if (identity.site) {
    const { id, name } = identity.site;
    return {
      keys: [`w3svc${id}`, normalSite(name)],
      label: `W3SVC${id} (${name})`,
      from: "applicationHost.config",
      configured: true,
    };
  }
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
  if (!site || wsusSite.keys.includes(site.key)) return undefined;
  if (!wsusSite.configured && wsusRequests(f.partial) > 0) return undefined;
  const where = identity.site ? `${wsusSite.label} in applicationHost.config` : wsusSite.label;
  return {
    why: "site",
    reason: `another site's log (${site.label}; the WSUS site is ${where}): not counted`,
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
 * Files grouped into periods (a gap of more than PERIOD_GAP_DAYS between one file's last request
 * and the next file's first starts a new one). The latest period is judged; earlier ones are not
 * counted. Files without a request stay counted (they change no rate).
 */
function latestPeriod<F extends LogFile>(
  files: readonly F[],
): { counted: F[]; periods: IisLogPeriod[]; earlier: NotCountedLog[] } {
  const timed = files
    .filter((f) => f.partial.first !== undefined && f.partial.last !== undefined)
    .sort((a, b) => a.partial.first! - b.partial.first!);
  const groups: { first: number; last: number; files: F[] }[] = [];
  for (const f of timed) {
    const group = groups.at(-1);
    if (group && f.partial.first! - group.last <= PERIOD_GAP_DAYS * 86400) {
      group.files.push(f);
      group.last = Math.max(group.last, f.partial.last!);
    } else groups.push({ first: f.partial.first!, last: f.partial.last!, files: [f] });
  }
  const latest = groups.at(-1);
  const periods = groups.map((g) => ({
    first: isoDay(g.first),
    last: isoDay(g.last),
    files: g.files.length,
    counted: g === latest,
  }));
  if (groups.length < 2) return { counted: [...files], periods, earlier: [] };
  const dropped = new Set(groups.slice(0, -1).flatMap((g) => g.files));
  const earlier = groups.slice(0, -1).flatMap((g) =>
    g.files.map((f) => ({
      file: f.file,
      why: "time" as const,
      reason: `an earlier period (${isoDay(g.first)} – ${isoDay(g.last)}), more than ${PERIOD_GAP_DAYS} days before the latest logs (${isoDay(latest!.first)} – ${isoDay(latest!.last)}): only the latest period is judged, not counted`,
    })),
  );
  return { counted: files.filter((f) => !dropped.has(f)), periods, earlier };
}

function isoDay(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function summary(
  total: number,
  counted: number,
  notCounted: readonly NotCountedLog[],
  periods: readonly IisLogPeriod[],
): string {
  if (notCounted.length === 0) return `all ${total} IIS log ${total === 1 ? "file is" : "files are"} counted`;
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
  return `${counted} of ${total} IIS log files counted; not counted: ${parts.join(", ")}${periodNote}`;
}
