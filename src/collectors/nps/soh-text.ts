/**
 * The text form of SoH results shown in the seed's two examples: `Machine <name> was quarantined.`,
 * then `Key = value` lines (a key with an empty value continues on the next line), then
 * `Quarantine-System-Health-Result =` and the validator result. One or many entries per file;
 * text between entries (e.g. a pasted document) is ignored.
 */
import type { EvidenceFile, Probe } from "../../bundle/types.js";
import type { Collector, CollectorContext, CollectorOutput } from "../types.js";
import type { NapState, NpsFragment } from "./facts.js";
import { NpsFragmentBuilder } from "./fragment.js";
import {
  decodeAccountSessionId,
  identifyMachine,
  parseQuarantineSessionId,
  presentValue,
} from "./identity.js";
import { ProblemLog } from "./problems.js";
import { finishRead } from "./finish-read.js";
import type { NpsRecord } from "./record.js";
import { ShvResultParser } from "./shv-result.js";

const MACHINE_LINE = /^\s*Machine\s+(\S.*?)\s+was\s+(.+?)\.?\s*$/;
const KEY_LINE = /^\s*([A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+|OS-Version)\s*=\s?(.*)$/;
const HEALTH_KEY = /^Quarantine-System-Health-Result$/i;
/** Keys that may start an entry when the `Machine … was …` line is missing. */
const STARTING_KEYS =
  /^(?:OS-Version|Fully-Qualified-Machine-Name|Quarantine-Session-Identifier|Quarantine-System-Health-Result)$/i;

export function stateFromVerb(verb: string): NapState {
  if (/quarantin|restrict/i.test(verb)) return "restricted";
  if (/probation/i.test(verb)) return "probation";
  if (/full access/i.test(verb)) return "full-access";
  if (/denied/i.test(verb)) return "denied";
  return "unknown";
}

interface OpenEntry {
  line: number;
  machine?: string;
  verb?: string;
  values: Map<string, string>;
  lastKey?: string;
  health?: ShvResultParser;
}

export class SohTextReader {
  private entry: OpenEntry | undefined;
  readonly problems: ProblemLog;
  records = 0;
  rejected = 0;

  constructor(
    private readonly file: string,
    private readonly builder: NpsFragmentBuilder,
    samples: number,
  ) {
    this.problems = new ProblemLog(samples);
  }

  line(text: string, number: number): void {
    const open = this.entry;
    if (open?.health) {
      if (open.health.feed(text, number)) return;
      this.close();
    }
    const machine = MACHINE_LINE.exec(text);
    if (machine) {
      this.close();
      this.entry = { line: number, machine: machine[1], verb: machine[2], values: new Map() };
      return;
    }
    const key = KEY_LINE.exec(text);
    if (key) {
      const name = key[1]!;
      if (!this.entry) {
        if (!STARTING_KEYS.test(name)) return;
        this.entry = { line: number, values: new Map() };
      }
      const entry = this.entry;
      const value = key[2]!.trim();
      entry.values.set(name.toLowerCase(), value);
      entry.lastKey = name.toLowerCase();
      if (HEALTH_KEY.test(name)) {
        entry.health = new ShvResultParser((line) => MACHINE_LINE.test(line) || KEY_LINE.test(line));
        if (value) entry.health.feed(value, number);
      }
      return;
    }
    if (this.entry?.lastKey && text.trim() !== "") {
      // A value that wrapped onto the next line.
      const previous = this.entry.values.get(this.entry.lastKey) ?? "";
      this.entry.values.set(this.entry.lastKey, previous ? `${previous} ${text.trim()}` : text.trim());
    }
  }

  end(): void {
    this.close();
  }

  private close(): void {
    const entry = this.entry;
    this.entry = undefined;
    if (!entry) return;
    const blocks = entry.health?.finish() ?? [];
    for (const problem of entry.health?.problems ?? []) {
      this.problems.add(problem.message, { ...problem, severity: "warning" });
    }
    const get = (key: string): string | undefined => presentValue(entry.values.get(key.toLowerCase()));
    const quarantineSession = parseQuarantineSessionId(get("Quarantine-Session-Identifier"));
    const accountSession = decodeAccountSessionId(get("Account-Session-Identifier"));
    const session = quarantineSession ?? accountSession;
    const record: NpsRecord = {
      format: "soh-text",
      file: this.file,
      line: entry.line,
      identity: identifyMachine({
        machine: [entry.machine, get("Fully-Qualified-Machine-Name")],
        user: get("Fully-Qualified-User-Name"),
        callingStation: get("Calling-Station-Identifier"),
      }),
      time: quarantineSession?.time ?? accountSession?.time,
      policy: get("Policy-Name"),
      proxyPolicy: get("Proxy-Policy-Name"),
      osVersion: get("OS-Version"),
      state: entry.verb ? stateFromVerb(entry.verb) : "unknown",
      session: session
        ? { key: session.key, time: quarantineSession?.time ?? accountSession?.time }
        : undefined,
      sessionId: get("Quarantine-Session-Identifier"),
      shvBlocks: blocks,
    };
    const result = this.builder.addRecord(record);
    if (result) this.records++;
    else {
      this.rejected++;
      this.problems.add("entry without a readable Windows SHV result", {
        line: entry.line,
        message: "Entry has no readable Windows Security Health Validator result (no `(0x…-…)` codes).",
        sample: entry.machine ? `Machine ${entry.machine} was ${entry.verb ?? ""}` : undefined,
        severity: "warning",
      });
    }
  }
}

export const sohTextCollector: Collector<NpsFragment> = {
  kind: "nps-soh-text",
  source: "nps",
  label: "NPS statement-of-health results (text, as in the WSHV log entry examples)",
  howToCollect:
    "Copy the NPS/NAP quarantine entries (`Machine <name> was quarantined.` … `Quarantine-System-Health-Result =` …) into a .txt file, as shown in Event Viewer or the NPS log.",
  detect(probe: Probe): number {
    const head = probe.head;
    const hasResult = /Quarantine-System-Health-Result\s*=/.test(head);
    const hasCodes = /\(\s*0x[0-9a-f]+\s*-/i.test(head);
    if (/^\s*Machine\s+\S.*\s+was\s+\S.*$/m.test(head) && (hasResult || hasCodes)) return 92;
    if (hasResult && hasCodes) return 85;
    return 0;
  },
  async collect(file: EvidenceFile, context: CollectorContext): Promise<CollectorOutput<NpsFragment>> {
    const builder = new NpsFragmentBuilder();
    const reader = new SohTextReader(file.path, builder, context.limits.maxSamples);
    for await (const batch of file.lineBatches({ maxLineLength: context.limits.maxLineLength })) {
      for (const line of batch) {
        if (line.truncated) {
          reader.problems.add("line too long", {
            line: line.number,
            message: "Line longer than the limit; read cut.",
            sample: line.text.slice(0, 80),
            severity: "warning",
          });
        }
        reader.line(line.text, line.number);
      }
    }
    reader.end();
    return finishRead(
      reader,
      builder,
      reader.problems,
      "No Windows Security Health Validator result with `(0x…-…)` codes was found in the file.",
    );
  },
};
