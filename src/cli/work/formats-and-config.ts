/** The two inputs every reporting command reads first, each failure turned into a user error (exit 2). */
import { loadConfig } from "../../config/load-config.js";
import { parseFormats } from "../shared-options.js";
import { UserError } from "../errors.js";

export async function readFormatsAndConfig(format: readonly string[], configPath: string | undefined) {
  let formats;
  try {
    formats = parseFormats(format);
  } catch (error) {
    throw new UserError((error as Error).message);
  }
  const config = await loadConfig(configPath).catch((error: Error) => {
    throw new UserError(error.message);
  });
  return { formats, config };
}
