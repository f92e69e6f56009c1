/**
 * Get-GPOReport -All benchmark (issue 19): a domain of 2,000 GPOs (../shared/bench/gen-gpo-report.py
 * grown from samples/healthy/gpo/gpos-all.xml, UTF-16LE with BOM, CRLF) alone in a bundle, against
 * `xmllint --stream --noout` (one streaming pass over the same UTF-16 document). The size sets the
 * GPOs' size, the count stays 2,000. Sizes: WSUS_AUDIT_BENCH_SIZES (default 200 MB).
 */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runKindBench, SHARED_BENCH } from "./kinds/harness.js";

const GPOS = 2000;
const sample = fileURLToPath(new URL("../samples/healthy/gpo/gpos-all.xml", import.meta.url));

export default () =>
  runKindBench({
    name: "gpo-report",
    fileName: "gpo/gpos-all.xml",
    defaultSizesMb: [200],
    generate: (out, mb) => {
      // the generator counts characters: UTF-16 doubles them on disk
      const kbPerGpo = (mb * 1024) / GPOS / 2;
      execFileSync(
        "python3",
        [
          join(SHARED_BENCH, "gen-gpo-report.py"),
          sample,
          out,
          "--gpos",
          String(GPOS),
          "--kb-per-gpo",
          String(kbPerGpo),
        ],
        { stdio: ["ignore", "ignore", "inherit"] },
      );
    },
    reference: { label: "xmllint", command: "xmllint", args: (file) => ["--stream", "--noout", file] },
    verify: (result) => {
      const gpo = result.facts["gpo"] as { gpos?: unknown[] } | undefined;
      const count = gpo?.gpos?.length ?? 0;
      return count >= GPOS ? undefined : `facts.gpo.gpos holds ${count} GPOs, expected ${GPOS}`;
    },
  });
