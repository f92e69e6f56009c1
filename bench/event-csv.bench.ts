/**
 * Application log CSV export benchmark (issue 19): Event Viewer's "Save All Events As… CSV" (UTF-16LE
 * with BOM, CRLF, multi-line messages; test/fixtures/eventlog/eventviewer-en.csv) grown to the size by
 * ../shared/bench/gen-replicate.py. Against iconv + one awk pass counting the sources.
 * Sizes: WSUS_AUDIT_BENCH_SIZES (default 128 and 1024 MB).
 */
import { fileURLToPath } from "node:url";
import { replicateExport, runKindBench } from "./kinds/harness.js";

const SOURCE = fileURLToPath(new URL("../test/fixtures/eventlog/eventviewer-en.csv", import.meta.url));
const LEVELS = "Information|Warning|Error|Critical|Verbose|Audit Success|Audit Failure";

export default () =>
  runKindBench({
    name: "event-csv",
    fileName: "Application.csv",
    generate: (out, mb) =>
      replicateExport(SOURCE, out, mb, ["--record", `(?m)^(?:${LEVELS}),.*?(?=^(?:${LEVELS}),|\\Z)`]),
    reference: {
      label: "iconv+awk",
      command: "sh",
      args: (file) => ["-c", `iconv -f UTF-16 -t UTF-8 "${file}" | awk -F, '{c[$3]++}'`],
    },
    verify: (result) => {
      const wsus = (result.facts["eventlog"] as { wsus?: { total?: number } } | undefined)?.wsus;
      return (wsus?.total ?? 0) > 0 ? undefined : "no WSUS event read from the CSV";
    },
  });
