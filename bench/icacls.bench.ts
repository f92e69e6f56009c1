/**
 * icacls benchmark (issue 19): `icacls D:\WSUS /T` of many paths (../shared/bench/gen-icacls.py,
 * UTF-16LE with BOM, CRLF, a DENY every 5,000 paths) alone in a bundle, against `iconv -f UTF-16LE
 * -t UTF-8 | awk` counting the DENY entries. 100,000 paths are about 130 MB. Sizes:
 * WSUS_AUDIT_BENCH_SIZES (default 130 and 1300 MB: 100,000 and 1,000,000 paths).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { runKindBench, SHARED_BENCH } from "./kinds/harness.js";

const MB_PER_100K_PATHS = 130;

export default () =>
  runKindBench({
    name: "icacls",
    fileName: "acl/icacls-wsus.txt",
    defaultSizesMb: [130, 1300],
    generate: (out, mb) => {
      const paths = Math.round((mb / MB_PER_100K_PATHS) * 100_000);
      execFileSync("python3", [join(SHARED_BENCH, "gen-icacls.py"), out, "--paths", String(paths)], {
        stdio: ["ignore", "ignore", "inherit"],
      });
    },
    reference: {
      label: "iconv+awk",
      command: "sh",
      args: (file) => [
        "-c",
        `iconv -f UTF-16LE -t UTF-8 "$1" | awk '/DENY/{c++} END{print c+0}'`,
        "sh",
        file,
      ],
    },
    verify: (result) => {
      const acl = result.facts["acl"] as { objects?: unknown[] } | undefined;
      return (acl?.objects?.length ?? 0) > 0 ? undefined : "facts.acl holds no object";
    },
  });
