/**
 * Process Monitor benchmark (issue 19): an unfiltered capture exported as CSV
 * (../shared/bench/gen-procmon.mjs: 7 columns, UTF-8 BOM, CRLF, 0.1 % ACCESS DENIED) alone in a
 * bundle, against one awk pass counting the denials per process. Sizes: WSUS_AUDIT_BENCH_SIZES
 * (default 128 and 1024 MB).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { runKindBench, SHARED_BENCH } from "./kinds/harness.js";

export default () =>
  runKindBench({
    name: "procmon",
    fileName: "procmon-capture.csv",
    generate: (out, mb) => {
      execFileSync(
        process.execPath,
        [join(SHARED_BENCH, "gen-procmon.mjs"), "--mb", String(mb), "--out", out],
        {
          stdio: "inherit",
        },
      );
    },
    // the one pass the collector's work is compared with: find the denials, group them by process
    reference: { label: "awk", command: "awk", args: (file) => ["-F", '","', "/DENIED/{c[$2]++}", file] },
    verify: (result) => {
      const procmon = result.facts["procmon"] as { events?: number; deniedEvents?: number } | undefined;
      if (!procmon?.events) return "no procmon events in result.json";
      if (!procmon.deniedEvents) return "no ACCESS DENIED events found in a capture that has them";
      return undefined;
    },
  });
