/**
 * The Reason Code of NPS events 6273 (denied) and 6274 (discarded). XML exports name it
 * (`ReasonCode`); rendered messages (CSV, wevtutil text) are read by position, and the position
 * differs by Windows version: Server 2008 ends with "Reason Code %25, Reason %26", later versions
 * drop OS-Version and add "Logging Results" before them. In both the code is the second-to-last
 * field and the (localised) reason text the last, so that is where it is read — never by label.
 */
/** The event's values by EventData name and by position (the shape event-fields.ts reads). */
interface EventValues {
  byName?: Map<string, string>;
  byPosition?: string[];
}

const WITH_REASON = new Set([6273, 6274]);

export function eventReasonCode(eventId: number, fields: EventValues): number | undefined {
  if (!WITH_REASON.has(eventId)) return undefined;
  const named = fields.byName?.get("ReasonCode");
  if (named !== undefined) return code(named);
  const values = fields.byPosition ?? [];
  return code(values[values.length - 2]);
}

function code(text: string | undefined): number | undefined {
  const trimmed = text?.trim() ?? "";
  return /^\d{1,5}$/.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * A rendered 6273/6274 of Server 2012 and later, laid out as Server 2008's so positions %8–%26 mean
 * the same: the later message has no OS-Version (%8) and a "Logging Results" line before Reason
 * Code. Told apart by that line: free text where Server 2008 has the Account Session Identifier
 * (hex or "-").
 */
export function deniedLayoutAs2008(eventId: number, values: string[] | undefined): string[] | undefined {
  if (!values || !WITH_REASON.has(eventId) || values.length !== 26) return values;
  const beforeCode = values[23]?.trim() ?? "";
  if (beforeCode === "-" || /^(?:0x)?[0-9a-f]*$/i.test(beforeCode) || !/\s/.test(beforeCode)) return values;
  return [...values.slice(0, 7), "", ...values.slice(7, 23), ...values.slice(24)];
}
