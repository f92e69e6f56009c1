/** The two inputs every reporting command reads first, each failure turned into a user error (exit 2). */
import { loadConfig } from "../../config/load-config.js";
import { parseFormats } from "../shared-options.js";
import { UserError } from "../errors.js";

export async function readFormatsAndConfig(
  format: readonly string[],
  configPath: string | undefined,
  quiet = false,
) {
  let formats;
  try {
    formats = parseFormats(format);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  const config = await loadConfig(configPath).catch((error: Error) => {
    throw new UserError(error.message);
  });
  // A wsus-audit.config.json picked up from the current folder applies one customer's waivers
  // and branding to whatever is audited: say which file is in use (even with --quiet when it was
  // found rather than named).
  if (config.origin && (!quiet || !configPath)) console.error(`using configuration ${config.origin}`);
  return { formats, config };
}
