/**
 * Facts: the merged, JSON-serialisable view of a bundle that rules run over.
 * One top-level key per evidence source present in the bundle (absent when the bundle
 * holds no evidence of that source), plus `bundle`, which is always there.
 */
import type { BundleManifest } from "../bundle/types.js";
import type { SourceName } from "./types.js";
import type { GpoFacts } from "./gpo/facts.js";
import type { AclFacts } from "./acl/facts.js";
import type { ProcmonFacts } from "./procmon/facts.js";
import type { EventLogFacts } from "./eventlog/facts.js";
import type { IisLogFacts } from "./iis-log/facts.js";
import type { HttpErrFacts } from "./httperr/facts.js";
import type { IisConfigFacts } from "./iis-config/facts.js";
import type { NpsFacts } from "./nps/facts.js";
import type { WsusComputersFacts } from "./wsus-computers/facts.js";
import type { AdComputersFacts } from "./ad-computers/facts.js";
import type { ClientFacts } from "./client/facts.js";
import type { WsusSetupFacts } from "./wsus-setup/facts.js";

export interface BundleFacts {
  name: string;
  manifest: BundleManifest;
  /** The WSUS server as the manifest describes it (evidence-derived values live in their sources). */
  wsus: { server?: string; port?: number; ssl?: boolean; contentDir?: string };
  /** Evidence sources with at least one parsed file. */
  sources: SourceName[];
  /** Evidence kinds with at least one parsed file. */
  kinds: string[];
}

export interface Facts {
  bundle: BundleFacts;
  gpo?: GpoFacts;
  acl?: AclFacts;
  procmon?: ProcmonFacts;
  eventlog?: EventLogFacts;
  iisLog?: IisLogFacts;
  httpErr?: HttpErrFacts;
  iisConfig?: IisConfigFacts;
  nps?: NpsFacts;
  wsusComputers?: WsusComputersFacts;
  adComputers?: AdComputersFacts;
  wsusSetup?: WsusSetupFacts;
  client?: ClientFacts;
}
