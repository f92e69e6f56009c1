/**
 * Who acts on a check's finding and how much work it is, for the manager's first page: the role
 * that owns the system the fix changes, and the effort as a manager plans it — minutes (one
 * setting, no outage), hours (several servers or clients, a test), or a change window (a restart
 * or a policy change that every WSUS client feels). Per check where it differs from its area.
 */
import type { Area } from "../engine/types.js";

export type Owner = "wsus" | "gpo" | "network" | "desktop";
export type Effort = "minutes" | "hours" | "change-window";

export interface Action {
  owner: Owner;
  effort: Effort;
}

const BY_AREA: Record<Area, Action> = {
  gpo: { owner: "gpo", effort: "minutes" },
  acl: { owner: "wsus", effort: "minutes" },
  iis: { owner: "wsus", effort: "minutes" },
  evt: { owner: "wsus", effort: "hours" },
  nps: { owner: "network", effort: "hours" },
  clients: { owner: "desktop", effort: "hours" },
  client: { owner: "desktop", effort: "hours" },
};

const BY_CHECK: Record<string, Action> = {
  // A policy URL or port change reaches every client at its next refresh: plan it.
  "GPO.SERVER_URL": { owner: "gpo", effort: "change-window" },
  "GPO.PORT": { owner: "gpo", effort: "change-window" },
  "GPO.DUAL_SCAN": { owner: "gpo", effort: "change-window" },
  // Application pool and IIS changes restart the web services every client uses.
  "IIS.POOL_UNAVAILABLE": { owner: "wsus", effort: "change-window" },
  "IIS.POOL_SETTINGS": { owner: "wsus", effort: "change-window" },
  "IIS.SSL_CONFIG": { owner: "wsus", effort: "change-window" },
  "IIS.CONTENT_MISSING": { owner: "wsus", effort: "hours" },
  "IIS.SERVER_ERRORS": { owner: "wsus", effort: "hours" },
  "IIS.CLIENTS_NOT_REPORTING": { owner: "desktop", effort: "hours" },
  "ACL.PROCMON_DENIED": { owner: "wsus", effort: "hours" },
  // A cloned image: every copy needs its client ID reset.
  "CLIENTS.DUPLICATE_ID": { owner: "desktop", effort: "hours" },
  "CLIENTS.NOT_REGISTERED": { owner: "gpo", effort: "hours" },
  "CLIENT.WRONG_SERVER": { owner: "gpo", effort: "minutes" },
  "CLIENT.CONNECTION": { owner: "network", effort: "hours" },
  "CLIENT.HTTP_ERRORS": { owner: "wsus", effort: "minutes" },
};

/** The action for a finding that implements these checks: the heaviest of them. */
export function actionFor(checks: readonly string[], area: Area): Action {
  const order: Effort[] = ["minutes", "hours", "change-window"];
  const candidates = checks.map((check) => BY_CHECK[check]).filter((action): action is Action => !!action);
  if (candidates.length === 0) return BY_AREA[area] ?? { owner: "wsus", effort: "hours" };
  return candidates.reduce((heaviest, action) =>
    order.indexOf(action.effort) > order.indexOf(heaviest.effort) ? action : heaviest,
  );
}
