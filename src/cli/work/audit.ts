import { resolve } from "node:path";
import { readFormatsAndConfig } from "./formats-and-config.js";
import { RuleLoadError } from "../../engine/load-rules.js";
import type { AuditResult } from "../../result/types.js";
import { auditBundle } from "../../pipeline/audit-bundle.js";
import { checkLogo } from "../../report/branding.js";
import { checkReportOutput, writeReports } from "../../report/index.js";
import type { SharedAuditArgs } from "../shared-options.js";
import { EXIT, UserError } from "../errors.js";
import { describeExplain } from "./explain-rule.js";
import { chooseOutDir } from "../out-dir.js";
import { terminalProgress } from "../progress.js";
import { describeFailOn, findingsAtOrAbove } from "../severity.js";
import { describeResult } from "../summary.js";
import { reportNotWritten } from "./not-written.js";

export interface AuditArgs extends SharedAuditArgs {
  bundle: string;
  out?: string;
  explain?: string;
}

export async function runAudit(args: AuditArgs): Promise<number> {
  const { formats, config } = await readFormatsAndConfig(args.format, args.config, args.quiet);
  // a wrong logo is said before minutes of auditing, not after
  checkLogo(config.branding?.logo);
  const { outDir, note } = chooseOutDir(args.bundle, args.out);
  if (note) console.error(`note: ${note}`);
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
    ...(args.browser ? { browser: args.browser } : {}),
  });
  if (!args.quiet) {
    console.log(describeResult(result));
    for (const file of written.written) console.log(`  wrote ${file}`);
  }
  for (const warning of written.warnings) console.error(`warning: ${warning}`);
  if (args.explain) console.log(describeExplain(result, args.explain));
  let code: number = EXIT.ok;
  if (result.inventory.every((entry) => entry.status !== "parsed")) {
    // The report of an unusable bundle is still written (it lists every file and why it was
    // skipped), but a run that audited nothing must not look like a clean one.
    console.error(
      `error: no evidence recognised in ${args.bundle}; nothing was audited. The report lists each file and why it was skipped; run \`wsus-audit formats\` for the supported kinds and how to collect them.`,
    );
    code = EXIT.error;
  }
  if (reportNotWritten(written.notWritten)) code = EXIT.error;
  const failing = findingsAtOrAbove(result, args["fail-on"]);
  if (code === EXIT.ok && failing.length > 0) {
    if (!args.quiet) console.error(describeFailOn(failing, args["fail-on"]));
    code = EXIT.findings;
  }
  return code;
}
