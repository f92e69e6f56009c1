/**
 * Known header rows of Event Viewer "Save All Events As… CSV". The header names five columns; each
 * row has a sixth, unnamed one: the message (knowledge/event-log.md §2). de [reported], fr [unverified].
 */
export const EVENT_VIEWER_CSV_HEADERS: readonly { language: string; names: readonly string[] }[] = [
  { language: "en", names: ["Level", "Date and Time", "Source", "Event ID", "Task Category"] },
  { language: "de", names: ["Ebene", "Datum und Uhrzeit", "Quelle", "Ereignis-ID", "Aufgabenkategorie"] },
  {
    language: "fr",
    names: ["Niveau", "Date et heure", "Source", "ID de l'événement", "Catégorie de la tâche"],
  },
];

/** Column names of `Get-WinEvent | Export-Csv` and `Get-EventLog | Export-Csv` we read (§5). */
export const GET_WINEVENT_COLUMNS = ["Message", "Id", "Level", "ProviderName", "TimeCreated"] as const;
export const GET_EVENTLOG_COLUMNS = ["EventID", "EntryType", "Message", "Source", "TimeGenerated"] as const;

/** Splits a header line into its names (quotes removed): headers never hold commas inside names. */
export function headerNames(line: string): string[] {
  return line.split(",").map((name) =>
    name
      .trim()
      .replace(/^"(.*)"$/, "$1")
      .trim(),
  );
}

export function knownEventViewerHeader(line: string): string | undefined {
  const names = headerNames(line).map((name) => name.toLowerCase());
  if (names.length !== 5) return undefined;
  const match = EVENT_VIEWER_CSV_HEADERS.find((header) =>
    header.names.every((name, index) => name.toLowerCase() === names[index]),
  );
  return match?.language;
}
