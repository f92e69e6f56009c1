/**
 * Whether the IIS logs can show a WSUS problem at all (issue 15, ADR 0018): an IIS check passes only
 * on logs that hold requests to the WSUS virtual directories. Another site's log (Outlook Web Access,
 * a WebDAV share) or a log whose every line was rejected says nothing about WSUS, so the IIS log
 * checks are "not evaluated" with the reason this fact gives.
 */
import type { Facts } from "../../collectors/facts.js";
import type { FactDefinition } from "../../engine/fact-definition.js";
import { canonicalVdir } from "../../knowledge/iis-vdirs.js";

export interface IisLogScope {
  /** The logs hold at least one request to a WSUS virtual directory. */
  observable: boolean;
  /** Requests read (usable records), and those to a WSUS virtual directory. */
  requests: number;
  wsusRequests: number;
  /** Lines that did not match their #Fields header. */
  rejected: number;
  /** The most requested other paths (first segment), for the reader to recognise the site. */
  otherPaths: string[];
  /** What the logs hold of WSUS, or why they cannot show a WSUS problem. */
  reason: string;
}

const WSUS_SITE_HINT =
  "the WSUS site's logs are in a W3SVC<siteID> folder; the site ID is in IIS Manager or HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup\\IISTargetWebsiteIndex";

export function iisLogScope(facts: Facts): IisLogScope {
  const log = facts.iisLog;
  const requests = log?.requests ?? 0;
  const rejected = log?.rejected ?? 0;
  const byPath = new Map<string, number>();
  let wsusRequests = 0;
  for (const response of log?.responses ?? []) {
    if (canonicalVdir(response.vdir)) wsusRequests += response.count;
    else byPath.set(response.vdir, (byPath.get(response.vdir) ?? 0) + response.count);
  }
  const otherPaths = [...byPath.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, 5)
    .map(([path]) => (path.startsWith("/") ? path : `/${path}`));
  const base = { requests, wsusRequests, rejected, otherPaths };
  const notCounted = log?.scope?.notCounted ?? [];
  if (requests === 0 && rejected === 0 && notCounted.length > 0)
    return {
      ...base,
      observable: false,
      reason: `no IIS log in the bundle counts for the WSUS site: ${notCountedReasons(notCounted)}`,
    };
  if (requests === 0)
    return {
      ...base,
      observable: false,
      reason: `the IIS logs hold no usable request (${rejected} ${rejected === 1 ? "line was" : "lines were"} rejected: they do not match the log's #Fields header), so they cannot show what the WSUS site answered`,
    };
  if (wsusRequests === 0) {
    const siteId = facts.iisConfig?.site?.id ?? facts.wsusSetup?.siteId?.value;
    const where = siteId ? `the WSUS site is W3SVC${siteId}` : WSUS_SITE_HINT;
    return {
      ...base,
      observable: false,
      reason: `the IIS logs hold no request to a WSUS virtual directory (${requests} requests, to ${otherPaths.join(", ")}): they may be another site's — ${where}`,
    };
  }
  const scope = log?.scope;
  const counted =
    scope && (notCounted.length > 0 || scope.spansPeriods.length > 0 || scope.disagreement)
      ? ` (${scope.summary})`
      : "";
  return {
    ...base,
    observable: true,
    reason: `${wsusRequests} of ${requests} requests read are to WSUS virtual directories${counted}`,
  };
}

/** The distinct reasons files were not counted, first three, with how many files each. */
function notCountedReasons(notCounted: readonly { reason: string }[]): string {
  const byReason = new Map<string, number>();
  for (const n of notCounted) byReason.set(n.reason, (byReason.get(n.reason) ?? 0) + 1);
  return [...byReason.entries()]
    .slice(0, 3)
    .map(([reason, files]) => (files > 1 ? `${files} files: ${reason}` : reason))
    .join("; ");
}

export const iisScopeFacts: FactDefinition[] = [
  {
    name: "iisLogScope",
    description:
      "Whether the IIS logs can show a WSUS problem: requests read, those to a WSUS virtual directory, lines rejected, and the reason when they cannot (another site's log, no usable line).",
    sources: ["iisLog"],
    returns:
      "{ observable: boolean; requests: number; wsusRequests: number; rejected: number; otherPaths: string[]; reason: string }",
    example: {
      observable: false,
      requests: 3,
      wsusRequests: 0,
      rejected: 0,
      otherPaths: ["/owa", "/exchange"],
      reason:
        "the IIS logs hold no request to a WSUS virtual directory (3 requests, to /owa, /exchange): they may be another site's — the WSUS site is W3SVC1",
    },
    compute: (facts) => iisLogScope(facts),
  },
];
