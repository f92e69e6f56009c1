/** Shared by the report tests: fixtures, a temp folder, and a Chromium that must exist. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AuditResult } from "../../src/result/types.js";
import { findChromium } from "../../src/report/index.js";

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, "..", "fixtures", "report");
export const ARTIFACTS = join(here, "..", "artifacts");

export function loadFixture(name: "failing" | "healthy" | "xss"): AuditResult {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), "utf8")) as AuditResult;
}

/**
 * The failing fixture (written before shells were recorded) with a PowerShell step and a cmd step,
 * the rest left without a shell: the three labels a report can show.
 */
export function failingWithShells() {
  const result = loadFixture("failing");
  const steps = result.findings
    .flatMap((finding) => finding.remediation)
    .filter((step) => step.commands.length);
  steps[0]!.shell = "powershell";
  steps[1]!.shell = "cmd";
  return { result, steps };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `wsus-audit-${prefix}-`));
}

/**
 * The browser and PDF tests never skip: without Chromium they fail and say how to install it
 * (CI installs it; locally, `apt-get install -y chromium` or PUPPETEER_EXECUTABLE_PATH).
 */
export function requireChromium(): string {
  const found = findChromium();
  if (!found.path) {
    throw new Error(
      `The report browser/PDF tests need Chromium and none was found${process.env.CI ? " on this CI runner" : ""}. ${found.hint}`,
    );
  }
  return found.path;
}
