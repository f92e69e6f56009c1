import { resolve } from "node:path";
import { readFormatsAndConfig } from "./formats-and-config.js";
import { RuleLoadError } from "../../engine/load-rules.js";
import type { AuditResult } from "../../result/types.js";
import { auditBundle } from "../../pipeline/audit-bundle.js";
import { checkLogo } from "../../report/branding.js";
import { checkReportOutput, writeReports } from "../../report/index.js";
import { defaultOutDir, type SharedAuditArgs } from "../shared-options.js";
import { UserError } from "../errors.js";
import { describeExplain } from "./explain-rule.js";
import { terminalProgress } from "../progress.js";
import { exitCodeFor } from "../severity.js";
import { describeResult } from "../summary.js";

export interface AuditArgs extends SharedAuditArgs {
  bundle: string;
  out?: string;
  explain?: string;
}

export async function runAudit(args: AuditArgs): Promise<number> {
  const { formats, config } = await readFormatsAndConfig(args.format, args.config);
  // a wrong logo is said before minutes of auditing, not after
  checkLogo(config.branding?.logo);
  const outDir = resolve(args.out ?? defaultOutDir(args.bundle));
  await checkReportOutput(outDir);
  const progress = terminalProgress(!args.quiet);
  let result: AuditResult;
  try {
    result = await auditBundle(args.bundle, {
      ruleFolders: [...config.ruleFolders, ...args.rules.map((folder) => resolve(folder))],
      noDefaultRules: !args["default-rules"],
      ruleSetConfig: config.ruleSet,
      limits: {
        ...config.limits,
        ...(args["max-file-size"] ? { maxFileBytes: args["max-file-size"] * 1024 * 1024 } : {}),
      },
      ...(config.zip ? { zip: config.zip } : {}),
      ...(progress.onProgress ? { onProgress: progress.onProgress } : {}),
    });
  } catch (error) {
    if (error instanceof RuleLoadError) throw new UserError(error.message);
    if ((error as Error).name === "BundleError" || (error as { code?: string }).code === "ENOENT") {
      throw new UserError((error as Error).message);
    }
    throw error;
  } finally {
    progress.stop();
  }
  const written = await writeReports(result, outDir, formats, {
    ...(args.templates ? { templatesDir: resolve(args.templates) } : {}),
    paper: args.paper,
    branding: config.branding,
  });
  if (!args.quiet) {
    console.log(describeResult(result));
    for (const file of written.written) console.log(`  wrote ${file}`);
  }
  for (const warning of written.warnings) console.error(`warning: ${warning}`);
  if (args.explain) console.log(describeExplain(result, args.explain));
  if (result.inventory.every((entry) => entry.status !== "parsed") && !args.quiet) {
    console.error(
      `warning: no evidence recognised in ${args.bundle}; run \`wsus-audit formats\` for the supported kinds and how to collect them.`,
    );
  }
  return exitCodeFor([result], args["fail-on"]);
}
