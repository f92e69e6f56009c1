/**
 * The logs of the IIS golden test (iis-golden.test.ts): ~50 MB from the shared deterministic
 * generator, and the same bytes with real fixture blocks spliced in (console handshakes on
 * ApiRemoting30, a #Fields order change, an IIS 6 block, malformed lines), so that the rare paths
 * also run at size. bench/iis/record-golden.ts records their facts into
 * test/fixtures/iis/golden-50mb.facts.json.gz.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const GENERATOR = join(root, "bench", "gen-iis-log.mjs");
const FIX = join(root, "test", "fixtures", "iis");
export const GOLDEN_FACTS = join(FIX, "golden-50mb.facts.json.gz");

/** The generator's header: generated lines after a spliced block need it back. */
const GEN_FIELDS =
  "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken\r\n";

export function writeGoldenLogs(dir: string): { plain: string; mixed: string } {
  const plain = join(dir, "u_ex261001.log");
  execFileSync(process.execPath, [GENERATOR, "--mb", "50", "--clients", "2000", "--out", plain]);
  const bytes = readFileSync(plain);
  const inserts = [
    "u_ex261002-console.log",
    "u_ex261001-fields-change.log",
    "plaso-iis6.log",
    "u_ex261001-fields-change-lf.log",
  ].map((name) => readFileSync(join(FIX, name), "latin1"));
  inserts.push(
    "2026-10-03 garbage without enough values\r\n" +
      "#Remark: a line too short, then a stem with upper case and a 401.2 from a second address\r\n" +
      "2026-10-03 12:00:00 10.20.0.5 GET /CONTENT/AB/x.cab - 8530 - 10.30.0.7 Microsoft-Delivery-Optimization/10.0 - 401 2 5 1\r\n",
  );
  const pieces: Buffer[] = [];
  let from = 0;
  for (let i = 1; i <= inserts.length; i++) {
    const at = bytes.indexOf(10, Math.floor((bytes.length * i) / (inserts.length + 1))) + 1;
    pieces.push(bytes.subarray(from, at), Buffer.from(inserts[i - 1]! + GEN_FIELDS, "latin1"));
    from = at;
  }
  pieces.push(bytes.subarray(from));
  const mixed = join(dir, "u_ex261002.log");
  writeFileSync(mixed, Buffer.concat(pieces));
  return { plain, mixed };
}
