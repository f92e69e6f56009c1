/**
 * Strings kept past their record, made independent of it. A value read from an event is a slice of
 * the event's text (V8 keeps the whole parent string alive for a slice), so keeping a machine's
 * latest result kept its whole 1–5 KB event: 100,000 machines held ~340 MB (issue 19). Repeated
 * values (policies, OS versions, machine names) share one copy through a bounded table.
 */
const known = new Map<string, string>();
const LIMIT = 100_000;

/** The value as a string of its own (the same text), shared with earlier equal values. */
export function own(value: string): string;
export function own(value: string | undefined): string | undefined;
export function own(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const copy = known.get(value);
  if (copy !== undefined) return copy;
  if (known.size >= LIMIT) known.clear();
  // Buffer round trip: a new flat string, not a slice or a rope over the old one
  const fresh = Buffer.from(value, "utf8").toString("utf8");
  known.set(fresh, fresh);
  return fresh;
}
