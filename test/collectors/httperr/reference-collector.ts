/**
 * THE READER AS IT WAS BEFORE ISSUE 19 (frozen, test-only): the definition the fast reader in
 * src/collectors/httperr/collector.ts is compared with (httperr-equivalence.test.ts).
 *
 * Collector for HTTP.sys error logs (%SystemRoot%\System32\LogFiles\HTTPERR\httperrN.log).
 * Parsed by `#Fields` when present (one block per HTTP service start), else by the fixed order of
 * KB 820729. The files are small (1 MB each by default), so lines are read as text.
 */
import type { EvidenceFile } from "../../../src/bundle/types.js";
import {
  HTTPERR_CLIENT_LIMIT,
  type HttpErrClient,
  type HttpErrFragment,
} from "../../../src/collectors/httperr/collector.js";
import type { CollectorContext, CollectorOutput, Problem } from "../../../src/collectors/types.js";

/** KB 820729 order, for files without a `#Fields` directive. */
const DEFAULT_FIELDS =
  "date time c-ip c-port s-ip s-port cs-version cs-method cs-uri sc-status s-siteid s-reason s-queuename".split(
    " ",
  );
const MAX_PROBLEM_SAMPLES = 5;
/** An idle connection closed by HTTP.sys: normal, no sign of a client's trouble. */
const NORMAL_REASON = "Timer_ConnectionIdle";

export async function referenceCollectHttpErr(
  file: EvidenceFile,
  context: CollectorContext,
): Promise<CollectorOutput<HttpErrFragment>> {
  let fields = DEFAULT_FIELDS;
  let roles = rolesOf(fields);
  let blockDay: string | undefined;
  const reasons = new Map<string, HttpErrFragment["reasons"][number]>();
  const hours = new Map<string, HttpErrFragment["hours"][number]>();
  const samples: HttpErrFragment["samples"] = [];
  const sampled = new Map<string, number>();
  const clients = new Map<string, HttpErrClient>();
  let clientOverflow = 0;
  const problems: Problem[] = [];
  let rejected = 0;
  let unsampled = 0;
  let lines = 0;
  let entries = 0;
  let first: number | undefined;
  let last: number | undefined;
  for await (const { text, number } of file.lines({ maxLineLength: context.limits.maxLineLength })) {
    lines = number;
    if (text.trim() === "") continue;
    if (text.startsWith("#")) {
      const m = /^#\s*(\w+)\s*:\s?(.*)$/.exec(text);
      if (m?.[1]?.toLowerCase() === "fields") {
        fields = m[2]!.split(/\s+/).filter(Boolean);
        roles = rolesOf(fields);
      } else if (m?.[1]?.toLowerCase() === "date") blockDay = /^\d{4}-\d{2}-\d{2}/.exec(m[2]!.trim())?.[0];
      continue;
    }
    const values = text.split(" ");
    if (values.length === fields.length + 1 && values[values.length - 1] === "") values.pop();
    const date = roles.date >= 0 ? values[roles.date] : blockDay;
    const time = roles.time >= 0 ? values[roles.time] : undefined;
    const t = date && time ? Date.parse(`${date}T${time.slice(0, 8)}Z`) / 1000 : NaN;
    const reason = roles.reason >= 0 ? values[roles.reason] : undefined;
    if (values.length !== fields.length || !Number.isFinite(t) || !reason) {
      rejected++;
      if (problems.length < MAX_PROBLEM_SAMPLES) {
        problems.push({
          line: number,
          severity: "error",
          message: `line has ${values.length} values where its #Fields directive lists ${fields.length}, or no valid date, time and s-reason`,
          sample: text.slice(0, 300),
        });
      } else unsampled++;
      continue;
    }
    entries++;
    first = first === undefined ? t : Math.min(first, t);
    last = last === undefined ? t : Math.max(last, t);
    const queue = (roles.queue >= 0 ? values[roles.queue] : undefined) ?? "-";
    const statusText = roles.status >= 0 ? values[roles.status] : undefined;
    const status = statusText && /^\d{3}$/.test(statusText) ? Number(statusText) : -1;
    const key = `${reason}|${queue}|${status}`;
    const row = reasons.get(key);
    if (row) {
      row.count++;
      row.first = Math.min(row.first, t);
      row.last = Math.max(row.last, t);
    } else reasons.set(key, { reason, queue, status, count: 1, first: t, last: t });
    if (reason !== "Timer_ConnectionIdle") {
      const hour = Math.floor(t / 3600);
      const hourKey = `${hour}|${queue}|${reason}`;
      const h = hours.get(hourKey);
      if (h) h.count++;
      else hours.set(hourKey, { hour, queue, reason, count: 1 });
    }
    const ip = roles.cip >= 0 ? values[roles.cip] : undefined;
    if (ip && ip !== "-" && reason !== NORMAL_REASON) {
      const client = clients.get(ip);
      if (client) {
        client.count++;
        client.reasons[reason] = (client.reasons[reason] ?? 0) + 1;
        client.first = Math.min(client.first, t);
        if (t >= client.last) Object.assign(client, { last: t, line: number, text: text.slice(0, 500) });
      } else if (clients.size < HTTPERR_CLIENT_LIMIT) {
        clients.set(ip, {
          ip,
          count: 1,
          first: t,
          last: t,
          reasons: { [reason]: 1 },
          line: number,
          text: text.slice(0, 500),
        });
      } else clientOverflow++;
    }
    const sampleKey = `${reason}|${queue}`;
    const n = sampled.get(sampleKey) ?? 0;
    if (n < context.limits.maxSamples) {
      sampled.set(sampleKey, n + 1);
      samples.push({ reason, queue, line: number, text: text.slice(0, 500) });
    }
  }
  context.onProgress?.(file.size);
  if (unsampled > 0)
    problems.push({ severity: "error", message: `${unsampled} more malformed lines not shown` });
  if (entries === 0) {
    return { status: "skipped", reason: "no HTTP.sys error entries found", records: 0, rejected, problems };
  }
  return {
    status: "parsed",
    facts: {
      lines,
      entries,
      first,
      last,
      reasons: [...reasons.values()],
      hours: [...hours.values()],
      samples,
      clients: [...clients.values()],
      clientOverflow,
    },
    records: entries,
    rejected,
    problems,
  };
}

function rolesOf(fields: readonly string[]): {
  date: number;
  time: number;
  reason: number;
  queue: number;
  status: number;
  cip: number;
} {
  const at = (name: string): number => fields.findIndex((f) => f.toLowerCase() === name);
  return {
    date: at("date"),
    time: at("time"),
    reason: at("s-reason"),
    queue: at("s-queuename"),
    status: at("sc-status"),
    cip: at("c-ip"),
  };
}
