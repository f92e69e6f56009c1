/**
 * The Registry client-side extension of gpresult and Get-GPOReport XML (same element set in both):
 * `<Policy>` entries (ADMX policies, by display name) and `<RegistrySetting>` entries (raw values the
 * reporting machine's templates do not describe). Only Windows Update policies are kept.
 */
import {
  findWuPolicyByName,
  findWuValue,
  type PolicyElement,
  type RegType,
  type WuKey,
} from "../../knowledge/gpo-policies.js";
import type { GpoEvidenceKind, PolicyRecord, PolicyStateName, SettingRecord } from "./facts.js";
import { classifyKey, keyPathFor } from "./registry-keys.js";
import { NS, kid, kidNumber, kidText, kids, xsiTypeNamespace, type XNode } from "./xml-tree.js";
import type { Problem } from "../types.js";

export interface ExtensionContext {
  file: string;
  kind: GpoEvidenceKind;
  /** GPO of the report (Get-GPOReport); gpresult names it per setting instead. */
  gpo?: string;
  gpoId?: string;
  /** gpresult: GPO id → display name, to name the GPO each setting comes from. */
  gpoNames?: Map<string, string>;
  problems: Problem[];
}

export interface ExtensionSettings {
  settings: SettingRecord[];
  policies: PolicyRecord[];
}

/** The Registry extensions among ExtensionData elements, chosen by the namespace their xsi:type resolves to. */
export function registryExtensions(extensionDataList: XNode[]): XNode[] {
  return extensionDataList
    .flatMap((data) => data.children.filter((child) => child.name === "Extension"))
    .filter((extension) => xsiTypeNamespace(extension)?.ns === NS.registry);
}

export function readRegistryExtension(extension: XNode, context: ExtensionContext): ExtensionSettings {
  const result: ExtensionSettings = { settings: [], policies: [] };
  for (const child of extension.children) {
    if (child.ns !== NS.registry) continue;
    if (child.name === "Policy") readPolicy(child, context, result);
    else if (child.name === "RegistrySetting") readRegistrySetting(child, context, result);
  }
  return result;
}

/** gpresult tags each setting with the GPO it comes from and its precedence (Settings/Base namespace). */
function settingSource(
  node: XNode,
  context: ExtensionContext,
): { gpo?: string; gpoId?: string; precedence?: number } {
  const gpoNode = kid(node, "GPO", NS.base);
  const gpoId = kidText(gpoNode, "Identifier", NS.types) ?? context.gpoId;
  const gpo = (gpoId && context.gpoNames?.get(gpoId.toUpperCase())) ?? context.gpo;
  return { gpo, gpoId, precedence: kidNumber(node, "Precedence", NS.base) };
}

/**
 * Whether a `<Policy>` of this display name is read at all: only Windows Update policies are. The
 * GPO report reader cuts the others out before parsing (gpo-policy-cut.ts), so this is the one place
 * that decides.
 */
export function isReadPolicyName(displayName: string): boolean {
  return findWuPolicyByName(displayName) !== undefined;
}

function readPolicy(node: XNode, context: ExtensionContext, into: ExtensionSettings): void {
  const displayName = kidText(node, "Name", NS.registry) ?? "";
  const policy = findWuPolicyByName(displayName);
  if (!policy) return;
  const state = toState(kidText(node, "State", NS.registry));
  const source = settingSource(node, context);
  const origin = {
    file: context.file,
    line: node.line,
    kind: context.kind,
    gpo: source.gpo,
    gpoId: source.gpoId,
    policy: displayName,
    precedence: source.precedence,
  };
  const elements = node.children.filter(
    (child) =>
      child.ns === NS.registry && ["EditText", "Numeric", "DropDownList", "CheckBox"].includes(child.name),
  );
  into.policies.push({
    ...origin,
    id: policy.id,
    displayName,
    state,
    elements: elements.map((element) => ({
      kind: element.name,
      label: kidText(element, "Name", NS.registry) ?? "",
      value: elementText(element),
    })),
  });
  if (state === "Not configured") return;
  if (policy.stateValue) {
    into.settings.push({
      ...origin,
      key: policy.key,
      keyPath: keyPathFor(policy.key),
      name: policy.stateValue.name,
      type: "REG_DWORD",
      value: state === "Enabled" ? policy.stateValue.enabled : policy.stateValue.disabled,
      deleted: false,
      from: "policy-state",
    });
  }
  if (state !== "Enabled") return;
  const seen: Record<string, number> = {};
  for (const element of elements) {
    const index = seen[element.name] ?? 0;
    seen[element.name] = index + 1;
    const mapping = policy.elements.find((entry) => entry.kind === element.name && entry.index === index);
    if (!mapping) continue;
    const value = elementValue(element, mapping);
    if (value === undefined) {
      context.problems.push({
        line: element.line,
        severity: "warning",
        message: `"${displayName}": the value of "${kidText(element, "Name", NS.registry) ?? mapping.label}" could not be read as ${mapping.value}; it is shown as text only.`,
        sample: elementText(element).slice(0, 120),
      });
      continue;
    }
    if (value === null) continue; // unticked check box: GPMC writes **del., i.e. not set
    into.settings.push({
      ...origin,
      line: element.line,
      key: mapping.key,
      keyPath: keyPathFor(mapping.key),
      name: mapping.value,
      type: typeof value === "number" ? "REG_DWORD" : "REG_SZ",
      value,
      deleted: false,
      from: "policy-element",
    });
  }
}

function toState(text: string | undefined): PolicyStateName {
  const value = (text ?? "").toLowerCase();
  if (value === "enabled") return "Enabled";
  if (value === "disabled") return "Disabled";
  return "Not configured";
}

function elementText(element: XNode): string {
  const value = kid(element, "Value", NS.registry);
  if (element.name === "DropDownList") return kidText(value, "Name", NS.registry) ?? value?.text.trim() ?? "";
  if (element.name === "CheckBox") return kidText(element, "State", NS.registry) ?? "";
  // Keep EditText exactly (spaces in a URL are a finding), only the XML indentation is not data.
  return value?.text ?? "";
}

/** undefined = unreadable, null = not set (unticked). */
function elementValue(element: XNode, mapping: PolicyElement): string | number | null | undefined {
  const text = elementText(element);
  switch (mapping.kind) {
    case "EditText":
      return text;
    case "Numeric":
      return /^\s*\d+\s*$/.test(text) ? Number(text) : undefined;
    case "CheckBox":
      return text.toLowerCase() === "enabled" ? 1 : null;
    case "DropDownList":
      return decodeDropDown(text, mapping.decode);
  }
}

function decodeDropDown(text: string, decode: PolicyElement["decode"]): number | undefined {
  if (decode === "leading-number") {
    const match = /^\s*(\d+)/.exec(text);
    return match ? Number(match[1]) : undefined;
  }
  if (decode === "update-source") {
    if (/server update|wsus/i.test(text)) return 1;
    if (/windows update/i.test(text)) return 0;
    return undefined;
  }
  if (decode === "proxy-behaviour") {
    if (/user proxy/i.test(text)) return 1;
    if (/system proxy/i.test(text)) return 0;
    return undefined;
  }
  return undefined;
}

function readRegistrySetting(node: XNode, context: ExtensionContext, into: ExtensionSettings): void {
  const keyPath = kidText(node, "KeyPath", NS.registry) ?? "";
  const key = classifyKey(keyPath);
  if (!key) return;
  const source = settingSource(node, context);
  for (const valueNode of kids(node, "Value", NS.registry)) {
    const name = kid(valueNode, "Name", NS.registry)?.text ?? "";
    const dataNode = valueNode.children.find((child) => child.ns === NS.registry && child.name !== "Name");
    let value: string | number = dataNode?.text ?? "";
    let type: RegType = "REG_SZ";
    if (dataNode?.name === "Number" && /^\s*-?\d+\s*$/.test(value)) {
      value = Number(value);
      type = findWuValue(name)?.type === "REG_QWORD" ? "REG_QWORD" : "REG_DWORD";
    } else if (dataNode?.name === "ExpandString") type = "REG_EXPAND_SZ";
    else if (dataNode?.name === "MultiString") type = "REG_MULTI_SZ";
    into.settings.push({
      file: context.file,
      line: valueNode.line,
      kind: context.kind,
      gpo: source.gpo,
      gpoId: source.gpoId,
      precedence: source.precedence,
      key,
      keyPath,
      name,
      type,
      value,
      deleted: false,
      from: "registry",
    });
  }
}

export type { WuKey };
