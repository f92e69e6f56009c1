/**
 * HTTPERR benchmark (issue 19): a busy WSUS server's HTTP.sys error log
 * (../shared/bench/gen-httperr.mjs) alone in a bundle, against one awk pass counting the reason
 * phrases. Sizes: WSUS_AUDIT_BENCH_SIZES (default 128 and 1024 MB).
 */
import { closeSync, openSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { runKindBench, SHARED_BENCH } from "./kinds/harness.js";

export default () =>
  runKindBench({
    name: "httperr",
    fileName: "httperr1.log",
    generate: (out, mb) => {
      const fd = openSync(out, "w");
      try {
        execFileSync(
          process.execPath,
          [join(SHARED_BENCH, "gen-httperr.mjs"), "--mb", String(mb), "--out", "/dev/stdout"],
          {
            stdio: ["ignore", fd, "inherit"],
          },
        );
      } finally {
        closeSync(fd);
      }
    },
    reference: { label: "awk", command: "awk", args: (file) => ["!/^#/{c[$11]++}", file] },
  });
