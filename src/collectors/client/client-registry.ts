/**
 * A `reg export` of the client's own Windows Update key, HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\
 * WindowsUpdate (knowledge/client-logs.md §5): its WSUS identity (SusClientId, SusClientIdValidation,
 * PingID, AccountDomainSid), the `Auto Update\Results\Detect|Download|Install` times, and, when the
 * same file also holds it, the policy key (WUServer, WUStatusServer, UseWUServer, TargetGroup).
 * Files that hold only the policy key stay with the Group Policy reader (gpo/reg-file.ts).
 */
import type { Probe } from "../../bundle/types.js";
import { openRegExport, readValueLine, unreadableRegLine } from "../reg-text.js";
import type { Collector, CollectorOutput, Problem } from "../types.js";
import { computerFromPath } from "./computer-name.js";
import type { ClientFragment, ClientSetting, RegistryResult } from "./facts.js";

const CLIENT_KEY =
  /^(?:HKEY_LOCAL_MACHINE|HKLM)\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate$/i;
const RESULTS_KEY = /\\WindowsUpdate\\Auto Update\\Results\\(Detect|Download|Install)$/i;
const POLICY_KEY =
  /^(?:HKEY_LOCAL_MACHINE|HKLM)\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate(\\AU)?$/i;
const CLIENT_KEY_IN_HEAD =
  /^\[(?:HKEY_LOCAL_MACHINE|HKLM)\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate[\]\\]/im;

type KeyRole = "client" | "results" | "policy" | "policy-au" | "other";

function roleOf(path: string): { role: KeyRole; results?: RegistryResult["key"] } {
  if (CLIENT_KEY.test(path)) return { role: "client" };
  const results = RESULTS_KEY.exec(path);
  if (results) {
    const name = results[1]!.toLowerCase();
    return { role: "results", results: (name[0]!.toUpperCase() + name.slice(1)) as RegistryResult["key"] };
  }
  const policy = POLICY_KEY.exec(path);
  if (policy) return { role: policy[1] ? "policy-au" : "policy" };
  return { role: "other" };
}

export function parseClientRegistry(text: string, file: string): CollectorOutput<ClientFragment> {
  const problems: Problem[] = [];
  const opened = openRegExport(text);
  if ("failure" in opened) return opened.failure;
  const { lines, unicode } = opened;
  const fragment: ClientFragment = { kind: "client-registry", file, records: 0, errors: [] };
  const registry: NonNullable<ClientFragment["registry"]> = { susClientIdValidation: false, results: [] };
  let key: ReturnType<typeof roleOf> = { role: "other" };
  let result: RegistryResult | undefined;
  let sawClientKey = false;
  let rejected = 0;
  for (const line of lines) {
    const keyMatch = /^\[(-?)([^\]]+)\]$/.exec(line.text);
    if (keyMatch) {
      key = keyMatch[1] === "-" ? { role: "other" } : roleOf(keyMatch[2]!);
      sawClientKey ||= key.role === "client";
      result = key.results ? { key: key.results, file, line: line.line } : undefined;
      if (result) registry.results.push(result);
      continue;
    }
    const valueLine = readValueLine(line.text, unicode);
    if (!valueLine) {
      rejected++;
      if (rejected <= 5) problems.push(unreadableRegLine(line));
      continue;
    }
    fragment.records++;
    const { name, data: decoded } = valueLine;
    if (decoded.deleted) continue;
    const setting = <T>(value: T | null): ClientSetting<T> => ({ value, file, line: line.line });
    const valueName = name.toLowerCase();
    const text = typeof decoded.value === "string" ? decoded.value : undefined;
    if (key.role === "client") {
      if (valueName === "susclientid" && text !== undefined)
        fragment.susClientId = setting(text.trim() || null);
      else if (valueName === "susclientidvalidation") registry.susClientIdValidation = true;
      else if (valueName === "pingid" && text !== undefined) registry.pingId = text;
      else if (valueName === "accountdomainsid" && text !== undefined) registry.accountDomainSid = text;
    } else if (key.role === "results" && result) {
      if (valueName === "lastsuccesstime" && text !== undefined) result.lastSuccessTime = text;
      else if (valueName === "lasterror" && typeof decoded.value === "number")
        result.lastError = "0x" + (decoded.value >>> 0).toString(16).toUpperCase().padStart(8, "0");
    } else if (key.role === "policy") {
      if (valueName === "wuserver" && text !== undefined) fragment.wsusServer = setting(text.trim() || null);
      else if (valueName === "wustatusserver" && text !== undefined)
        fragment.statusServer = setting(text.trim() || null);
      else if (valueName === "targetgroup" && text !== undefined) fragment.targetGroup = setting(text);
    } else if (key.role === "policy-au" && valueName === "usewuserver" && typeof decoded.value === "number") {
      fragment.useWsus = setting(decoded.value);
    }
  }
  if (!sawClientKey) {
    return {
      status: "skipped",
      reason:
        "the .reg file holds no HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate key. Export it on the client: reg export HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate %COMPUTERNAME%-wu-client.reg",
      records: fragment.records,
      rejected,
      problems,
    };
  }
  const computer = computerFromPath(file);
  return {
    status: "parsed",
    facts: { ...fragment, registry, ...(computer ? { computer: { name: computer, from: "path" } } : {}) },
    records: fragment.records,
    rejected,
    problems,
  };
}

export const clientRegistryCollector: Collector<ClientFragment> = {
  kind: "client-registry",
  source: "client",
  label: "Registry export (.reg) of the client's Windows Update key (SusClientId, Results)",
  readsWhole: true,
  howToCollect:
    "On the client: reg export HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate C:\\Temp\\%COMPUTERNAME%-wu-client.reg /y",
  detect(probe: Probe) {
    const head = probe.head.replace(/^\uFEFF/, "");
    if (!/^(Windows Registry Editor Version 5\.00|REGEDIT4)\s*(\r\n|\n|\r)/.test(head)) return 0;
    // Above the Group Policy reader's 80: this key is the client's own, not policy.
    return CLIENT_KEY_IN_HEAD.test(head) ? 85 : 0;
  },
  async collect(file) {
    return parseClientRegistry(await file.readText(), file.path);
  },
};
