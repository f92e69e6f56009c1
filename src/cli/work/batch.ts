import { join, relative, resolve } from "node:path";
import { RuleLoadError } from "../../engine/load-rules.js";
import { SEVERITIES } from "../../result/types.js";
import { auditBatch, defaultConcurrency, expandInputs, type BatchEntry } from "../../pipeline/batch.js";
import {
  openPdfSession,
  pdfFailure,
  prepareOutputFolder,
  type NotWritten,
  writeReports,
  type PdfSession,
  type ReportFormat,
} from "../../report/index.js";
import { buildBatchIndex, writeBatchIndex } from "../../report/batch/index.js";
import { VERSION } from "../../version.js";
import type { SharedAuditArgs } from "../shared-options.js";
import { readFormatsAndConfig } from "./formats-and-config.js";
import { reportNotWritten } from "./not-written.js";

import { batchProgress } from "./batch-progress.js";
import { EXIT, UserError } from "../errors.js";
import type { FailOn } from "../severity.js";

export interface BatchArgs extends SharedAuditArgs {
  bundles: string[];
  out: string;
  concurrency?: number;
}

export async function runBatch(args: BatchArgs): Promise<number> {
  const read = await readFormatsAndConfig(args.format, args.config, args.quiet);
  let formats: ReportFormat[] = read.formats;
  const config = read.config;
  if (args.concurrency !== undefined && (!Number.isInteger(args.concurrency) || args.concurrency < 1)) {
    throw new UserError(`--concurrency must be a whole number of at least 1 (got ${args.concurrency}).`);
  }
  const inputs = await expandInputs(args.bundles);
  if (inputs.length === 0) {
    throw new UserError(
      `No bundle found in ${args.bundles.join(", ")}: give folders of bundles (each subfolder or .zip is one), .zip files or globs.`,
    );
  }
  const outDir = resolve(args.out);
  await prepareOutputFolder(outDir);

  let pdf: PdfSession | undefined;
  let noPdf: NotWritten[] = [];
  if (formats.includes("pdf")) {
    try {
      pdf = await openPdfSession(args.browser ? { browser: args.browser } : {});
    } catch (error) {
      // one sentence for the run, not one per bundle; the other formats are still written
      formats = formats.filter((format) => format !== "pdf");
      noPdf = [{ file: "report.pdf", reason: pdfFailure(error) }];
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
  const missing = reportNotWritten(noPdf, "no bundle's ");
  const code = batchExitCode(run.entries, args["fail-on"]);
  if (code === EXIT.findings && !args.quiet) console.error(describeBatchFailOn(run.entries, args["fail-on"]));
  return Math.max(missing ? EXIT.error : EXIT.ok, code);
}

/** The bundles that made --fail-on fail the batch, with their counts at or above the threshold. */
function describeBatchFailOn(entries: readonly BatchEntry[], failOn: FailOn): string {
  const threshold = SEVERITIES.indexOf(failOn as (typeof SEVERITIES)[number]);
  const lines = entries.flatMap((entry) => {
    const counts = SEVERITIES.filter((s, rank) => rank <= threshold && entry.findings[s] > 0).map(
      (s) => `${entry.findings[s]} ${s}`,
    );
    return counts.length ? [`  ${entry.name}: ${counts.join(", ")}`] : [];
  });
  return [`exit 1: --fail-on ${failOn} and open findings at or above it in:`, ...lines].join("\n");
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
