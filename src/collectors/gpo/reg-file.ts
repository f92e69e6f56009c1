/**
 * `.reg` exports of HKLM\SOFTWARE\Policies\Microsoft\Windows\WindowsUpdate (and \AU)
 * (knowledge/gpo.md §2.4). Registry Editor writes "Windows Registry Editor Version 5.00" in UTF-16LE
 * with a BOM and CRLF; hand-written files may be ASCII/UTF-8 with LF and trailing spaces; REGEDIT4 is
 * ANSI. Long hex data continues on the next line after a trailing backslash.
 */
import { findWuValue } from "../../knowledge/gpo-policies.js";
import { decodeData, openRegExport, readQuoted, type LogicalLine } from "../reg-text.js";
import type { Collector, CollectorOutput, Problem } from "../types.js";
import type { GpoFragment, SettingRecord } from "./facts.js";
import { classifyKey } from "./registry-keys.js";

const MAX_SAMPLES = 5;

export function parseRegFile(text: string, file: string): CollectorOutput<GpoFragment> {
  const problems: Problem[] = [];
  const opened = openRegExport(text);
  if ("failure" in opened) return opened.failure;
  const { lines, unicode } = opened;
  const settings: SettingRecord[] = [];
  let otherValues = 0;
  let rejected = 0;
  let records = 0;
  let currentKey: { path: string; wu?: "WU" | "AU" } | undefined;
  const reject = (line: LogicalLine, message: string) => {
    rejected++;
    if (rejected <= MAX_SAMPLES)
      problems.push({ line: line.line, severity: "warning", message, sample: line.text.slice(0, 120) });
  };
  for (const line of lines) {
    const keyMatch = /^\[(-?)([^\]]+)\]$/.exec(line.text);
    if (keyMatch) {
      const path = keyMatch[2]!;
      const wu = classifyKey(path);
      if (keyMatch[1] === "-") {
        if (wu)
          problems.push({
            line: line.line,
            severity: "info",
            message: `the file deletes the key ${path} and everything below it.`,
          });
        currentKey = undefined;
        continue;
      }
      if (wu && !/^HKEY_LOCAL_MACHINE\\|^HKLM\\/i.test(path)) {
        problems.push({
          line: line.line,
          severity: "info",
          message: `${path} is not under HKEY_LOCAL_MACHINE: Windows Update policies are machine policies; ignored.`,
        });
        currentKey = { path };
        continue;
      }
      currentKey = { path, wu };
      continue;
    }
    const nameMatch = line.text.startsWith("@") ? { value: "", end: 1 } : readQuoted(line.text, 0);
    const equals = nameMatch ? line.text.slice(nameMatch.end).search(/\S/) : -1;
    if (!nameMatch || equals < 0 || line.text[nameMatch.end + equals] !== "=") {
      reject(line, "not a key, a value or a comment");
      continue;
    }
    if (!currentKey) {
      reject(line, "value outside any key");
      continue;
    }
    records++;
    const data = line.text.slice(nameMatch.end + equals + 1).trim();
    const decoded = decodeData(data, unicode);
    if (!decoded) {
      reject(line, `value "${nameMatch.value}" has data this reader does not understand`);
      continue;
    }
    if (!currentKey.wu) {
      otherValues++;
      continue;
    }
    const name = nameMatch.value;
    if (name !== name.trim() && findWuValue(name.trim())) {
      problems.push({
        line: line.line,
        severity: "warning",
        message: `value name "${name}" has leading/trailing spaces: Windows treats it as a different value than ${name.trim()}, so this setting has no effect.`,
      });
    }
    settings.push({
      file,
      line: line.line,
      kind: "reg-export",
      key: currentKey.wu,
      keyPath: currentKey.path,
      name,
      type: decoded.type,
      value: decoded.value,
      deleted: decoded.deleted,
      from: "registry",
    });
  }
  if (rejected > MAX_SAMPLES)
    problems.push({
      severity: "info",
      message: `${rejected - MAX_SAMPLES} more unreadable lines not listed.`,
    });
  if (settings.length === 0) {
    return {
      status: "skipped",
      reason:
        "the .reg file holds no value under HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate (keys such as …\\WindowsUpdate\\UX\\Settings are the Settings app, not policy). Export the policy key: reg export HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate wu-policy.reg",
      records,
      rejected,
      problems,
    };
  }
  return {
    status: "parsed",
    facts: { kind: "reg-export", file, settings, otherValues },
    records,
    rejected,
    problems,
  };
}

export const regFileCollector: Collector<GpoFragment> = {
  kind: "reg-export",
  source: "gpo",
  label: "Registry export (.reg) of the Windows Update policy keys",
  readsWhole: true,
  howToCollect:
    "On a client: reg export HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows\\WindowsUpdate C:\\Temp\\%COMPUTERNAME%-wu-policy.reg /y",
  detect(probe) {
    const head = probe.head.replace(/^\uFEFF/, "");
    if (!/^(Windows Registry Editor Version 5\.00|REGEDIT4)\s*(\r\n|\n|\r)/.test(head)) return 0;
    return /\\Policies\\Microsoft\\Windows\\WindowsUpdate/i.test(head) ? 80 : 20;
  },
  async collect(file) {
    return parseRegFile(await file.readText(), file.path);
  },
};
