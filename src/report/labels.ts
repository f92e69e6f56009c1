/**
 * Every fixed label the reports print, in one table per language, so a translation is one
 * object and templates never hard-code words. Templates read them as {{labels.<key>}}.
 */
export const LABELS = {
  en: {
    reportTitle: "WSUS client reporting audit",
    reportSubtitle: "Why WSUS clients are not reporting in: findings and remediation",
    customer: "Customer",
    site: "Site",
    wsusServer: "WSUS server",
    auditDate: "Audit date",
    consultant: "Consultant",
    preparedBy: "Prepared by",
    generated: "Generated",
    contents: "Contents",
    page: "Page",
    of: "of",
    executiveSummary: "Executive summary",
    verdict: "Verdict",
    verdictFail: "Action required",
    verdictPass: "No blocking problem found",
    verdictIncomplete: "Not enough evidence",
    findingsBySeverity: "Findings by severity",
    fixFirst: "What to fix first",
    fixFirstNone: "Nothing to fix: no open finding.",
    atAGlance: "At a glance",
    findings: "Findings",
    noFindings: "No open finding. Every evaluated check passed.",
    accepted: "Accepted (waived)",
    acceptedShort: "accepted",
    waiverReason: "Waiver",
    waiverOwner: "owner",
    waiverExpires: "expires",
    impact: "Impact",
    evidence: "Evidence",
    remediation: "Remediation",
    /** The label of a command block: the shell its commands run in. */
    shellPowershell: "Windows PowerShell",
    shellCmd: "Command Prompt (cmd.exe)",
    /** Results written before shells were recorded. */
    shellUnknown: "Commands",
    copyCommands: "Copy",
    copiedCommands: "Copied",
    source: "Source",
    related: "Related findings",
    relatedChecks: "Related checks",
    whyFired: "Why this fired",
    observed: "observed",
    expected: "expected",
    checks: "Checks",
    area: "Area",
    severity: "Severity",
    status: "Status",
    rule: "Rule",
    rules: "Rules",
    title: "Title",
    summary: "Summary",
    confidenceInferred:
      "Inferred: this finding leans on a fact that is inferred, not confirmed; verify it on the server.",
    moreRows: "more rows",
    showMoreRows: "Show {n} more rows",
    moreRowsPrint: "{n} more rows are in the HTML report and result.json.",
    noEvidenceValue: "(no value)",
    coverage: "Check coverage",
    coverageIntro:
      "Every check of the catalogue and what this audit could say about it. Not evaluated means the evidence it needs was not in the bundle.",
    check: "Check",
    firesWhen: "Fires when",
    clients: "Clients",
    clientsIntro: "Per-client view from the evidence that names clients.",
    noClients:
      "The evidence holds no per-client data (no NPS accounting log and no IIS log with client addresses).",
    lastContact: "Last contact",
    lastContactHistogram: "Clients by last contact",
    hourlyTimeline: "HTTP 401 and 5xx responses per hour",
    npsMachines: "NPS health validation by machine",
    iisClients: "Clients seen in the IIS logs",
    passedAndNotEvaluated: "Passed and not-evaluated rules",
    passed: "Passed",
    notEvaluated: "Not evaluated",
    disabled: "Disabled",
    failed: "Failed",
    noRule: "No rule",
    reason: "Reason",
    parsed: "Parsed",
    skipped: "Skipped",
    inventory: "Evidence inventory",
    inventoryIntro: "Every file of the bundle, what it was read as and what could not be read.",
    file: "File",
    kind: "Kind",
    encoding: "Encoding",
    size: "Size",
    records: "Records",
    rejected: "Rejected",
    problems: "Problems",
    line: "line",
    appendix: "Appendix",
    tool: "Tool",
    version: "Version",
    bundle: "Bundle",
    sources: "Evidence sources",
    ruleOrigins: "Rule origins",
    diagnostics: "Diagnostics",
    noDiagnostics: "No run-level diagnostics.",
    filterSeverity: "Severity",
    filterArea: "Area",
    filterAll: "All",
    search: "Search findings",
    searchPlaceholder: "Search titles, evidence, commands…",
    expandAll: "Expand all",
    collapseAll: "Collapse all",
    noMatch: "No finding matches the filter.",
    step: "Step",
    copy: "Copy",
    none: "none",
    severityNames: { critical: "Critical", high: "High", medium: "Medium", low: "Low", info: "Info" },
    areaNames: {
      gpo: "Group Policy",
      acl: "Permissions",
      iis: "IIS web services",
      evt: "Event log",
      nps: "NPS / NAP",
      clients: "Computers",
      client: "WSUS clients",
    },
    outcomeNames: {
      failed: "Failed",
      passed: "Passed",
      "not-evaluated": "Not evaluated",
      accepted: "Accepted",
      disabled: "Disabled",
      "no-rule": "No rule",
    },
  },
} as const;

export type Language = keyof typeof LABELS;
export type Labels = (typeof LABELS)[Language];

export function labelsFor(language: Language | undefined): Labels {
  return LABELS[language ?? "en"] ?? LABELS.en;
}

/** Fills {name} placeholders in a label. */
export function formatLabel(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  );
}

/** The label a command block carries: the shell its commands run in. */
export function shellLabel(shell: "powershell" | "cmd" | undefined, labels: Labels): string {
  if (shell === "powershell") return labels.shellPowershell;
  if (shell === "cmd") return labels.shellCmd;
  return labels.shellUnknown;
}
