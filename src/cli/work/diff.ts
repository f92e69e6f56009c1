import { resolve } from "node:path";
import { diffResults, renderDiffHtml, renderDiffJson, renderDiffText } from "../../diff/index.js";
import { readResultFile, ResultFileError } from "../../result/read-result.js";
import { writeFileWhole } from "../../report/index.js";

import { EXIT, UserError } from "../errors.js";

export interface DiffArgs {
  before: string;
  after: string;
  format: "text" | "html" | "json";
  out?: string;
  "fail-on-new": boolean;
}

export async function runDiff(args: DiffArgs): Promise<number> {
  const [before, after] = await Promise.all(
    [args.before, args.after].map((path) => readResultFile(path)),
  ).catch((error: Error) => {
    if (error instanceof ResultFileError) throw new UserError(error.message);
    throw error;
  });
  const diff = diffResults(before!, after!);
  const output =
    args.format === "html"
      ? renderDiffHtml(diff)
      : args.format === "json"
        ? renderDiffJson(diff)
        : renderDiffText(diff);
  if (args.out) {
    const path = resolve(args.out);
    await writeFileWhole(path, output);
    console.error(`wrote ${path}`);
  } else process.stdout.write(output);
  return args["fail-on-new"] && diff.new.some((f) => f.status === "failed") ? EXIT.findings : EXIT.ok;
}
