/**
 * Event levels: numeric (XML, .evtx, Get-WinEvent `Level`) or the name an export prints, which
 * Event Viewer localises (de "Informationen", "Fehler" [reported]; the others are best effort).
 */
import type { LevelName } from "./facts.js";

const BY_NUMBER: Record<number, LevelName> = {
  0: "Information", // LogAlways, shown as Information
  1: "Critical",
  2: "Error",
  3: "Warning",
  4: "Information",
  5: "Verbose",
};

const BY_TEXT: Record<string, LevelName> = {
  // en (Event Viewer, Get-WinEvent LevelDisplayName, Get-EventLog EntryType, wevtutil text)
  critical: "Critical",
  error: "Error",
  warning: "Warning",
  information: "Information",
  verbose: "Verbose",
  successaudit: "Information",
  failureaudit: "Error",
  // de
  kritisch: "Critical",
  fehler: "Error",
  warnung: "Warning",
  informationen: "Information",
  ausführlich: "Verbose",
  // fr
  critique: "Critical",
  erreur: "Error",
  avertissement: "Warning",
  commentaires: "Verbose",
  // es / it / nl, best effort
  crítico: "Critical",
  advertencia: "Warning",
  información: "Information",
  errore: "Error",
  avviso: "Warning",
  informazioni: "Information",
  fout: "Error",
  waarschuwing: "Warning",
  informatie: "Information",
};

export function levelFromNumber(value: number): LevelName {
  return BY_NUMBER[value] ?? "Unknown";
}

/** A level written as a number or a (possibly localised) name. */
export function levelFromText(text: string | undefined): LevelName {
  const trimmed = (text ?? "").trim();
  if (trimmed === "") return "Unknown";
  if (/^\d+$/.test(trimmed)) return levelFromNumber(Number(trimmed));
  return BY_TEXT[trimmed.toLowerCase()] ?? "Unknown";
}

/** Whether a level counts as an error for health checks; an unknown level leaves it to the event ID. */
export function isErrorLevel(level: LevelName): boolean {
  return level === "Error" || level === "Critical";
}
