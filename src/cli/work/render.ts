import { dirname, resolve } from "node:path";
import { readFormatsAndConfig } from "./formats-and-config.js";
import { readResultFile, ResultFileError } from "../../result/read-result.js";
import { REPORT_FILES, writeReports } from "../../report/index.js";
import { EXIT, UserError } from "../errors.js";
import { reportNotWritten } from "./not-written.js";

export interface RenderArgs {
  result: string;
  out?: string;
  format: string[];
  config?: string;
  templates?: string;
  paper: "a4" | "letter";
  quiet: boolean;
  browser?: string;
}

export async function runRender(args: RenderArgs): Promise<number> {
  const { formats, config } = await readFormatsAndConfig(args.format, args.config, args.quiet);
  const result = await readResultFile(args.result).catch((error: Error) => {
    throw error instanceof ResultFileError ? new UserError(error.message) : error;
  });
  const source = resolve(args.result);
  const outDir = resolve(args.out ?? dirname(source));
  // Writing result.json over its own source would only re-serialise it: skip that one.
  const wanted = formats.filter(
    (format) => !(format === "json" && resolve(outDir, "result.json") === source),
  );
  const written = await writeReports(result, outDir, wanted, {
    // the reports not rendered again come from the same result.json: they stay in the set
    carryOver: Object.values(REPORT_FILES),
    ...(args.templates ? { templatesDir: resolve(args.templates) } : {}),
    paper: args.paper,
    branding: config.branding,
    ...(args.browser ? { browser: args.browser } : {}),
  });
  for (const warning of written.warnings) console.error(`warning: ${warning}`);
  if (!args.quiet) for (const file of written.written) console.log(`wrote ${file}`);
  return reportNotWritten(written.notWritten) ? EXIT.error : EXIT.ok;
}
