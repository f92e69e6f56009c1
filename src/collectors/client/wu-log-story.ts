/**
 * Reads the lines of a WindowsUpdate.log (either format) for what matters when a client does not report
 * (knowledge/client-logs.md §1.3, §2.4, §2.5): the server it is told to use, the URLs it really calls,
 * its identity, the error codes that END an operation, and its last successful scan and report.
 * `*FAILED*` lines in the middle of an operation are noise in healthy logs and are not errors here.
 */
import { formatWuCode, lookupWuCode } from "../../knowledge/wu-error-decode.js";
import type {
  ClientErrorRecord,
  ClientFragment,
  ClientOperation,
  ClientSetting,
  ClientSuccess,
  ClientTime,
} from "./facts.js";
import { bannerOffset, lineTime, type WuLogLine } from "./wu-log-lines.js";

/** A cheap first look: lines without any of these words say nothing this reader uses. */
const INTERESTING =
  /WSUS|URL|fail|FAILED|Exit code|hr ?=|PTError|SusClientId|DNS name|Found \d|uploaded|Logging initialized|round trips|Target group/i;

/** Lines that END an operation with a code (§1.3, §2.5): only these make an error. */
const OPERATION_END =
  /Exit code\s*=|failed to synchronize|SyncUpdates_WithRecovery failed|SyncServerUpdatesInternal fail|Sync of Updates|OnCallFailure|failed to upload events|WU client failed Searching|PTError:|Exceeded max server round trips|GetCookie failure|Failed to get cookie|failed to refresh cookie/i;
const CODE = /(?:\b0x|\b)([8C][0-9A-F]{7})\b/i;
const EXIT_SUCCESS = /Exit code\s*=\s*0x0{8}\b/i;
const SCAN_SUCCESS = /Found \d+ updates and \d+ categories in search/i;
const SCAN_COMPONENTS = /^(agent|comapi)$/i;
const REPORT_SUCCESS = /successfully uploaded \d+ events/i;
const REPORT_CONTEXT = /upload(?:ing)? events|reporting URL|ReportingWebService|Reporter/i;
const SERVER_URL = /Server URL\s*=\s*(\S+)/i;
const REPORT_URL = /reporting URL\s*=\s*(\S+)/i;
/** The classic agent's self-update check names the cab it could not fetch. */
const DOWNLOAD_URL = /DownloadFileInternal failed for (\S+?):? error/i;
const WSUS_SERVER = /^\W*WSUS server:\s*(.*)$/i;
const STATUS_SERVER = /^\W*WSUS status server:\s*(.*)$/i;
const TARGET_GROUP = /^\W*Target group:\s*(.*)$/i;
const NEW_CLIENT_ID =
  /(?:Created new random SusClientId|SusClientId\s*=)\s*\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/i;
const COOKIE_IDENTITY = /clientId\s*=\s*([^,]*),.*DNS name\s*=\s*(\S+)/i;
/** Microsoft's public update services: a call there is not a call to WSUS (§2.4). */
const MICROSOFT_HOST = /(^|\.)(microsoft\.com|windowsupdate\.com|update\.microsoft\.com|windows\.com)$/i;
/** The lines of one failed operation (several per scan) are counted once within this window. */
const SAME_FAILURE_MS = 60_000;

function settingValue(raw: string): string | null {
  const value = raw
    .replace(/\s*\((?:Changed|Unchanged)\)\s*$/i, "")
    .trim()
    .replace(/^"(.*)"$/, "$1");
  return value === "" || /^(<NULL>|\(null\))$/i.test(value) ? null : value;
}

export function hostOf(url: string): string | undefined {
  const match = /^[a-z]+:\/\/([^/:?#]+)/i.exec(url.trim());
  return match ? match[1]!.toLowerCase() : undefined;
}

/** `http://wsus01:8530/ClientWebService/client.asmx` → root `http://wsus01:8530`, service `ClientWebService`. */
export function splitServerUrl(url: string): { server: string; service?: string } {
  const match = /^([a-z]+:\/\/[^/?#]+)\/?([^/?#]*)/i.exec(url.trim());
  if (!match) return { server: url.trim() };
  return { server: match[1]!, ...(match[2] ? { service: match[2] } : {}) };
}

export function isMicrosoftUrl(url: string): boolean {
  const host = hostOf(url);
  return host !== undefined && MICROSOFT_HOST.test(host);
}

function timeMs(time: ClientTime): number {
  return Date.parse(time.zone === "utc" ? time.at : `${time.at}Z`);
}

export class WuLogStory {
  private offset: number | undefined;
  private scanUrl: string | undefined;
  private reportUrl: string | undefined;
  private readonly errors = new Map<string, ClientErrorRecord & { lastMs: number }>();
  private first: ClientTime | undefined;
  private lastLine: WuLogLine | undefined;
  private lastOffset: number | undefined;
  private wsusServer: ClientSetting | undefined;
  private statusServer: ClientSetting | undefined;
  private targetGroup: ClientSetting | undefined;
  private susClientId: ClientSetting | undefined;
  private dnsName: string | undefined;
  private lastScanSuccess: ClientSuccess | undefined;
  private lastReportSuccess: ClientSuccess | undefined;
  records = 0;

  constructor(private readonly file: string) {}

  /** Feed one parsed line, in file order. */
  add(line: WuLogLine, number: number): void {
    this.records++;
    if (this.first === undefined) this.first = lineTime(line, this.offset);
    this.lastLine = line;
    this.lastOffset = this.offset;
    if (!INTERESTING.test(line.text)) return;
    const banner = bannerOffset(line.text);
    if (banner !== undefined) {
      this.offset = banner;
      if (this.records === 1) this.first = lineTime(line, banner);
      return;
    }
    this.readSettings(line, number);
    this.readUrls(line.text);
    this.readOutcome(line, number);
  }

  private setting(raw: string, line: WuLogLine, number: number): ClientSetting {
    return { value: settingValue(raw), file: this.file, line: number, time: lineTime(line, this.offset) };
  }

  private readSettings(line: WuLogLine, number: number): void {
    const text = line.text;
    let match: RegExpExecArray | null;
    if ((match = STATUS_SERVER.exec(text))) this.statusServer = this.setting(match[1]!, line, number);
    else if ((match = WSUS_SERVER.exec(text))) this.wsusServer = this.setting(match[1]!, line, number);
    else if ((match = TARGET_GROUP.exec(text))) this.targetGroup = this.setting(match[1]!, line, number);
    else if ((match = NEW_CLIENT_ID.exec(text))) this.susClientId = this.setting(match[1]!, line, number);
    else if ((match = COOKIE_IDENTITY.exec(text))) {
      this.dnsName = match[2]!.replace(/[,.]$/, "");
      const id = match[1]!.trim();
      if (id) this.susClientId = this.setting(id, line, number);
    }
  }

  private readUrls(text: string): void {
    const report = REPORT_URL.exec(text);
    if (report) this.reportUrl = report[1]!.replace(/[,;]$/, "");
    else {
      const scan = SERVER_URL.exec(text) ?? DOWNLOAD_URL.exec(text);
      if (scan) this.scanUrl = scan[1]!.replace(/[,;]$/, "");
    }
  }

  private operationOf(line: WuLogLine): ClientOperation {
    if (/^(report|reporter)$/i.test(line.component) || REPORT_CONTEXT.test(line.text)) return "report";
    if (/^(dnldmgr|downloadmanager|dwnldmgr)$/i.test(line.component)) return "download";
    return "scan";
  }

  /** The server an operation went to: the URL last named for it, else the configured WSUS server. */
  private serverFor(operation: ClientOperation): { server?: string; service?: string; toWsus?: boolean } {
    const url =
      operation === "report"
        ? (this.reportUrl ?? this.statusServer?.value ?? this.wsusServer?.value)
        : (this.scanUrl ?? this.wsusServer?.value);
    if (url) return { ...splitServerUrl(url), toWsus: !isMicrosoftUrl(url) };
    if (this.wsusServer && this.wsusServer.value === null) return { toWsus: false };
    return {};
  }

  private readOutcome(line: WuLogLine, number: number): void {
    const text = line.text;
    if (REPORT_SUCCESS.test(text)) {
      this.lastReportSuccess = this.success(line, number, "report");
      return;
    }
    if (SCAN_SUCCESS.test(text) || (EXIT_SUCCESS.test(text) && SCAN_COMPONENTS.test(line.component))) {
      const target = this.serverFor("scan");
      if (target.toWsus !== false) this.lastScanSuccess = this.success(line, number, "scan");
      return;
    }
    if (!OPERATION_END.test(text)) return;
    const code = CODE.exec(text);
    if (!code) return;
    this.addError(Number.parseInt(code[1]!, 16) >>> 0, line, number);
  }

  private success(line: WuLogLine, number: number, operation: ClientOperation): ClientSuccess {
    const { server } = this.serverFor(operation);
    return {
      file: this.file,
      line: number,
      time: lineTime(line, this.offset),
      ...(server ? { server } : {}),
      text: line.text.trim().slice(0, 300),
    };
  }

  private addError(value: number, line: WuLogLine, number: number): void {
    const operation = this.operationOf(line);
    const target = this.serverFor(operation);
    const known = lookupWuCode(value);
    const code = formatWuCode(value);
    const key = `${code}|${operation}|${target.server ?? ""}`;
    const time = lineTime(line, this.offset);
    const ms = timeMs(time);
    const seen = this.errors.get(key);
    if (seen) {
      if (!(ms - seen.lastMs <= SAME_FAILURE_MS)) seen.count++;
      if (target.service) seen.service = target.service;
      seen.lastMs = ms;
      seen.last = time;
      seen.line = number;
      seen.text = line.text.trim().slice(0, 300);
      return;
    }
    this.errors.set(key, {
      code,
      ...(known ? { symbol: known.symbol, meaning: known.meaning } : {}),
      category: known?.category ?? "unknown",
      operation,
      ...target,
      count: 1,
      first: time,
      last: time,
      file: this.file,
      line: number,
      text: line.text.trim().slice(0, 300),
      lastMs: ms,
    });
  }

  /** The computer name the log itself states (the SimpleAuth cookie's `DNS name =`), if any. */
  get computerName(): string | undefined {
    return this.dnsName;
  }

  result(kind: ClientFragment["kind"]): ClientFragment {
    const optional = <K extends string, V>(key: K, value: V | undefined) =>
      (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
    return {
      kind,
      file: this.file,
      records: this.records,
      ...optional("first", this.first),
      ...optional("last", this.lastLine ? lineTime(this.lastLine, this.lastOffset) : undefined),
      ...optional("wsusServer", this.wsusServer),
      ...optional("statusServer", this.statusServer),
      ...optional("targetGroup", this.targetGroup),
      ...optional("susClientId", this.susClientId),
      errors: [...this.errors.values()].map(({ lastMs: _lastMs, ...error }) => error),
      ...optional("lastScanSuccess", this.lastScanSuccess),
      ...optional("lastReportSuccess", this.lastReportSuccess),
    };
  }
}
