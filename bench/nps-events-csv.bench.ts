/**
 * NPS events 6272–6280, Event Viewer CSV export (issue 19): the sample export of
 * samples/nps-mixed-client-states grown to the size (../shared/bench/gen-replicate.py), one machine
 * per event over WSUS_AUDIT_BENCH_NPS_CLIENTS machines (default 10,000; 100,000 is the issue's
 * estate), alone in a bundle, against one awk pass counting the first field of every line.
 */
import { runKindBench } from "./kinds/harness.js";
import { eventClients, generateEventExport, verifyEvents } from "./kinds/nps.js";

const clients = eventClients();

export default () =>
  runKindBench({
    name: `nps-events-csv-${clients}`,
    fileName: "Security-NPS.csv",
    generate: (out, mb) => generateEventExport("csv", out, mb, clients),
    reference: { label: "awk", command: "awk", args: (file) => ["-F,", "{c[$1]++}", file] },
    verify: verifyEvents,
  });
