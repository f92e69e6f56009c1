/**
 * A `reg export "HKLM\SOFTWARE\Microsoft\Update Services\Server\Setup"` of the WSUS server, as
 * reg.exe writes it (UTF-16LE with a BOM, CRLF). Its IISTargetWebsiteIndex names the WSUS site when
 * applicationHost.config is not in the bundle (ADR 0019), so a W3SVC<other> folder is another site's.
 */
import type { Probe } from "../../bundle/types.js";
import { openRegExport, readValueLine, unreadableRegLine } from "../reg-text.js";
import type { Collector, CollectorOutput, Problem } from "../types.js";
import type { SetupValue, WsusSetupFacts } from "./facts.js";

export const SETUP_KEY_PATH = "HKLM\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup";
const SETUP_KEY = /^(?:HKEY_LOCAL_MACHINE|HKLM)\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup$/i;
const SETUP_KEY_IN_HEAD =
  /^\[(?:HKEY_LOCAL_MACHINE|HKLM)\\SOFTWARE\\Microsoft\\Update Services\\Server\\Setup[\]\\]/im;

export const HOW_TO_EXPORT_SETUP = `On the WSUS server: reg export "${SETUP_KEY_PATH}" C:\\Temp\\wsus-setup.reg /y`;

export function parseWsusSetup(text: string, file: string): CollectorOutput<WsusSetupFacts> {
  const opened = openRegExport(text);
  if ("failure" in opened) return opened.failure;
  const facts: WsusSetupFacts = { file };
  const problems: Problem[] = [];
  let inSetup = false;
  let sawSetup = false;
  let records = 0;
  let rejected = 0;
  for (const line of opened.lines) {
    const keyMatch = /^\[(-?)([^\]]+)\]$/.exec(line.text);
    if (keyMatch) {
      // only the key itself: its subkeys (Installed Role Services…) hold no value read here
      inSetup = keyMatch[1] !== "-" && SETUP_KEY.test(keyMatch[2]!);
      sawSetup ||= inSetup;
      continue;
    }
    const valueLine = readValueLine(line.text, opened.unicode);
    if (!valueLine) {
      rejected++;
      if (rejected <= 5) problems.push(unreadableRegLine(line));
      continue;
    }
    records++;
    const { name, data: decoded } = valueLine;
    if (!inSetup || decoded.deleted) continue;
    const at = <T>(value: T): SetupValue<T> => ({ value, line: line.line });
    const { value } = decoded;
    switch (name.toLowerCase()) {
      case "iistargetwebsiteindex":
        if (typeof value === "number") facts.siteId = at(value);
        break;
      case "portnumber":
        if (typeof value === "number") facts.port = at(value);
        break;
      case "usingssl":
        if (typeof value === "number") facts.ssl = at(value === 1);
        break;
      case "contentdir":
        if (typeof value === "string") facts.contentDir = at(value);
        break;
      case "sqlservername":
        if (typeof value === "string") facts.sqlServerName = at(value);
        break;
    }
  }
  if (!sawSetup)
    return {
      status: "skipped",
      reason: `the .reg file holds no ${SETUP_KEY_PATH} key. ${HOW_TO_EXPORT_SETUP}`,
      records,
      rejected,
      problems,
    };
  if (!facts.siteId)
    problems.push({
      severity: "warning",
      message:
        "no IISTargetWebsiteIndex value in the Setup key: the WSUS site's IIS log folder (W3SVC<id>) cannot be told from this export",
    });
  return { status: "parsed", facts, records, rejected, problems };
}

export const wsusSetupCollector: Collector<WsusSetupFacts> = {
  kind: "wsus-setup-registry",
  source: "wsusSetup",
  label:
    "Registry export (.reg) of the WSUS server's Setup key (IISTargetWebsiteIndex, PortNumber, UsingSSL, ContentDir)",
  readsWhole: true,
  howToCollect: HOW_TO_EXPORT_SETUP,
  detect(probe: Probe) {
    const head = probe.head.replace(/^\uFEFF/, "");
    if (!/^(Windows Registry Editor Version 5\.00|REGEDIT4)\s*(\r\n|\n|\r)/.test(head)) return 0;
    // Above the Group Policy reader's 20 for any .reg: this key is WSUS's own, not policy.
    return SETUP_KEY_IN_HEAD.test(head) ? 85 : 0;
  },
  async collect(file) {
    return parseWsusSetup(await file.readText(), file.path);
  },
};
