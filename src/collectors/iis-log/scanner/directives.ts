/**
 * The directives in force: `#Fields` (re-read at every block and mapped by name, so the field order
 * may change mid-file), `#Date` (the day of a block whose lines have no `date`) and `#Software`.
 * The field count and each role's column live in the scanner memory's header, where the fast path
 * reads them.
 */
import type { Problem } from "../../types.js";
import type { ScannerMemory } from "../fast-path.js";
import { H_COMPUTER_COL, H_NFIELDS, H_ROLES } from "../memory-layout.js";
import { R_STATUS, R_TIME, ROLES, defaultFieldsFor, parseFieldsDirective, rolesOf } from "../w3c-fields.js";
import { forwardedForColumn } from "../forwarded-for.js";

/** A time of day that jumps back by more than this, in a block without `date`, is the next day. */
const DAY_ROLLOVER_JUMP = 12 * 3600;
const MAX_FIELD_SETS = 10;

export class Directives {
  /** Column of each role of w3c-fields.ts ROLES (-1: absent). */
  readonly roles: Int32Array;
  software: string | undefined;
  readonly fieldSets: string[] = [];
  /** Column of the block's X-Forwarded-For field (-1: none), and the first such field's name. */
  forwardedColumn = -1;
  forwardedField: string | undefined;
  /** Column of the block's s-computername field (-1: none). */
  computerColumn = -1;
  private count = 0;
  private readonly i32: Int32Array;
  private blockDay = -1;
  private lastSecs = -1;

  constructor(
    memory: ScannerMemory,
    private readonly problems: Problem[],
  ) {
    this.i32 = memory.i32;
    this.roles = this.i32.subarray(H_ROLES, H_ROLES + ROLES.length).fill(-1);
  }

  /** Values per line the `#Fields` in force lists (0 before any). */
  get fieldCount(): number {
    return this.count;
  }

  /** A directive line; `line` is its number in the file. */
  read(text: string, line: number): void {
    const match = /^#\s*([A-Za-z-]+)\s*:\s?(.*)$/.exec(text);
    if (!match) return;
    const name = match[1]!.toLowerCase();
    const value = match[2] ?? "";
    if (name === "fields") this.applyFields(value, line);
    else if (name === "date") this.applyDate(value);
    else if (name === "software" && this.software === undefined) this.software = value.trim();
  }

  /**
   * A data line before any `#Fields`: adopt the IIS default field set it fits (by its value count and
   * third value), noting so; false when it fits none.
   */
  adoptDefaults(valueCount: number, thirdValue: string, line: number): boolean {
    const fields = defaultFieldsFor(valueCount, thirdValue);
    if (!fields) return false;
    this.applyFields(fields.join(" "), line);
    this.problems.push({
      line,
      severity: "info",
      message: `no #Fields directive before this line: read with the default field set "${fields.join(" ")}"`,
    });
    return true;
  }

  /** The day of a line in a block without `date`: the block's `#Date`, plus one each time the clock jumps back. */
  blockDayAt(secs: number): number {
    let day = this.blockDay;
    if (day >= 0 && secs >= 0) {
      if (this.lastSecs >= 0 && secs < this.lastSecs - DAY_ROLLOVER_JUMP) this.blockDay = ++day;
      this.lastSecs = secs;
    }
    return day;
  }

  private applyFields(value: string, line: number): void {
    const fields = parseFieldsDirective(value);
    this.forwardedColumn = forwardedForColumn(fields);
    if (this.forwardedColumn >= 0) this.forwardedField ??= fields[this.forwardedColumn];
    this.count = fields.length;
    this.roles.set(rolesOf(fields));
    this.computerColumn = fields.findIndex((f) => f.toLowerCase() === "s-computername");
    this.i32[H_COMPUTER_COL] = this.computerColumn;
    // The fast path keys clients by c-ip alone: with -1 in its copy of the count it takes no line of
    // a block whose client is the forwarded-for address, and JavaScript reads them all.
    this.i32[H_NFIELDS] = this.forwardedColumn >= 0 ? -1 : fields.length;
    const joined = fields.join(" ");
    if (this.fieldSets.length < MAX_FIELD_SETS && !this.fieldSets.includes(joined))
      this.fieldSets.push(joined);
    if (this.roles[R_STATUS] === -1 || this.roles[R_TIME] === -1) {
      this.problems.push({
        line: line || undefined,
        severity: "warning",
        message: "#Fields lacks sc-status or time: the lines of this block cannot be aggregated",
        sample: value.slice(0, 200),
      });
    }
  }

  private applyDate(value: string): void {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value.trim());
    this.lastSecs = -1;
    if (!m) return;
    this.blockDay = Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86400000);
  }
}
