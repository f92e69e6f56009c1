/**
 * The `iisLog` fact built while the files are read (issue 19): each file's partial is folded into a
 * running union as soon as the file is read, and of the file itself only what scope and the file
 * list read is kept (sites, servers, ports, hours, counts: no clients, no samples). Memory is then one
 * file's client table plus the union's, whatever the number of daily logs; holding every file's table
 * until the end took 511 MB for 28 days of a 10,000-client site.
 *
 * Which files count is decided only at the end (the WSUS site may come from an applicationHost.config
 * later in the bundle; a period is known only once every file's hours are). So the union is kept in
 * runs: consecutive files that scope cannot tell apart — the same site, ports, server names and
 * addresses, and hours in one period whatever the other files add — share a run. At the end the runs
 * of the counted files are joined in file order: the union of the counted files, as finalizeIisLog
 * makes it from every partial at once (ADR 0025).
 */
import type { IisLogFacts } from "./facts.js";
import type { PartialW3c } from "./partial.js";
import { PartialMerger, completeFile, iisLogFacts } from "./merge.js";
import {
  PERIOD_GAP_DAYS,
  isOnePeriod,
  requestHours,
  scopeLogs,
  scopeSignature,
  type WsusIdentity,
} from "./scope.js";

interface ReadFile {
  file: string;
  /** The file's partial without its client table, samples, failure addresses or problems. */
  partial: PartialW3c;
}

interface Run {
  signature: string;
  /** The hours of its files, first and last; undefined for a run of files without requests. */
  hours?: { first: number; last: number };
  /** A file whose own hours lie in two periods: alone in its run (it may be counted when the others are not). */
  closed: boolean;
  files: ReadFile[];
  union: PartialMerger;
}

export class IisLogAccumulator {
  private readonly files: ReadFile[] = [];
  private readonly runs: Run[] = [];

  constructor(
    private readonly maxSamples: number,
    private readonly clientLimit: number,
  ) {}

  /** How many running unions are held: one for a site's consecutive daily logs. */
  get unions(): number {
    return this.runs.length;
  }

  /** A file's partial, in bundle order; it is not kept. */
  add(file: string, partial: PartialW3c): void {
    const read: ReadFile = { file, partial: scopeData(partial) };
    this.files.push(read);
    const signature = scopeSignature(read);
    const hours = requestHours(partial).sort((a, b) => a - b);
    const span = hours.length > 0 ? { first: hours[0]!, last: hours.at(-1)! } : undefined;
    const onePeriod = isOnePeriod(hours);
    let run = this.runs.at(-1);
    if (!run || !onePeriod || !joins(run, signature, span)) {
      run = {
        signature,
        ...(span ? { hours: { ...span } } : {}),
        closed: !onePeriod,
        files: [],
        union: new PartialMerger(this.maxSamples, this.clientLimit),
      };
      this.runs.push(run);
    } else if (run.hours && span) {
      run.hours.first = Math.min(run.hours.first, span.first);
      run.hours.last = Math.max(run.hours.last, span.last);
    }
    run.files.push(read);
    run.union.add(completeFile(partial, file, this.maxSamples));
  }

  /** The fact, once every file was added and the WSUS site is known. */
  finish(identity: WsusIdentity = {}): IisLogFacts {
    const { counted, scope } = scopeLogs(this.files, identity);
    const isCounted = new Set(counted);
    const all = new PartialMerger(this.maxSamples, this.clientLimit);
    for (const run of this.runs) {
      const n = run.files.filter((f) => isCounted.has(f)).length;
      if (n === run.files.length) all.add(run.union.result());
      else if (n > 0)
        throw new Error(
          `the IIS logs ${run.files.map((f) => f.file).join(", ")} were read as one group, but only some of them are counted`,
        );
    }
    return iisLogFacts(all.result(), counted, scope, this.clientLimit);
  }
}

/** A file joins the run before it when scope cannot tell them apart: the same signature, and hours that
 *  are one period with the run's (then no other file can put them in different periods). */
function joins(run: Run, signature: string, span: { first: number; last: number } | undefined): boolean {
  if (run.closed || run.signature !== signature) return false;
  if (!run.hours || !span) return !run.hours && !span;
  const gap = Math.max(run.hours.first, span.first) - Math.min(run.hours.last, span.last);
  return gap <= PERIOD_GAP_DAYS * 24;
}

/** What scope and the file list read of a partial; the tables that grow with clients are dropped. */
function scopeData(partial: PartialW3c): PartialW3c {
  return {
    ...partial,
    clients: [],
    authFailures: [],
    samples: [],
    authFailureSamples: [],
    tailPending: [],
    problems: [],
  };
}
