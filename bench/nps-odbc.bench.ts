/**
 * NPS accounting log, database-compatible (ODBC) format (issue 19): a generated month of
 * RADIUS traffic (../shared/bench/gen-nps.mjs --format odbc, 10,000 clients, half of them NAP) alone in a
 * bundle, against one awk pass counting the packet types.
 */
import { runKindBench } from "./kinds/harness.js";
import { generateAccounting, verifyAccounting } from "./kinds/nps.js";

export default () =>
  runKindBench({
    name: "nps-odbc",
    fileName: "IN2611.log",
    generate: (out, mb) => generateAccounting("odbc", out, mb),
    reference: { label: "awk", command: "awk", args: (file) => ["-F,", "{c[$5]++}", file] },
    verify: verifyAccounting,
  });
