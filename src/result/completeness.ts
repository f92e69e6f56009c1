/**
 * How much of the audit the bundle allowed: checks evaluated out of those with a rule, whether each of
 * the guide's main causes was looked at, and what to collect next (the `formats` instructions of the
 * evidence the unevaluated checks need). The verdict is green only when every main cause was checked.
 */
import type { SourceName } from "../collectors/types.js";
import { CHECKS, GUIDE_CAUSES } from "../knowledge/checks.js";
import type { AuditCompleteness, CheckCoverage } from "./types.js";

/** How to collect one evidence source, as `wsus-audit formats` prints it. */
export interface CollectHint {
  source: SourceName;
  label: string;
  howToCollect: string;
}

const EVALUATED = new Set<CheckCoverage["status"]>(["passed", "failed", "accepted"]);

export function completenessOf(
  coverage: readonly CheckCoverage[],
  sourcesByCheck: Readonly<Record<string, readonly SourceName[]>>,
  present: readonly SourceName[],
  hints: readonly CollectHint[],
  /** Checks left unevaluated although their evidence is present: it cannot show their problem. */
  unjudged: readonly string[] = [],
): AuditCompleteness {
  const withRule = coverage.filter((entry) => entry.status !== "no-rule");
  const evaluated = withRule.filter((entry) => EVALUATED.has(entry.status));
  const causes = GUIDE_CAUSES.map((cause) => {
    const checks = CHECKS.filter((check) => check.area === cause.area && check.origin === "G").map(
      (check) => check.id,
    );
    const looked = evaluated.filter((entry) => checks.includes(entry.check)).map((entry) => entry.check);
    return { area: cause.area, label: cause.label, covered: looked.length > 0, evaluated: looked };
  });

  // Evidence the bundle lacks, for the checks it left unevaluated; most checks first.
  const missing = new Map<SourceName, string[]>();
  for (const entry of withRule.filter((e) => e.status === "not-evaluated")) {
    for (const source of sourcesByCheck[entry.check] ?? []) {
      if (present.includes(source)) continue;
      missing.set(source, [...(missing.get(source) ?? []), entry.check]);
    }
  }
  const collect = [...missing]
    .map(([source, checks]) => {
      const hint = hints.find((h) => h.source === source);
      return {
        source,
        label: hint?.label ?? source,
        howToCollect: hint?.howToCollect ?? "",
        checks: [...new Set(checks)].sort(),
      };
    })
    // The guide's main causes first (what the verdict waits for), then by the checks each would open.
    .sort(
      (a, b) =>
        Number(b.checks.some(isMainCause)) - Number(a.checks.some(isMainCause)) ||
        b.checks.length - a.checks.length ||
        a.label.localeCompare(b.label),
    );

  // evidence that is present but cannot show a problem (another site's IIS log, the System log …)
  const cannotShow =
    unjudged.length === 0
      ? ""
      : ` ${unjudged.length === 1 ? `${unjudged[0]} has evidence that cannot show its problem` : `${unjudged.length} checks (${unjudged.join(", ")}) have evidence that cannot show their problem`}: see the reason for what to collect instead.`;
  const statement =
    `${evaluated.length} of ${withRule.length} checks could be evaluated` +
    (collect.length > 0
      ? `; collect ${collect.map((c) => c.label).join(", ")} to complete the audit.${cannotShow}`
      : evaluated.length < withRule.length
        ? cannotShow
          ? `.${cannotShow}`
          : "; the others could not be judged from the evidence given (see each check's reason)."
        : ".");
  return { evaluated: evaluated.length, total: withRule.length, causes, collect, statement };
}

function isMainCause(checkId: string): boolean {
  const check = CHECKS.find((c) => c.id === checkId);
  return check !== undefined && check.origin === "G" && GUIDE_CAUSES.some((c) => c.area === check.area);
}
