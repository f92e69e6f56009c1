/**
 * Application log .evtx benchmark (issue 19): the real Application log of test/fixtures grown to the
 * size by ../shared/bench/gen-evtx.py (its used chunks repeated, records renumbered, CRCs rewritten),
 * with the Security-SPP provider renamed to "Windows Server Update Services" (same length) so the
 * file holds WSUS events whose data is decoded. Against `evtxexport` (libevtx), which renders every
 * record. Sizes: WSUS_AUDIT_BENCH_SIZES (default 128 and 1024 MB).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runKindBench, SHARED_BENCH } from "./kinds/harness.js";

const SOURCE = fileURLToPath(new URL("../test/fixtures/eventlog/ts-evtx_Application.evtx", import.meta.url));

export default () =>
  runKindBench({
    name: "evtx",
    fileName: "Application.evtx",
    generate: (out, mb) => {
      execFileSync(
        "python3",
        [
          join(SHARED_BENCH, "gen-evtx.py"),
          SOURCE,
          out,
          "--mb",
          String(mb),
          "--patch",
          "Microsoft-Windows-Security-SPP=Windows Server Update Services",
        ],
        { stdio: ["ignore", "ignore", "inherit"] },
      );
    },
    reference: { label: "evtxexport", command: "evtxexport", args: (file) => [file] },
    verify: (result) => {
      const wsus = (result.facts["eventlog"] as { wsus?: { total?: number } } | undefined)?.wsus;
      return (wsus?.total ?? 0) > 0 ? undefined : "no WSUS event read from the .evtx";
    },
  });
