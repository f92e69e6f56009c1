/**
 * Dynamic facts over the `gpo` evidence (knowledge/gpo.md, CHECKS.md GPO.*).
 *
 * Every fact returns `{ evaluable, reason, failing, … }`: rules use `evaluable` in `applicable` (so a
 * check the evidence cannot judge is not-evaluated, never passed) and `failing` (evidence rows with
 * target, gpo, setting, value, file, line) in `conditions`. The facts read only `gpo.views`,
 * `gpo.computers` and `gpo.gpos` (see src/collectors/gpo/facts.ts) and tolerate partial objects, so
 * rule tests can state just the values a case needs.
 */
import type { Facts } from "../../collectors/facts.js";
import type {
  EffectiveSetting,
  GpoDefinition,
  GpoFacts,
  PolicyStateFact,
  PolicyUrl,
  PolicyView,
  RsopComputer,
} from "../../collectors/gpo/facts.js";
import { isIpLiteral, parsePolicyUrl, sameHost } from "../../collectors/gpo/url.js";
import { canonicalToDistinguishedName } from "../../knowledge/ad-paths.js";
import { DEFERRAL_SWITCHES, WSUS_CORE_VALUES, findWuPolicy } from "../../knowledge/gpo-policies.js";
import { wsusEndpoint } from "../server-endpoint.js";
import { gpoReach } from "./filtering.js";
import type { FactDefinition } from "../../engine/fact-definition.js";

/** One evidence row: which machine/view, which GPO, which setting, its value, and where it was read. */
export interface GpoRow {
  target: string;
  gpo: string;
  /** The GPO's name when the evidence names one, else "" (remediation commands use it). */
  gpoName: string;
  setting: string;
  value: string;
  expected?: string;
  problem?: string;
  /** GPO.LINKED rows: which fix applies (link, enable-link, enable-gpo, security, read, wmi, unblock, move-to-computer), "" for context rows. */
  fix?: string;
  /** GPO.LINKED, blocked inheritance: distinguished names of the link's container and of the blocking OU. */
  linkTarget?: string;
  blockingTarget?: string;
  /** GPO.LINKED, WMI filter: the filter's name as the report gives it (remediation looks up its query). */
  wmiFilter?: string;
  file: string;
  line: number | null;
}

const FIX_FOR_REASON: Record<string, string> = {
  "Disabled (Link)": "enable-link",
  "Disabled (GPO)": "enable-gpo",
  "Denied (Security)": "security",
  "Denied (WMI Filter)": "wmi",
  "Blocked inheritance": "unblock",
};

export interface GpoCheck {
  evaluable: boolean;
  /** Why not evaluable (for notEvaluatedReason), or what was judged. */
  reason: string;
  failing: GpoRow[];
  /** What was looked at (passing rows), so a pass can be shown too. */
  checked: GpoRow[];
}

/** A policy URL taken apart (collectors/gpo/url.ts), with where it was set. */
export interface PolicyServerUrl extends PolicyUrl {
  role: "update" | "status";
  /** Registry value name: WUServer or WUStatusServer. */
  setting: "WUServer" | "WUStatusServer";
  view: string;
  /** Set when GPOs of unknown order give different values (definitions view). */
  conflicting: boolean;
  provenance: { file: string; line?: number; gpo?: string; kind?: string };
}

const COLUMNS_NOTE = "rows: target, gpo, setting, value, expected, problem, file, line";

function gpoOf(facts: Facts): Partial<GpoFacts> | undefined {
  return facts.gpo as Partial<GpoFacts> | undefined;
}

function viewsOf(facts: Facts): PolicyView[] {
  return (gpoOf(facts)?.views ?? []) as PolicyView[];
}

function settingsOf(view: PolicyView): Record<string, EffectiveSetting> {
  return (view.settings ?? {}) as Record<string, EffectiveSetting>;
}

function hasWsusPolicy(view: PolicyView): boolean {
  return view.wsusPolicyPresent ?? WSUS_CORE_VALUES.some((name) => settingsOf(view)[name] !== undefined);
}

function targetOf(view: PolicyView): string {
  return view.label ?? view.computer ?? view.id ?? "policy";
}

function row(
  view: PolicyView,
  setting: string,
  value: unknown,
  from?: Partial<EffectiveSetting> | Partial<PolicyStateFact>,
  extra: Partial<GpoRow> = {},
): GpoRow {
  return {
    target: targetOf(view),
    gpo:
      from?.gpo ??
      (from?.kind === "reg-export" ? "(registry export: source unknown)" : "(not named by the evidence)"),
    gpoName: from?.gpo ?? "",
    setting,
    value: value === undefined || value === null ? "(not set)" : String(value),
    file: from?.file ?? "",
    line: from?.line ?? null,
    ...extra,
  };
}

/** The policy state of a view: as the report printed it, else derived from its registry value. */
export function policyState(view: PolicyView, policyId: string): PolicyStateFact {
  const printed = view.policies?.[policyId];
  if (printed && printed.derivedFrom === "policy") return printed;
  const policy = findWuPolicy(policyId);
  const settings = settingsOf(view);
  const name = policy?.displayName ?? policyId;
  const stateValue = policy?.stateValue;
  const setting = stateValue ? settings[stateValue.name] : undefined;
  if (setting && stateValue) {
    return {
      policy: name,
      state: setting.value === stateValue.enabled ? "Enabled" : "Disabled",
      derivedFrom: "registry",
      file: setting.file,
      line: setting.line,
      gpo: setting.gpo,
      kind: setting.kind,
    };
  }
  if (policyId === "AutoUpdateCfg" && settings.AUOptions) {
    const from = settings.AUOptions;
    return {
      policy: name,
      state: "Enabled",
      derivedFrom: "registry",
      file: from.file,
      line: from.line,
      gpo: from.gpo,
      kind: from.kind,
    };
  }
  return printed ?? { policy: name, state: "Not configured", derivedFrom: "absent" };
}

function noWsusReason(facts: Facts): string {
  const views = viewsOf(facts);
  if (views.length === 0)
    return "the Group Policy evidence holds no Windows Update values (no computer RSoP, no .reg export of the policy key, no GPO definition)";
  return "no Windows Update (WSUS) policy reaches the computers in this evidence; GPO.LINKED reports that";
}

// ---------------------------------------------------------------- GPO.LINKED

export function gpoLinkage(facts: Facts): GpoCheck & { scope: "rsop" | "gpo-reports" | "none" } {
  const gpo = gpoOf(facts);
  const computers = (gpo?.computers ?? []) as RsopComputer[];
  const gpos = (gpo?.gpos ?? []) as GpoDefinition[];
  const rsopViews = viewsOf(facts).filter((view) => view.kind === "rsop");
  if (computers.length > 0 || rsopViews.length > 0) {
    const failing: GpoRow[] = [];
    const checked: GpoRow[] = [];
    for (const view of rsopViews) {
      const computer = computers.find((entry) => entry.name === view.computer);
      const target = targetOf(view);
      if (hasWsusPolicy(view)) {
        const winner = WSUS_CORE_VALUES.map((name) => settingsOf(view)[name]).find(Boolean);
        checked.push(
          row(
            view,
            "Windows Update policy applied",
            winner ? `${winner.name} = ${winner.value}` : "yes",
            winner,
          ),
        );
        continue;
      }
      // Candidates for "the WSUS GPO that did not apply": not the local GPO, not empty ones (no computer
      // settings at all); when GPO reports name the WSUS GPOs, only those.
      const wsusIds = new Set(
        gpos.filter((entry) => entry.setsWsus && entry.id).map((entry) => entry.id!.toUpperCase()),
      );
      const userSide = [...userSideRows(gpos, target), ...rsopUserSideRows(computer, target)];
      let notApplied = (computer?.gpos ?? []).filter(
        (entry) => !entry.applied && entry.id !== "LocalGPO" && entry.reason !== "Not Applied (Empty)",
      );
      if (wsusIds.size > 0)
        notApplied = notApplied.filter((entry) => entry.id && wsusIds.has(entry.id.toUpperCase()));
      for (const entry of notApplied) {
        failing.push({
          target,
          gpo: entry.name,
          gpoName: entry.name,
          setting: "GPO not applied",
          value: entry.reason ?? "not applied",
          expected: "applied",
          problem: linkProblem(entry),
          fix: FIX_FOR_REASON[entry.reason ?? ""] ?? "",
          ...(entry.blockedAt !== undefined
            ? {
                linkTarget:
                  canonicalToDistinguishedName(entry.link?.somPath ?? "") ?? "<container of the link>",
                blockingTarget: canonicalToDistinguishedName(entry.blockedAt) ?? "<blocking OU>",
              }
            : {}),
          file: computer?.file ?? "",
          line: entry.line,
        });
      }
      failing.push({
        target,
        gpo: "(none)",
        gpoName: "",
        setting: "Windows Update policies",
        value: "no applied GPO sets them",
        expected: "a GPO setting the WSUS location applies",
        problem: computer?.som ? `computer is in ${computer.som}` : "",
        fix: notApplied.length === 0 && wsusIds.size === 0 && userSide.length === 0 ? "link" : "",
        file: computer?.file ?? "",
        line: computer?.line ?? null,
      });
      // Context from GPO reports: where the WSUS GPOs are linked (an OU outside the computer's path
      // explains it), and GPOs that put the WSUS values in User Configuration.
      failing.push(...reportLinkRows(gpos, target), ...userSide);
    }
    return {
      evaluable: true,
      scope: "rsop",
      reason: "judged from the RSoP (gpresult) of each computer",
      failing,
      checked,
    };
  }
  const reported = gpos.filter((entry) => entry.linkInfo);
  const wsusGpos = reported.filter((entry) => entry.setsWsus);
  const userSide = userSideRows(reported, "domain");
  if (wsusGpos.length === 0 && userSide.length === 0 && !gpo?.completeGpoList) {
    return {
      evaluable: false,
      scope: "none",
      reason:
        reported.length > 0
          ? "the GPO reports in the bundle do not set the Windows Update policies and are not a complete Get-GPOReport -All export, so the WSUS GPO may simply be missing from the bundle"
          : "link information needs a gpresult /x of a client or a Get-GPOReport XML; Registry.pol and .reg files carry none",
      failing: [],
      checked: [],
    };
  }
  // Security filtering that keeps every computer out is as final as a missing link; a filter whose
  // result depends on group membership or a WMI query is not: only a client's gpresult shows it.
  const linked = wsusGpos.filter((entry) => entry.inEffect && gpoReach(entry).kind !== "blocked");
  const reaching = linked.filter((entry) => gpoReach(entry).kind === "reaches");
  if (reaching.length > 0) {
    return {
      evaluable: true,
      scope: "gpo-reports",
      reason:
        "judged from Get-GPOReport: a WSUS GPO has an enabled link, its computer side enabled and security filtering that lets every computer apply it (the report cannot show whether that OU holds the clients)",
      failing: [],
      checked: [...reportLinkRows(reaching, "domain"), ...userSide],
    };
  }
  if (linked.length > 0) {
    return {
      evaluable: false,
      scope: "gpo-reports",
      reason: `the WSUS GPO${linked.length > 1 ? "s" : ""} ${linked.map((entry) => `"${entry.name}" (${gpoReach(entry).note})`).join("; ")}: add a gpresult /x of an affected client to judge whether the GPO applies`,
      failing: [],
      checked: reportLinkRows(linked, "domain"),
    };
  }
  const failing =
    wsusGpos.length > 0
      ? [...reportLinkRows(wsusGpos, "domain"), ...userSide]
      : userSide.length > 0
        ? userSide
        : [
            {
              target: "domain",
              gpo: "(none)",
              gpoName: "",
              setting: "Windows Update policies",
              value: `none of the ${reported.length} GPOs in the export sets them`,
              expected: "a GPO setting the WSUS location, linked to the clients' OU",
              fix: "link",
              file: reported[0]?.file ?? "",
              line: null,
            },
          ];
  return { evaluable: true, scope: "gpo-reports", reason: "judged from Get-GPOReport", failing, checked: [] };
}

const USER_SIDE_PROBLEM =
  "user-side values: Windows Update reads its policy only from Computer Configuration (HKLM); loopback processing changes only user policy and cannot make them apply";

/** gpresult: GPOs whose Windows Update values applied to the user, not to the computer. */
function rsopUserSideRows(computer: RsopComputer | undefined, target: string): GpoRow[] {
  return (computer?.userSideWsus ?? []).map((entry) => ({
    target,
    gpo: entry.gpo,
    gpoName: entry.gpo,
    setting: "Windows Update values in User Configuration",
    value: entry.names.join(", "),
    expected: "set in Computer Configuration",
    problem: USER_SIDE_PROBLEM,
    fix: "move-to-computer",
    file: computer?.file ?? "",
    line: entry.line ?? null,
  }));
}

/**
 * GPOs that set Windows Update values in User Configuration: Windows Update reads only machine policy,
 * and loopback processing changes only which user settings apply, so these values never reach a client.
 */
function userSideRows(gpos: GpoDefinition[], target: string): GpoRow[] {
  return gpos
    .filter((entry) => entry.userSideWsus)
    .map((entry) => ({
      target,
      gpo: entry.name,
      gpoName: entry.name,
      setting: "Windows Update values in User Configuration",
      value: entry.userSideWsus!.names.join(", "),
      expected: "set in Computer Configuration",
      problem: USER_SIDE_PROBLEM,
      fix: "move-to-computer",
      file: entry.file,
      line: entry.userSideWsus!.line ?? entry.line ?? null,
    }));
}

function linkProblem(entry: RsopComputer["gpos"][number]): string {
  if (!entry.link) return "";
  const where = `linked to ${entry.link.somPath}`;
  if (!entry.link.enabled) return `${where} (link disabled)`;
  if (entry.blockedAt !== undefined)
    return `${where}, link not enforced; ${entry.blockedAt} blocks inheritance, so the GPO never reaches the computer`;
  return where;
}

function reportLinkRows(gpos: GpoDefinition[], target: string): GpoRow[] {
  return gpos
    .filter((entry) => entry.linkInfo && entry.setsWsus)
    .map((entry) => {
      const enabledLinks = entry.links.filter((link) => link.enabled);
      const reach = gpoReach(entry);
      const linkValue =
        entry.computerEnabled === false
          ? "computer settings disabled"
          : entry.links.length === 0
            ? // a backup's gpreport.xml lists the links the GPO had when it was backed up
              /(^|\/)gpreport\.xml$/i.test(entry.file)
              ? "not linked when the backup was taken"
              : "not linked"
            : enabledLinks.length === 0
              ? `all links disabled (${entry.links.map((link) => link.somPath).join(", ")})`
              : `linked to ${enabledLinks.map((link) => `${link.somPath}${link.enforced ? " (enforced)" : ""}`).join(", ")}`;
      const linkFix =
        entry.computerEnabled === false
          ? "enable-gpo"
          : entry.links.length === 0
            ? "link"
            : enabledLinks.length === 0
              ? "enable-link"
              : "";
      const fix = linkFix !== "" ? linkFix : reach.kind === "reaches" ? "" : reach.fix;
      return {
        target,
        gpo: entry.name,
        gpoName: entry.name,
        setting: "GPO links",
        value: linkValue,
        fix,
        expected:
          "linked (enabled) to the OU holding the clients, computer side enabled, security filtering and WMI filter letting the clients apply it",
        // A link fix comes first; the filtering note explains a passing row or a filter that blocks.
        problem: reach.kind === "reaches" && linkFix !== "" ? "" : reach.note,
        ...((entry.wmiFilter ?? entry.backup?.wmiFilter)
          ? { wmiFilter: entry.wmiFilter ?? entry.backup?.wmiFilter }
          : {}),
        file: entry.file,
        line: entry.line ?? null,
      };
    });
}

// ------------------------------------------------- GPO.AU_CONFIGURED / GPO.INTRANET_LOCATION

/** Observations of a GPO check: every setting compared, with what was found and what is expected. */
export interface GpoObservations<Row = GpoRow> {
  evaluable: boolean;
  /** Why not evaluable (for notEvaluatedReason), or what was judged. */
  reason: string;
  rows: Row[];
}

/**
 * Per policy view that receives a WSUS policy: the policy's state (expected "Enabled") and each
 * required registry value (expected as given), found value next to expected value. The rule
 * compares them; `problem` says in words how a row differs.
 */
export function gpoPolicyCheck(facts: Facts, params: Record<string, unknown>): GpoObservations {
  const policyId = String(params["policy"] ?? "");
  const requiredValues = (params["requiredValues"] ?? {}) as Record<string, unknown>;
  const views = viewsOf(facts).filter(hasWsusPolicy);
  if (views.length === 0) return { evaluable: false, reason: noWsusReason(facts), rows: [] };
  const rows: GpoRow[] = [];
  for (const view of views) {
    const state = policyState(view, policyId);
    const viewRows: GpoRow[] = [
      row(view, state.policy, state.state, state, {
        expected: "Enabled",
        ...(state.state !== "Enabled"
          ? { problem: state.state === "Disabled" ? "policy disabled" : "policy not configured" }
          : {}),
      }),
    ];
    for (const [name, expected] of Object.entries(requiredValues)) {
      const setting = settingsOf(view)[name];
      const wrongKey = (view.misplaced ?? []).find((entry) => entry.name === name);
      const problem =
        setting?.value === expected
          ? undefined
          : setting
            ? "wrong value"
            : wrongKey
              ? `set under the wrong key (${wrongKey.keyPath}): no effect`
              : "value not set";
      viewRows.push(
        row(view, name, setting?.value, setting ?? wrongKey ?? state, {
          expected: String(expected),
          ...(problem ? { problem } : {}),
        }),
      );
    }
    rows.push(...dedupeRows(viewRows));
  }
  return { evaluable: true, reason: `${views.length} policy view(s) checked`, rows };
}

function dedupeRows(rows: GpoRow[]): GpoRow[] {
  const seen = new Set<string>();
  return rows.filter((entry) => {
    const key = `${entry.target}|${entry.setting}|${entry.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

// ------------------------------------------------------------------ URLs (shared)

/**
 * The effective WUServer / WUStatusServer of every policy view, parsed. Used by GPO.SERVER_URL,
 * GPO.PORT, GPO.STATUS_SERVER and by other areas (IIS.SSL_CONFIG, NPS cross-references).
 */
export function policyServerUrls(facts: Facts): PolicyServerUrl[] {
  const result: PolicyServerUrl[] = [];
  for (const view of viewsOf(facts)) {
    for (const [role, setting] of [
      ["update", "WUServer"],
      ["status", "WUStatusServer"],
    ] as const) {
      const conflict = (view.conflicts ?? []).find((entry) => entry.name === setting);
      const values = conflict
        ? conflict.candidates
        : settingsOf(view)[setting]
          ? [settingsOf(view)[setting]!]
          : [];
      for (const value of values) {
        const parsed = parsePolicyUrl(String(value.value));
        result.push({
          role,
          setting,
          view: targetOf(view),
          raw: parsed.raw,
          scheme: parsed.scheme,
          host: parsed.host,
          port: parsed.port,
          effectivePort: parsed.effectivePort,
          path: parsed.path,
          valid: parsed.valid,
          problems: parsed.problems,
          conflicting: conflict !== undefined,
          provenance: { file: value.file, line: value.line, gpo: value.gpo, kind: value.kind },
        });
      }
    }
  }
  return result;
}

function urlRow(url: PolicyServerUrl, extra: Partial<GpoRow>): GpoRow {
  return {
    target: url.view,
    gpo:
      url.provenance.gpo ??
      (url.provenance.kind === "reg-export"
        ? "(registry export: source unknown)"
        : "(not named by the evidence)"),
    gpoName: url.provenance.gpo ?? "",
    setting: url.setting,
    value: url.raw,
    file: url.provenance.file,
    line: url.provenance.line ?? null,
    ...extra,
  };
}

const PROBLEM_TEXT: Record<string, string> = {
  empty: "empty",
  missing: "not set although the intranet location is enabled",
  whitespace: "contains spaces",
  "no-scheme": "no http:// or https:// scheme",
  "bad-scheme": "scheme is neither http nor https",
  "no-host": "no usable host name",
  "bad-port": "port is not a number between 1 and 65535",
  path: "has a path after the server (the client appends the service paths itself)",
  query: "has a query string",
  "trailing-slash": "ends with a slash",
};

/** A policy URL (or a WUServer missing while UseWUServer=1) with the form problems found in it. */
export type GpoUrlFormRow = GpoRow & { problems: string[] };

/** GPO.SERVER_URL (form): each WUServer with its form problems (codes); a WUServer missing while UseWUServer=1 is "missing". */
export function gpoServerUrlForm(facts: Facts): GpoObservations<GpoUrlFormRow> {
  const views = viewsOf(facts).filter(hasWsusPolicy);
  if (views.length === 0) return { evaluable: false, reason: noWsusReason(facts), rows: [] };
  const rows: GpoUrlFormRow[] = [];
  const expected = "http://<wsus server>:<port>";
  for (const view of views) {
    const useWuServer = settingsOf(view).UseWUServer;
    if (!settingsOf(view).WUServer && useWuServer?.value === 1) {
      rows.push({
        ...row(view, "WUServer", undefined, useWuServer, { problem: PROBLEM_TEXT.missing, expected }),
        problems: ["missing"],
      });
    }
  }
  for (const url of policyServerUrls(facts).filter((entry) => entry.role === "update")) {
    const words = url.problems.map((problem) => PROBLEM_TEXT[problem] ?? problem).join("; ");
    rows.push({
      ...urlRow(url, url.problems.length > 0 ? { problem: words, expected } : {}),
      problems: url.problems,
    });
  }
  if (rows.length === 0)
    return { evaluable: false, reason: "no view sets WUServer or enables the intranet location", rows };
  return { evaluable: true, reason: "WUServer checked", rows };
}

/** GPO.SERVER_URL (host): the URL's host must name the WSUS server the bundle describes. */
export function gpoServerUrlHost(facts: Facts): GpoCheck & { expected: string } {
  const endpoint = wsusEndpoint(facts);
  const expected = endpoint.server ?? "";
  if (!endpoint.server) {
    return {
      evaluable: false,
      expected,
      reason:
        "the bundle does not name the WSUS server (bundle.json wsus.server), so the host in the policy URL cannot be compared",
      failing: [],
      checked: [],
    };
  }
  const failing: GpoRow[] = [];
  const checked: GpoRow[] = [];
  for (const url of policyServerUrls(facts)) {
    if (!url.host) continue;
    // An IP literal cannot be compared with a host name without DNS evidence.
    if (isIpLiteral(url.host) !== isIpLiteral(endpoint.server)) continue;
    if (url.role === "status" && !sameHost(url.host, endpoint.server)) {
      // A separate statistics server is legitimate (gpo.md §3.2); GPO.STATUS_SERVER reports the difference.
      continue;
    }
    if (sameHost(url.host, endpoint.server)) checked.push(urlRow(url, { expected: endpoint.server }));
    else
      failing.push(
        urlRow(url, {
          expected: endpoint.server,
          problem: `host ${url.host} is not the WSUS server ${endpoint.server}`,
        }),
      );
  }
  if (failing.length === 0 && checked.length === 0) {
    const reason = viewsOf(facts).some(hasWsusPolicy)
      ? "no policy URL names a host comparable with the bundle's server (none set, or an IP address against a host name)"
      : noWsusReason(facts);
    return { evaluable: false, expected, reason, failing, checked };
  }
  return {
    evaluable: true,
    expected,
    reason: `compared with ${endpoint.server} (${endpoint.portSource === "none" ? "bundle.json" : endpoint.detail})`,
    failing,
    checked,
  };
}

// ------------------------------------------------------------ GPO.STATUS_SERVER

function normaliseUrl(raw: string): string {
  return raw.trim().toLowerCase().replace(/\/+$/, "");
}

/** WUStatusServer next to WUServer in one view, both normalised for comparison. */
export type GpoStatusServerRow = GpoRow & {
  /** WUStatusServer trimmed, lower case, without trailing slashes; "" when empty, null when not set. */
  statusUrl: string | null;
  /** WUServer, normalised the same way. */
  updateUrl: string;
};

/** GPO.STATUS_SERVER: per view that sets WUServer, its WUStatusServer next to it (the rule compares them). */
export function gpoStatusServer(facts: Facts): GpoObservations<GpoStatusServerRow> {
  const views = viewsOf(facts).filter((view) => hasWsusPolicy(view) && settingsOf(view).WUServer);
  if (views.length === 0) {
    return {
      evaluable: false,
      reason: viewsOf(facts).some(hasWsusPolicy)
        ? "no WUServer is set, so there is no update server to compare with (GPO.INTRANET_LOCATION)"
        : noWsusReason(facts),
      rows: [],
    };
  }
  const rows: GpoStatusServerRow[] = [];
  for (const view of views) {
    const update = settingsOf(view).WUServer!;
    const status = settingsOf(view).WUStatusServer;
    const expected = String(update.value);
    const statusUrl = status ? normaliseUrl(String(status.value)) : null;
    const updateUrl = normaliseUrl(expected);
    const problem =
      statusUrl === null
        ? "not set"
        : statusUrl === ""
          ? "empty"
          : statusUrl !== updateUrl
            ? "differs from WUServer"
            : undefined;
    rows.push({
      ...row(view, "WUStatusServer", status?.value, status ?? update, {
        expected,
        ...(problem ? { problem } : {}),
      }),
      statusUrl,
      updateUrl,
    });
  }
  return { evaluable: true, reason: "WUStatusServer compared with WUServer", rows };
}

// ------------------------------------------------------------------ GPO.PORT

/** A policy URL's port next to the ports the WSUS site listens on for its scheme: GPO.PORT compares them. */
export type GpoPortRow = GpoRow & {
  scheme: string;
  /** The port the client uses: explicit, else 80/443 from the scheme. */
  port: number;
  /** Whether the URL names the port itself. */
  portInUrl: boolean;
  /** The ports the WSUS site listens on for this scheme (wsusEndpoint: binding, log, bundle.json). */
  sitePorts: number[];
};

/**
 * Every policy URL whose port can be compared: its port and the site's ports for its scheme
 * (wsusEndpoint: IIS binding, IIS log s-port, then bundle.json). The rule compares them. With no
 * known port the check cannot be made: the catalogue and the guide ("confirm the port number in
 * IIS") both need the site's real port, so not evaluable.
 */
export function gpoPort(facts: Facts): {
  evaluable: boolean;
  reason: string;
  expected: string;
  urls: GpoPortRow[];
} {
  const endpoint = wsusEndpoint(facts);
  const rows: GpoPortRow[] = [];
  const urls = policyServerUrls(facts);
  const updateHosts = urls.filter((url) => url.role === "update" && url.host).map((url) => url.host!);
  for (const url of urls) {
    if (url.effectivePort === undefined || !url.scheme || !url.host) continue;
    // A statistics server on another host is another server: its port is not this site's.
    if (url.role === "status" && !updateHosts.some((host) => sameHost(host, url.host!))) continue;
    const ports = url.scheme === "https" ? endpoint.httpsPorts : endpoint.httpPorts;
    if (ports.length === 0) continue;
    // Words for the finding; whether the ports differ is the rule's comparison.
    const problem = ports.includes(url.effectivePort)
      ? {}
      : {
          problem:
            url.port === undefined
              ? `no port in the URL, so the client uses ${url.effectivePort}; the WSUS site listens on ${ports.join(", ")}`
              : `port ${url.port}, but the WSUS site listens on ${ports.join(", ")}`,
        };
    rows.push({
      ...urlRow(url, { expected: `${url.scheme}://${url.host}:${ports[0]}`, ...problem }),
      scheme: url.scheme,
      port: url.effectivePort,
      portInUrl: url.port !== undefined,
      sitePorts: ports,
    });
  }
  if (rows.length === 0) {
    const reason =
      urls.length === 0
        ? viewsOf(facts).some(hasWsusPolicy)
          ? "no policy URL is set (GPO.INTRANET_LOCATION)"
          : noWsusReason(facts)
        : `the port the WSUS site listens on is unknown for this scheme (${endpoint.detail}): add the IIS configuration or logs, or wsus.port in bundle.json`;
    return { evaluable: false, expected: endpoint.detail, reason, urls: rows };
  }
  return { evaluable: true, expected: endpoint.detail, reason: endpoint.detail, urls: rows };
}

// ------------------------------------------------------------------ GPO.DUAL_SCAN

/**
 * Whether two GPOs (by name) can reach the same computers: the same GPO, an enabled link of one at or
 * below an enabled link of the other (inheritance runs from a container to everything below it), or
 * no link information for one of them (the bundle holds both for the same clients; unknown otherwise).
 */
function sameScope(facts: Facts, first: string | undefined, second: string | undefined): boolean {
  if (first === undefined || second === undefined || first === second) return true;
  const gpos = (gpoOf(facts)?.gpos ?? []) as GpoDefinition[];
  const a = gpos.find((gpo) => gpo.name === first);
  const b = gpos.find((gpo) => gpo.name === second);
  if (!a || !b || !a.linkInfo || !b.linkInfo) return true;
  const paths = (gpo: GpoDefinition) =>
    gpo.links.filter((link) => link.enabled).map((link) => link.somPath.toLowerCase());
  const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}/`);
  return paths(a).some((left) => paths(b).some((right) => within(left, right) || within(right, left)));
}

/** A dual-scan setting of one view, with the view's observations the rule compares. */
export type GpoDualScanRow = GpoRow & {
  /** Windows Update for Business deferral switches in effect in this view (knowledge/gpo.md §1.6). */
  deferrals: number;
  /** DisableDualScan = 1 in this view. */
  disableDualScan: boolean;
  /** The scan-source policy sends feature and quality scans to WSUS in this view. */
  scanSourceWsus: boolean;
};

/**
 * Per view with the intranet location enabled: the deferral switches in effect, DisableDualScan and
 * the scan-source policy. The rules decide (knowledge/gpo.md §1.6): GPO.DUAL_SCAN fires on WSUS +
 * a deferral with neither mitigation (every Windows 10 1607+ / 11 client); the scan-source variant
 * on WSUS + deferral + DisableDualScan=1 without the scan-source policy (Windows 10 2004+, KB5005101,
 * and Windows 11 do not honour DisableDualScan alone).
 */
export function gpoDualScan(facts: Facts): GpoObservations<GpoDualScanRow> {
  const views = viewsOf(facts).filter((view) => settingsOf(view).UseWUServer?.value === 1);
  if (views.length === 0) {
    return {
      evaluable: false,
      reason: viewsOf(facts).some(hasWsusPolicy)
        ? "the intranet location is not enabled (UseWUServer is not 1): dual scan needs WSUS to be configured (GPO.INTRANET_LOCATION)"
        : noWsusReason(facts),
      rows: [],
    };
  }
  const rows: GpoDualScanRow[] = [];
  for (const view of views) {
    const settings = settingsOf(view);
    const useWu = settings.UseWUServer!;
    // In a GPO-definitions view a deferral only counts when its GPO reaches the same computers as the
    // WSUS GPO (a client's RSoP or .reg export proves that by itself).
    const deferrals = DEFERRAL_SWITCHES.map((name) => settings[name]).filter(
      (setting) =>
        setting?.value === 1 && (view.kind !== "gpo-definitions" || sameScope(facts, setting.gpo, useWu.gpo)),
    ) as EffectiveSetting[];
    // Every row of a view carries the view's observations, so a rule selecting rows selects views.
    const observed = {
      deferrals: deferrals.length,
      disableDualScan: settings.DisableDualScan?.value === 1,
      scanSourceWsus:
        settings.UseUpdateClassPolicySource?.value === 1 &&
        settings.SetPolicyDrivenUpdateSourceForFeatureUpdates?.value === 1 &&
        settings.SetPolicyDrivenUpdateSourceForQualityUpdates?.value === 1,
    };
    if (deferrals.length === 0) {
      rows.push({ ...row(view, "Windows Update for Business deferrals", "none", useWu), ...observed });
      continue;
    }
    const viewRows: GpoRow[] = [
      row(view, "UseWUServer", useWu.value, useWu),
      ...deferrals.map((setting) =>
        row(view, setting.name, setting.value, setting, { problem: "Windows Update for Business deferral" }),
      ),
      ...["DeferFeatureUpdatesPeriodInDays", "DeferQualityUpdatesPeriodInDays"]
        .filter((name) => settings[name])
        .map((name) => row(view, name, settings[name]!.value, settings[name])),
      row(view, "DisableDualScan", settings.DisableDualScan?.value, settings.DisableDualScan ?? useWu, {
        expected: "1 (Windows 10)",
      }),
      ...[
        "UseUpdateClassPolicySource",
        "SetPolicyDrivenUpdateSourceForFeatureUpdates",
        "SetPolicyDrivenUpdateSourceForQualityUpdates",
      ].map((name) =>
        row(view, name, settings[name]?.value, settings[name] ?? useWu, {
          expected: "1 (WSUS; Windows 10 2004+ / 11)",
        }),
      ),
    ];
    rows.push(...viewRows.map((entry) => ({ ...entry, ...observed })));
  }
  return { evaluable: true, reason: `${views.length} view(s) with the intranet location enabled`, rows };
}

// ------------------------------------------------------------------ catalogue

const CHECK_RETURNS = `{ evaluable: boolean; reason: string; failing: Row[]; checked: Row[] } (${COLUMNS_NOTE})`;
const EXAMPLE_ROW: GpoRow = {
  target: "computer CORP\\PC0042$ (gpresult pc0042-rsop.xml)",
  gpo: "WSUS - Clients",
  gpoName: "WSUS - Clients",
  setting: "WUServer",
  value: "http://wsus01.corp.example",
  expected: "http://wsus01.corp.example:8530",
  problem: "no port in the URL, so the client uses 80; the WSUS site listens on 8530",
  file: "gpo/pc0042-rsop.xml",
  line: 58,
};
const EXAMPLE = {
  evaluable: true,
  reason: "bundle.json says the WSUS site listens on port 8530",
  failing: [EXAMPLE_ROW],
  checked: [],
};

export const gpoFacts: FactDefinition[] = [
  {
    name: "gpoLinkage",
    description:
      "GPO.LINKED: whether a GPO setting the Windows Update (WSUS) policies applies. From a gpresult: per computer, and the GPOs not applied with the reason derived from their flags. Else from Get-GPOReport: WSUS GPOs not linked, links disabled, computer side disabled, or no WSUS GPO in a complete -All export. Not evaluable from Registry.pol / .reg alone.",
    sources: ["gpo"],
    returns: `${CHECK_RETURNS} & { scope: "rsop" | "gpo-reports" | "none" }`,
    example: { ...EXAMPLE, scope: "rsop" },
    compute: (facts) => gpoLinkage(facts),
  },
  {
    name: "gpoPolicyCheck",
    description:
      "A Windows Update policy that must be Enabled in every policy view that receives a WSUS policy (state as printed by gpresult / Get-GPOReport, else derived from its registry value), plus registry values that must have a given value.",
    sources: ["gpo"],
    params: {
      policy: {
        type: "string",
        description: "ADMX policy id from src/knowledge/gpo-policies.ts, e.g. AutoUpdateCfg, CorpWuURL",
        required: true,
      },
      requiredValues: {
        type: "object",
        description: 'Registry values that must equal the given value, e.g. { "UseWUServer": 1 }',
      },
    },
    returns: `{ evaluable: boolean; reason: string; rows: Row[] } (${COLUMNS_NOTE}; a row per compared setting: the policy state, expected "Enabled", and each required value)`,
    example: { evaluable: true, reason: "1 policy view(s) checked", rows: [EXAMPLE_ROW] },
    compute: (facts, params) => gpoPolicyCheck(facts, params),
  },
  {
    name: "gpoServerUrlForm",
    description:
      'GPO.SERVER_URL observations: each WUServer with the form problems found in it (problems: empty, missing, whitespace, no-scheme, bad-scheme, no-host, bad-port, path, query, trailing-slash); a WUServer missing while UseWUServer=1 is a row with "missing". The rule selects the problems it reports.',
    sources: ["gpo"],
    returns: `{ evaluable: boolean; reason: string; rows: (Row & { problems: string[] })[] } (${COLUMNS_NOTE})`,
    example: {
      evaluable: true,
      reason: "WUServer checked",
      rows: [{ ...EXAMPLE_ROW, problems: ["no-scheme"] }],
    },
    compute: (facts) => gpoServerUrlForm(facts),
  },
  {
    name: "gpoServerUrlHost",
    description:
      "GPO.SERVER_URL: policy URLs whose host is not the WSUS server the bundle names (short name vs FQDN of the same host matches; IP literals are not compared with names).",
    sources: ["gpo"],
    returns: `${CHECK_RETURNS} & { expected: string }`,
    example: { ...EXAMPLE, expected: "wsus01.corp.example" },
    compute: (facts) => gpoServerUrlHost(facts),
  },
  {
    name: "gpoStatusServer",
    description:
      'GPO.STATUS_SERVER observations: per policy view that sets WUServer, WUStatusServer next to it, both normalised (statusUrl: null when not set, "" when empty; updateUrl). The rules compare them.',
    sources: ["gpo"],
    returns: `{ evaluable: boolean; reason: string; rows: (Row & { statusUrl: string | null; updateUrl: string })[] } (${COLUMNS_NOTE})`,
    example: {
      evaluable: true,
      reason: "WUStatusServer compared with WUServer",
      rows: [
        {
          ...EXAMPLE_ROW,
          setting: "WUStatusServer",
          statusUrl: null,
          updateUrl: "http://wsus01.corp.example:8530",
        },
      ],
    },
    compute: (facts) => gpoStatusServer(facts),
  },
  {
    name: "gpoPort",
    description:
      "GPO.PORT observations: each policy URL with the port the client uses (explicit, else 80/443) and the ports the WSUS site listens on for its scheme (sitePorts, from wsusEndpoint). Not evaluable when no port is known. The rule compares port with sitePorts.",
    sources: ["gpo"],
    returns:
      "{ evaluable: boolean; reason: string; expected: string; urls: (GpoRow & { scheme: string; port: number; portInUrl: boolean; sitePorts: number[] })[] }",
    example: {
      evaluable: true,
      reason: "bundle.json says the WSUS site listens on port 8530",
      expected: "bundle.json says the WSUS site listens on port 8530",
      urls: [{ ...EXAMPLE_ROW, scheme: "http", port: 80, portInUrl: false, sitePorts: [8530] }],
    },
    compute: (facts) => gpoPort(facts),
  },
  {
    name: "gpoDualScan",
    description:
      "GPO.DUAL_SCAN observations: per view with the intranet location enabled, the settings that decide dual scan; every row carries its view's deferrals (switches in effect), disableDualScan and scanSourceWsus (knowledge/gpo.md §1.6). The rules compare them.",
    sources: ["gpo"],
    returns: `{ evaluable: boolean; reason: string; rows: (Row & { deferrals: number; disableDualScan: boolean; scanSourceWsus: boolean })[] } (${COLUMNS_NOTE})`,
    example: {
      evaluable: true,
      reason: "1 view(s) with the intranet location enabled",
      rows: [
        {
          ...EXAMPLE_ROW,
          setting: "DeferFeatureUpdates",
          deferrals: 1,
          disableDualScan: false,
          scanSourceWsus: false,
        },
      ],
    },
    compute: (facts) => gpoDualScan(facts),
  },
  {
    name: "gpoServerUrls",
    description:
      "The effective WUServer and WUStatusServer of every policy view, parsed: { role, setting, view, raw, scheme, host, port, effectivePort, path, valid, problems, conflicting, provenance }.",
    sources: ["gpo"],
    returns: "PolicyServerUrl[]",
    example: [
      {
        role: "update",
        setting: "WUServer",
        view: "computer CORP\\PC0042$",
        raw: "http://wsus01.corp.example:8530",
        scheme: "http",
        host: "wsus01.corp.example",
        port: 8530,
        effectivePort: 8530,
        path: "",
        valid: true,
        problems: [],
        conflicting: false,
        provenance: { file: "gpo/pc0042-rsop.xml", line: 58, gpo: "WSUS - Clients", kind: "gpresult-xml" },
      },
    ],
    compute: (facts) => policyServerUrls(facts),
  },
];
