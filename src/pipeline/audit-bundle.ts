/** The whole pipeline for one bundle: discover → collect → evaluate → AuditResult. */
import { listBundle } from "../bundle/open-bundle.js";
import type { ZipLimits } from "../bundle/zip-bundle.js";
import { FACT_CATALOGUE, SHIPPED_RULES_DIR } from "../checks/catalogue.js";
import { linkClientFindings } from "../checks/client/links.js";
import { ruleOriginLabeller } from "../checks/rule-origin.js";
import { evaluateRules } from "../engine/evaluate.js";
import { loadRules, type ConfiguredRuleSet } from "../engine/load-rules.js";
import type { LoadedRule } from "../engine/rule-file.js";
import type { AuditResult } from "../result/types.js";
import { buildAuditResult } from "../result/build-result.js";
import { applyWaivers } from "../result/waivers.js";
import { VERSION } from "../version.js";
import { collectFacts, type CollectOptions } from "./collect-facts.js";
import { collectHints } from "./collect-hints.js";
import { computersAnswer } from "./computers-answer.js";

export interface AuditOptions extends CollectOptions {
  /** Rule folders added to the shipped ones. */
  ruleFolders?: string[];
  /** Leave out the shipped rules (for consultants testing only their own). */
  noDefaultRules?: boolean;
  ruleSetConfig?: ConfiguredRuleSet;
  /** Already loaded rules (batch loads them once); overrides the folders. */
  rules?: LoadedRule[];
  /** Limits for zipped bundles (entries, expanded bytes, nesting depth). */
  zip?: Partial<ZipLimits>;
  now?: Date;
  /** Rows a finding keeps of each evidence table (tests compare with Infinity: every row kept). */
  keepEvidenceRows?: number;
}

export async function loadRuleSet(options: AuditOptions): Promise<LoadedRule[]> {
  if (options.rules) return options.rules;
  const folders = [...(options.noDefaultRules ? [] : [SHIPPED_RULES_DIR]), ...(options.ruleFolders ?? [])];
  return loadRules(folders, {
    facts: FACT_CATALOGUE,
    config: options.ruleSetConfig,
    displayRoot: process.cwd(),
    originLabel: ruleOriginLabeller(folders, options.ruleSetConfig?.file),
  });
}

export async function auditBundle(bundlePath: string, options: AuditOptions = {}): Promise<AuditResult> {
  const rules = await loadRuleSet(options);
  const listing = await listBundle(bundlePath, options.zip ? { zip: options.zip } : {});
  try {
    const collected = await collectFacts(listing, options);
    const evaluation = await evaluateRules(
      collected.facts,
      rules,
      options.keepEvidenceRows !== undefined ? { keepRows: options.keepEvidenceRows } : {},
    );
    await linkClientFindings(evaluation);
    const now = options.now ?? new Date();
    const waived = await applyWaivers(
      evaluation.findings,
      options.ruleSetConfig?.waivers ?? [],
      now.toISOString().slice(0, 10),
    );
    return buildAuditResult({
      version: VERSION,
      generatedAt: now.toISOString(),
      facts: collected.facts,
      inventory: collected.inventory,
      evaluation,
      diagnostics: [...collected.diagnostics, ...waived.diagnostics],
      collectHints: collectHints(),
      computers: computersAnswer(collected.facts, rules),
    });
  } finally {
    await listing.dispose?.();
  }
}
