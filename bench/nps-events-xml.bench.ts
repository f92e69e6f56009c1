/**
 * NPS events 6272–6280, Event Viewer XML export (issue 19): the sample export of
 * samples/nps-no-wsus-server grown to the size (../shared/bench/gen-replicate.py), one machine per
 * event over WSUS_AUDIT_BENCH_NPS_CLIENTS machines (default 10,000; 100,000 is the estate),
 * alone in a bundle, against `xmllint --stream --noout`.
 */
import { runKindBench } from "./kinds/harness.js";
import { eventClients, generateEventExport, verifyEvents } from "./kinds/nps.js";

const clients = eventClients();

export default () =>
  runKindBench({
    name: `nps-events-xml-${clients}`,
    fileName: "Security-NPS.xml",
    generate: (out, mb) => generateEventExport("xml", out, mb, clients),
    reference: { label: "xmllint", command: "xmllint", args: (file) => ["--stream", "--noout", file] },
    verify: verifyEvents,
  });
