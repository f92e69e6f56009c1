/**
 * NPS accounting log, IAS format (issue 19): a generated month of
 * RADIUS traffic (../shared/bench/gen-nps.mjs --format ias, 10,000 clients, half of them NAP) alone in a
 * bundle, against one awk pass counting the packet types.
 */
import { runKindBench } from "./kinds/harness.js";
import { generateAccounting, verifyAccounting } from "./kinds/nps.js";

export default () =>
  runKindBench({
    name: "nps-ias",
    fileName: "IN2611.log",
    generate: (out, mb) => generateAccounting("ias", out, mb),
    reference: { label: "awk", command: "awk", args: (file) => ["-F,", "{c[$5]++}", file] },
    verify: verifyAccounting,
  });
