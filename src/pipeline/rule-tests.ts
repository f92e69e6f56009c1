/**
 * Rule tests with evidence: a case's `files` are written into a temporary bundle folder and read
 * by the same discovery and collectors as an audit, so a case tests the rule on what a customer's
 * file would give. The engine's harness (src/engine/rule-tests.ts) is given this reader.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { listBundle } from "../bundle/open-bundle.js";
import type { Facts } from "../collectors/facts.js";
import type { LoadedRule } from "../engine/rule-file.js";
import { runRuleTests, type CaseFile, type CaseText, type RuleTestReport } from "../engine/rule-tests.js";
import { NOT_COUNTED, collectFacts } from "./collect-facts.js";

/** Lines are joined with CRLF and end with one, as Windows tools write them. */
const textOf = (text: CaseText): string =>
  Array.isArray(text) ? text.map((line) => `${line}\r\n`).join("") : text;

function bytesOf(file: CaseFile): Buffer {
  if (typeof file === "string" || Array.isArray(file)) return Buffer.from(textOf(file), "utf8");
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(textOf(file.utf16le), "utf16le")]);
}

/** The facts an audit of a bundle holding exactly these files collects. */
export async function collectCaseFiles(files: Record<string, CaseFile>): Promise<Facts> {
  const folder = await mkdtemp(join(tmpdir(), "wsus-rule-case-"));
  try {
    for (const [path, file] of Object.entries(files)) {
      const target = join(folder, ...path.split(/[\\/]/));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytesOf(file));
    }
    const listing = await listBundle(folder);
    try {
      const collected = await collectFacts(listing);
      // a file read but not counted (another server's IIS log…) is a case's evidence too
      const failed = collected.inventory.filter(
        (entry) =>
          entry.status !== "parsed" &&
          !entry.path.endsWith("bundle.json") &&
          !entry.reason?.startsWith(NOT_COUNTED),
      );
      if (failed.length > 0)
        throw new Error(
          failed.map((entry) => `${entry.path}: ${entry.status} (${entry.reason ?? ""})`).join("; "),
        );
      return collected.facts;
    } finally {
      await listing.dispose?.();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** Run rule tests, evidence cases included. */
export function runRuleTestsWithEvidence(
  rules: readonly LoadedRule[],
  showPath?: (file: string) => string,
): Promise<RuleTestReport> {
  return runRuleTests(rules, showPath, collectCaseFiles);
}
