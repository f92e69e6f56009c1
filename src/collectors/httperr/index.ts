import { DEFAULT_LIMITS, type EvidenceSource } from "../types.js";
import type { HttpErrFacts } from "./facts.js";
import { httpErrCollector, type HttpErrClient, type HttpErrFragment } from "./collector.js";

/** Client addresses kept across all HTTPERR files. */
const CLIENT_LIMIT = 50_000;

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString().replace(".000Z", "Z");

export function mergeHttpErr(
  fragments: readonly { file: string; facts: HttpErrFragment }[],
  maxSamples = DEFAULT_LIMITS.maxSamples,
): HttpErrFacts {
  const reasons = new Map<string, HttpErrFragment["reasons"][number]>();
  const hours = new Map<string, HttpErrFragment["hours"][number]>();
  const samples: HttpErrFacts["samples"] = [];
  const sampled = new Map<string, number>();
  let first: number | undefined;
  let last: number | undefined;
  let entries = 0;
  const clients = new Map<string, HttpErrClient & { file: string }>();
  let clientOverflow = 0;
  for (const { file, facts } of fragments) {
    clientOverflow += facts.clientOverflow;
    for (const c of facts.clients) {
      const seen = clients.get(c.ip);
      if (!seen) {
        if (clients.size < CLIENT_LIMIT) clients.set(c.ip, { ...c, reasons: { ...c.reasons }, file });
        else clientOverflow += c.count;
        continue;
      }
      seen.count += c.count;
      seen.first = Math.min(seen.first, c.first);
      for (const [reason, n] of Object.entries(c.reasons))
        seen.reasons[reason] = (seen.reasons[reason] ?? 0) + n;
      if (c.last >= seen.last) Object.assign(seen, { last: c.last, line: c.line, text: c.text, file });
    }
    entries += facts.entries;
    if (facts.first !== undefined) first = Math.min(first ?? Infinity, facts.first);
    if (facts.last !== undefined) last = Math.max(last ?? -Infinity, facts.last);
    for (const r of facts.reasons) {
      const key = `${r.reason}|${r.queue}|${r.status}`;
      const seen = reasons.get(key);
      if (!seen) reasons.set(key, { ...r });
      else {
        seen.count += r.count;
        seen.first = Math.min(seen.first, r.first);
        seen.last = Math.max(seen.last, r.last);
      }
    }
    for (const h of facts.hours) {
      const key = `${h.hour}|${h.queue}|${h.reason}`;
      const seen = hours.get(key);
      if (seen) seen.count += h.count;
      else hours.set(key, { ...h });
    }
    for (const s of facts.samples) {
      const key = `${s.reason}|${s.queue}`;
      const n = sampled.get(key) ?? 0;
      if (n >= maxSamples) continue;
      sampled.set(key, n + 1);
      samples.push({ ...s, file });
    }
  }
  return {
    files: fragments.map(({ file, facts }) => ({
      file,
      lines: facts.lines,
      entries: facts.entries,
      first: facts.first === undefined ? undefined : iso(facts.first),
      last: facts.last === undefined ? undefined : iso(facts.last),
    })),
    window: {
      first: first === undefined ? undefined : iso(first),
      last: last === undefined ? undefined : iso(last),
    },
    entries,
    reasons: [...reasons.values()]
      .sort(
        (a, b) => a.reason.localeCompare(b.reason) || a.queue.localeCompare(b.queue) || a.status - b.status,
      )
      .map((r) => ({ ...r, first: iso(r.first), last: iso(r.last) })),
    hourly: [...hours.values()]
      .sort((a, b) => a.hour - b.hour || a.queue.localeCompare(b.queue) || a.reason.localeCompare(b.reason))
      .map((h) => ({ ...h, hour: iso(h.hour * 3600) })),
    samples,
    // most rejected first: the rows a bounded report keeps (report/bound-result.ts)
    clients: [...clients.values()]
      .sort((a, b) => b.count - a.count || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0))
      .map((c) => ({
        ip: c.ip,
        count: c.count,
        first: iso(c.first),
        last: iso(c.last),
        reasons: Object.entries(c.reasons)
          .map(([reason, count]) => ({ reason, count }))
          .sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
        file: c.file,
        line: c.line,
        text: c.text,
      })),
    clientOverflow,
  };
}

export const httpErrSource: EvidenceSource<HttpErrFragment, HttpErrFacts> = {
  name: "httpErr",
  collectors: [httpErrCollector],
  merge: (fragments) => mergeHttpErr(fragments),
};
