/**
 * Application log XML export benchmark (issue 19): Event Viewer's "Save All Events As… XML" of a real
 * Application log (test/fixtures/eventlog/ts-evtx_Application.xml) grown to the size by
 * ../shared/bench/gen-replicate.py, the Security-SPP provider renamed to WSUS so the file holds WSUS
 * events. Against one `xmllint --stream --noout` pass. Sizes: WSUS_AUDIT_BENCH_SIZES (default 128, 1024).
 */
import { fileURLToPath } from "node:url";
import { replicateExport, runKindBench } from "./kinds/harness.js";

const SOURCE = fileURLToPath(new URL("../test/fixtures/eventlog/ts-evtx_Application.xml", import.meta.url));

export default () =>
  runKindBench({
    name: "event-xml",
    fileName: "Application.xml",
    generate: (out, mb) =>
      replicateExport(SOURCE, out, mb, [
        "--record",
        "<Event[ >].*?</Event>",
        "--patch",
        "Microsoft-Windows-Security-SPP=Windows Server Update Services",
      ]),
    reference: { label: "xmllint", command: "xmllint", args: (file) => ["--stream", "--noout", file] },
    verify: (result) => {
      const wsus = (result.facts["eventlog"] as { wsus?: { total?: number } } | undefined)?.wsus;
      return (wsus?.total ?? 0) > 0 ? undefined : "no WSUS event read from the XML";
    },
  });
