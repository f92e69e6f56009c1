/** The registry of evidence sources: the one place a new source is plugged in. */
import type { Collector, EvidenceSource } from "./types.js";
import { gpoSource } from "./gpo/index.js";
import { aclSource } from "./acl/index.js";
import { procmonSource } from "./procmon/index.js";
import { eventlogSource } from "./eventlog/index.js";
import { iisLogSource } from "./iis-log/index.js";
import { httpErrSource } from "./httperr/index.js";
import { iisConfigSource } from "./iis-config/index.js";
import { npsSource } from "./nps/index.js";
import { wsusComputersSource } from "./wsus-computers/index.js";
import { adComputersSource } from "./ad-computers/index.js";
import { clientSource } from "./client/index.js";
import { wsusSetupSource } from "./wsus-setup/index.js";

export const SOURCES: readonly EvidenceSource[] = [
  gpoSource,
  aclSource,
  procmonSource,
  eventlogSource,
  iisLogSource,
  httpErrSource,
  iisConfigSource,
  npsSource,
  wsusComputersSource,
  adComputersSource,
  wsusSetupSource,
  clientSource,
] as EvidenceSource[];

export const COLLECTORS: readonly Collector[] = SOURCES.flatMap((source) => source.collectors);
