/**
 * A scanner's aggregates as plain data (PartialW3c): what merge.ts combines across files into the
 * `iisLog` fact. ApiRemoting30 401s that waited longer than the handshake window become failures
 * first; the rest are handed on as pending.
 */
import type { Problem } from "../../types.js";
import type { PartialW3c } from "../partial.js";
import type { AddressKeys } from "./addresses.js";
import type { AuthFailures } from "./auth-failures.js";
import type { ClientTable } from "./client-table.js";
import type { Directives } from "./directives.js";
import type { Responses } from "./responses.js";
import type { HourTable, PortTable, ServerTable } from "./traffic.js";
import type { VdirTable } from "./vdirs.js";
import type { LineScope } from "./line-scope.js";

export interface ScanState {
  lines: number;
  records: number;
  rejected: number;
  unsampledRejected: number;
  problems: readonly Problem[];
  /** Earliest and latest request time (±Infinity before any). */
  first: number;
  last: number;
  directives: Directives;
  vdirs: VdirTable;
  addresses: AddressKeys;
  responses: Responses;
  failures: AuthFailures;
  hours: HourTable;
  ports: PortTable;
  servers: ServerTable;
  clients: ClientTable;
  clientOverflowRequests: number;
  forwardedFor: { field: string; requests: number } | undefined;
  lineScope: LineScope;
}

export function snapshotOf(state: ScanState): PartialW3c {
  const vdirName = (idx: number): string => state.vdirs.nameOf(idx);
  const tailPending = state.failures.settle(state.last, state.vdirs);
  const responses = state.responses.partial(vdirName);
  return {
    lines: state.lines,
    records: state.records,
    rejected: state.rejected,
    problems: [...state.problems],
    unsampledRejected: state.unsampledRejected,
    software: state.directives.software,
    fieldSets: [...state.directives.fieldSets],
    first: Number.isFinite(state.first) ? state.first : undefined,
    last: Number.isFinite(state.last) ? state.last : undefined,
    responses,
    authFailures: state.failures.partial(vdirName),
    consoleHandshakes: state.failures.consoleHandshakes,
    hours: state.hours.partial(),
    clients: state.clients.partial((key) => state.addresses.name(key)),
    clientOverflowRequests: state.clientOverflowRequests,
    ...(state.forwardedFor ? { forwardedFor: state.forwardedFor } : {}),
    ports: state.ports.partial(vdirName),
    serverAddresses: state.servers.partial(),
    samples: [...state.responses.samples],
    authFailureSamples: [...state.failures.samples],
    tailPending,
    ...state.lineScope.partial(state.records, responses),
  };
}
