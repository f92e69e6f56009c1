/**
 * `wevtutil qe Application /f:text` (knowledge/event-log.md §4, layout reconstructed, best effort):
 * blocks starting `Event[n]:`, indented `Label: value` lines, then `Description:` followed by the
 * message up to the next block. Labels may be localised; English and German are known.
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../types.js";
import { EventAccumulator, badRecord, type ParsedEvent } from "./accumulator.js";
import { parseExportDate } from "./dates.js";
import { finish } from "./eventviewer-csv.js";
import type { EventLogFragment } from "./facts.js";
import { levelFromText } from "./levels.js";
import { ProblemLog } from "./problems.js";

export const KIND = "eventlog-wevtutil-text";

const BLOCK_START = /^Event\[\d+\]:\s*$/;
const FIELD = /^\s+([^:]+?):\s?(.*)$/;

type Field = "logName" | "source" | "date" | "eventId" | "level" | "computer" | "description";

const LABELS: Record<string, Field> = {
  "log name": "logName",
  source: "source",
  date: "date",
  "event id": "eventId",
  level: "level",
  computer: "computer",
  description: "description",
  // de [unverified]
  quelle: "source",
  datum: "date",
  "ereignis-id": "eventId",
  ebene: "level",
  beschreibung: "description",
};

interface Block {
  line: number;
  fields: Partial<Record<Field, string>>;
  message: string[];
  inDescription: boolean;
}

export const wevtutilTextCollector: Collector<EventLogFragment> = {
  kind: KIND,
  source: "eventlog",
  label: "Application log, wevtutil text (wevtutil qe /f:text)",
  howToCollect:
    "wevtutil qe Application /q:\"*[System[Provider[@Name='Windows Server Update Services']]]\" /f:text /uni:true > wsus-events.txt",
  detect(probe: Probe): number {
    const lines = probe.head.split(/\r\n|\n|\r/, 4);
    if (!BLOCK_START.test(lines[0] ?? "")) return 0;
    return lines.slice(1).some((line) => FIELD.test(line)) ? 90 : 50;
  },
  async collect(file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<EventLogFragment>> {
    const problems = new ProblemLog(context.limits.maxSamples);
    const events = new EventAccumulator(file.path, KIND, problems);
    let rejected = 0;
    let block: Block | undefined;
    const close = (): void => {
      if (!block) return;
      const result = toEvent(block);
      if (typeof result === "string") {
        rejected++;
        problems.add("unreadable event", badRecord(block.line, result));
      } else {
        if (!result.localDate) {
          problems.add(
            "unreadable date",
            badRecord(block.line, `Date "${block.fields.date ?? ""}" not understood.`),
          );
        }
        events.add(result);
      }
      block = undefined;
    };
    for await (const line of file.lines({ maxLineLength: context.limits.maxLineLength })) {
      if (BLOCK_START.test(line.text)) {
        close();
        block = { line: line.number, fields: {}, message: [], inDescription: false };
        continue;
      }
      if (!block) continue;
      if (block.inDescription) {
        block.message.push(line.text);
        continue;
      }
      const match = FIELD.exec(line.text);
      const field = match ? LABELS[(match[1] ?? "").trim().toLowerCase()] : undefined;
      if (!match || !field) continue;
      if (field === "description") {
        block.inDescription = true;
        if ((match[2] ?? "").trim() !== "") block.message.push(match[2] ?? "");
      } else {
        block.fields[field] = (match[2] ?? "").trim();
      }
    }
    close();
    return finish(events, rejected, problems, wevtutilTextCollector.label);
  },
};

function toEvent(block: Block): ParsedEvent | string {
  const idText = block.fields.eventId ?? "";
  if (!/^\d+$/.test(idText)) return `Event ID "${idText}" is not a number.`;
  const localDate = parseExportDate(block.fields.date);
  const event: ParsedEvent = {
    source: block.fields.source ?? "",
    eventId: Number(idText),
    level: levelFromText(block.fields.level),
    message: block.message.join("\n").trim(),
    line: block.line,
  };
  if (block.fields.level) event.levelText = block.fields.level;
  if (localDate) event.localDate = localDate;
  if (block.fields.computer) event.computer = block.fields.computer;
  if (block.fields.logName) event.channel = block.fields.logName;
  return event;
}
