/**
 * Authentication failures (401s) by vDir × status × sub-status × win32, with the client addresses
 * and the first few lines of each. On ApiRemoting30 a 401 is usually the console's NTLM/Negotiate
 * handshake, not a failure: such a 401 waits (per client) for an authenticated success within
 * HANDSHAKE_WINDOW_SECONDS, and only becomes a failure when none comes.
 */
import { HANDSHAKE_WINDOW_SECONDS, LOGON_FAILURE_WIN32 } from "../../../knowledge/iis-status.js";
import type { PartialAuthFailure, PartialLine, PendingHandshake } from "../partial.js";
import { MAX_FAILURE_CLIENTS } from "../partial.js";
import { decodeUtf8 } from "./bytes.js";
import type { AddressKeys } from "./addresses.js";
import { API_VDIR, type VdirEntry, type VdirTable } from "./vdirs.js";

/** ApiRemoting30 401s waiting at once; past this a 401 counts as a failure at once. */
const MAX_PENDING = 10_000;

interface FailureRow {
  vdir: number;
  status: number;
  sub: number;
  win32: number;
  count: number;
  first: number;
  last: number;
  group: { n: number };
  ips: Set<string>;
}

interface Pending {
  t: number;
  sub: number;
  win32: number;
  line: number;
  text: string;
  status: number;
}

/** A request line: what it asked and got, its number, and where its text is (decoded only when sampled or kept). */
export interface RequestLine {
  vdir: VdirEntry;
  status: number;
  sub: number;
  win32: number;
  t: number;
  ipKey: number;
  line: number;
  buf: Uint8Array;
  ls: number;
  le: number;
}

export class AuthFailures {
  consoleHandshakes = 0;
  readonly samples: PartialLine[] = [];
  private readonly rows = new Map<number, FailureRow>();
  private readonly groups = new Map<number, { n: number }>();
  private readonly pending = new Map<number, Pending[]>();
  private pendingCount = 0;

  constructor(
    private readonly addresses: AddressKeys,
    private readonly win32Key: (win32: number) => number,
    private readonly maxSamples: number,
  ) {}

  /** A 401 outside ApiRemoting30. */
  add(r: RequestLine): void {
    this.record(r.vdir, r.status, r.sub, r.win32, r.t, r.ipKey, r.line, r);
  }

  /** A request to ApiRemoting30; `authenticated` tells whether it names a user. */
  apiRemoting(r: RequestLine, authenticated: () => boolean): void {
    const { status, t, ipKey } = r;
    if (status === 401) {
      if (r.sub === 1 && LOGON_FAILURE_WIN32.includes(r.win32)) {
        this.add(r);
        return;
      }
      this.expirePending(ipKey, t, r.vdir);
      if (this.pendingCount >= MAX_PENDING) {
        this.add(r);
        return;
      }
      let list = this.pending.get(ipKey);
      if (list === undefined) {
        list = [];
        this.pending.set(ipKey, list);
      }
      list.push({ t, sub: r.sub, win32: r.win32, line: r.line, text: decodeUtf8(r.buf, r.ls, r.le), status });
      this.pendingCount++;
      return;
    }
    if (status < 200 || status >= 400) return;
    if (!authenticated()) return;
    const list = this.pending.get(ipKey);
    if (list === undefined) return;
    for (const p of list) {
      if (t - p.t <= HANDSHAKE_WINDOW_SECONDS) this.consoleHandshakes++;
      else this.addFromPending(r.vdir, p, ipKey);
    }
    this.pendingCount -= list.length;
    this.pending.delete(ipKey);
  }

  /**
   * At the end of the lines read: a 401 that waited longer than the window before `last` (the
   * latest time seen) is a failure; the others are handed on as pending (settleTails decides).
   */
  settle(last: number, vdirs: VdirTable): PendingHandshake[] {
    const tail: PendingHandshake[] = [];
    const api = vdirs.find(API_VDIR);
    for (const [ipKey, list] of this.pending) {
      for (const p of list) {
        if (api && last - p.t > HANDSHAKE_WINDOW_SECONDS) this.addFromPending(api, p, ipKey);
        else
          tail.push({
            ip: this.addresses.name(ipKey),
            t: p.t,
            vdir: API_VDIR,
            status: p.status,
            substatus: p.sub,
            win32: p.win32,
            line: p.line,
            text: p.text,
          });
      }
    }
    this.pending.clear();
    this.pendingCount = 0;
    return tail;
  }

  partial(vdirName: (idx: number) => string): PartialAuthFailure[] {
    return [...this.rows.values()].map((r) => ({
      vdir: vdirName(r.vdir),
      status: r.status,
      substatus: r.sub,
      win32: r.win32,
      count: r.count,
      first: r.first,
      last: r.last,
      clientIps: [...r.ips],
    }));
  }

  private expirePending(ipKey: number, t: number, vdir: VdirEntry): void {
    const list = this.pending.get(ipKey);
    if (list === undefined) return;
    const keep = list.filter((p) => {
      if (t - p.t <= HANDSHAKE_WINDOW_SECONDS) return true;
      this.addFromPending(vdir, p, ipKey);
      return false;
    });
    this.pendingCount -= list.length - keep.length;
    if (keep.length === 0) this.pending.delete(ipKey);
    else this.pending.set(ipKey, keep);
  }

  private addFromPending(vdir: VdirEntry, p: Pending, ipKey: number): void {
    this.record(vdir, p.status, p.sub, p.win32, p.t, ipKey, p.line, p.text);
  }

  private record(
    vdir: VdirEntry,
    status: number,
    sub: number,
    win32: number,
    t: number,
    ipKey: number,
    line: number,
    /** The line's text, or where it is (decoded only if sampled). */
    text: string | RequestLine,
  ): void {
    const key = ((vdir.idx * 1000 + status) * 10001 + (sub + 1)) * 1024 + this.win32Key(win32);
    let row = this.rows.get(key);
    if (row === undefined) {
      const groupKey = (vdir.idx * 1000 + status) * 10001 + (sub + 1);
      let group = this.groups.get(groupKey);
      if (group === undefined) {
        group = { n: 0 };
        this.groups.set(groupKey, group);
      }
      row = { vdir: vdir.idx, status, sub, win32, count: 0, first: t, last: t, group, ips: new Set() };
      this.rows.set(key, row);
    }
    row.count++;
    if (t < row.first) row.first = t;
    if (t > row.last) row.last = t;
    if (row.ips.size < MAX_FAILURE_CLIENTS) row.ips.add(this.addresses.name(ipKey));
    if (row.group.n < this.maxSamples) {
      row.group.n++;
      const sample = typeof text === "string" ? text : decodeUtf8(text.buf, text.ls, text.le);
      this.samples.push({ vdir: vdir.name, status, substatus: sub, win32, line, text: sample });
    }
  }
}
