/**
 * Security-log .evtx of an NPS server (issue 19: 1–4 GB, must not be skipped, < 300 MB): NPS events
 * 6272/6273 of 10,000 machines between other audit events, written by test/collectors/nps/evtx-writer.ts
 * in the layout libevtx reads as Windows' own. Against `evtxexport` (libevtx), which renders every
 * record. Sizes: WSUS_AUDIT_BENCH_SIZES (default 1024 MB).
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { evtxFileHeader, npsEvent, npsEvtxChunks } from "../test/collectors/nps/evtx-writer.js";
import { runKindBench } from "./kinds/harness.js";

/** Writes chunks until the file reaches `mb` MB (at most 65,535 chunks: the header's count is 16-bit). */
function generate(out: string, mb: number): void {
  const wanted = Math.min(65_535, Math.floor((mb * 1024 * 1024 - 0x1000) / 0x10000));
  const fd = openSync(out, "w");
  try {
    writeSync(fd, Buffer.alloc(0x1000));
    let chunks = 0;
    let n = 0;
    const events = (function* () {
      for (;;) yield npsEvent(n++);
    })();
    for (const chunk of npsEvtxChunks(events)) {
      writeSync(fd, chunk);
      if (++chunks === wanted) break;
    }
    writeSync(fd, evtxFileHeader(chunks, BigInt(n + 1)), 0, 0x1000, 0);
  } finally {
    closeSync(fd);
  }
}

export default () =>
  runKindBench({
    name: "evtx-security",
    fileName: "Security.evtx",
    defaultSizesMb: [1024],
    generate,
    reference: { label: "evtxexport", command: "evtxexport", args: (file) => [file] },
    verify: (result) => {
      const nps = result.facts["nps"] as { events?: unknown } | undefined;
      return nps ? undefined : "no NPS facts from the Security log";
    },
  });
