/**
 * Taking a policy server URL (WUServer / WUStatusServer) apart, the way the field mistakes of
 * knowledge/gpo.md §3.2 show up: no scheme (`wsus01:8530`, `$WSUSSERVER:8530`), spaces, a path
 * (`…/ClientWebService`), a lone trailing slash, a port that is not a number.
 * `valid` is false only for what makes a client fail for certain or by the guide's inference;
 * a lone trailing slash stays valid (its effect is unverified [?]) but is listed in `problems`.
 */
import type { PolicyUrl } from "./facts.js";

export function parsePolicyUrl(raw: string): PolicyUrl {
  const problems: string[] = [];
  const url: PolicyUrl = { raw, path: "", valid: false, problems };
  const text = raw.trim();
  if (text === "") {
    problems.push("empty");
    return url;
  }
  if (/\s/.test(raw)) problems.push("whitespace");
  const schemeMatch = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  let rest = text;
  if (schemeMatch) {
    url.scheme = schemeMatch[1]!.toLowerCase();
    if (url.scheme !== "http" && url.scheme !== "https") problems.push("bad-scheme");
    rest = text.slice(schemeMatch[0].length);
  } else {
    problems.push("no-scheme");
  }
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd < 0 ? "" : rest.slice(authorityEnd);
  const hostPort = /^(\[[^\]]+\]|[^:]*)(?::(.*))?$/.exec(authority.replace(/^[^@]*@/, ""));
  const host = hostPort?.[1] ?? "";
  if (host === "" || /[^a-z0-9._\-[\]:$%]/i.test(host)) problems.push("no-host");
  else url.host = host;
  const portText = hostPort?.[2];
  if (portText !== undefined) {
    if (/^\d{1,5}$/.test(portText) && Number(portText) > 0 && Number(portText) < 65536)
      url.port = Number(portText);
    else problems.push("bad-port");
  }
  const query = tail.search(/[?#]/);
  url.path = query < 0 ? tail : tail.slice(0, query);
  if (query >= 0) problems.push("query");
  if (url.path === "/") problems.push("trailing-slash");
  else if (url.path !== "") problems.push("path");
  if (url.scheme === "http" || url.scheme === "https")
    url.effectivePort = url.port ?? (url.scheme === "https" ? 443 : 80);
  url.valid = problems.every((problem) => problem === "trailing-slash");
  return url;
}

/** Same server? Case-insensitive; a short name matches the first label of an FQDN (DNS suffix search). */
export function sameHost(a: string, b: string): boolean {
  const left = a.toLowerCase().replace(/\.$/, "");
  const right = b.toLowerCase().replace(/\.$/, "");
  if (left === right) return true;
  const isIp = (host: string) => /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith("[");
  if (isIp(left) || isIp(right)) return false;
  const shortLeft = !left.includes(".");
  const shortRight = !right.includes(".");
  if (shortLeft !== shortRight) return left.split(".")[0] === right.split(".")[0];
  return false;
}

export function isIpLiteral(host: string): boolean {
  return /^\d+\.\d+\.\d+\.\d+$/.test(host) || host.startsWith("[");
}
