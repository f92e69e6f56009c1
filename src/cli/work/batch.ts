import { join, relative, resolve } from "node:path";
import { loadConfig } from "../../config/load-config.js";
import { RuleLoadError } from "../../engine/load-rules.js";
import { SEVERITIES } from "../../result/types.js";
import { auditBatch, defaultConcurrency, expandInputs, type BatchEntry } from "../../pipeline/batch.js";
import {
  ChromiumNotFoundError,
  openPdfSession,
  prepareOutputFolder,
  writeReports,
  type PdfSession,
  type ReportFormat,
} from "../../report/index.js";
import { buildBatchIndex, writeBatchIndex } from "../../report/batch/index.js";
import { VERSION } from "../../version.js";
import { parseFormats, type SharedAuditArgs } from "../shared-options.js";

import { batchProgress } from "./batch-progress.js";
import { EXIT, UserError } from "../errors.js";
import type { FailOn } from "../severity.js";

export interface BatchArgs extends SharedAuditArgs {
  bundles: string[];
  out: string;
  concurrency?: number;
}

export async function runBatch(args: BatchArgs): Promise<number> {
  let formats: ReportFormat[];
  try {
    formats = parseFormats(args.format);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  if (args.concurrency !== undefined && (!Number.isInteger(args.concurrency) || args.concurrency < 1)) {
    throw new UserError(`--concurrency must be a whole number of at least 1 (got ${args.concurrency}).`);
  }
  const config = await loadConfig(args.config).catch((error: Error) => {
    throw new UserError(error.message);
  });
  const inputs = await expandInputs(args.bundles);
  if (inputs.length === 0) {
    throw new UserError(
      `No bundle found in ${args.bundles.join(", ")}: give folders of bundles (each subfolder or .zip is one), .zip files or globs.`,
    );
  }
  const outDir = resolve(args.out);
  await prepareOutputFolder(outDir);

  const warnings: string[] = [];
  let pdf: PdfSession | undefined;
  if (formats.includes("pdf")) {
    try {
      pdf = await openPdfSession();
    } catch (error) {
      formats = formats.filter((format) => format !== "pdf");
      warnings.push(
        error instanceof ChromiumNotFoundError
          ? `no report.pdf was written. ${error.message}`
          : `no report.pdf was written: Chromium did not start (${(error as Error).message}).`,
      );
    }
  }
  const progress = batchProgress(args.quiet);
  progress.start(inputs.length);
  let run;
  try {
    run = await auditBatch(inputs, {
      concurrency: args.concurrency ?? defaultConcurrency(),
      ruleFolders: [...config.ruleFolders, ...args.rules.map((folder) => resolve(folder))],
      noDefaultRules: !args["default-rules"],
      ruleSetConfig: config.ruleSet,
      limits: {
        ...config.limits,
        ...(args["max-file-size"] ? { maxFileBytes: args["max-file-size"] * 1024 * 1024 } : {}),
      },
      ...(config.zip ? { zip: config.zip } : {}),
      onResult: async (result, entry) => {
        const written = await writeReports(result, join(outDir, entry.folder), formats, {
          ...(args.templates ? { templatesDir: resolve(args.templates) } : {}),
          paper: args.paper,
          branding: config.branding,
          ...(pdf ? { pdf } : {}),
        });
        return {
          reports: written.written.map((file) => relative(outDir, file).split("\\").join("/")),
          warnings: written.warnings,
        };
      },
      onBundleDone: (update) => progress.update(update),
    });
  } catch (error) {
    if (error instanceof RuleLoadError) throw new UserError(error.message);
    throw error;
  } finally {
    progress.stop();
    await pdf?.close();
  }
  const index = buildBatchIndex(run, VERSION);
  const indexFiles = await writeBatchIndex(index, outDir, {
    ...(args.templates ? { templatesDir: resolve(args.templates) } : {}),
  });

  for (const warning of warnings) console.error(`warning: ${warning}`);
  for (const entry of run.entries)
    for (const warning of new Set(entry.warnings)) console.error(`warning: ${entry.name}: ${warning}`);
  for (const entry of run.entries.filter((e) => e.status === "failed"))
    console.error(`error: ${entry.name} was not audited: ${entry.reason}`);
  if (!args.quiet) {
    const t = index.totals;
    console.log(
      `${t.bundles} bundle(s) in ${(run.durationMs / 1000).toFixed(1)} s: ${t.verdicts.fail} with findings, ${t.verdicts.pass} without, ${t.verdicts.incomplete} incomplete, ${t.failed} not audited`,
    );
    for (const file of indexFiles) console.log(`  wrote ${file}`);
  }
  return batchExitCode(run.entries, args["fail-on"]);
}

/** As for `audit`, worst bundle wins: 2 when a bundle could not be audited, else 1 on --fail-on. */
export function batchExitCode(entries: readonly BatchEntry[], failOn: FailOn): number {
  if (entries.some((entry) => entry.status === "failed")) return EXIT.error;
  if (failOn === "none") return EXIT.ok;
  const threshold = SEVERITIES.indexOf(failOn);
  const hit = entries.some((entry) =>
    SEVERITIES.some((severity, rank) => rank <= threshold && entry.findings[severity] > 0),
  );
  return hit ? EXIT.findings : EXIT.ok;
}
