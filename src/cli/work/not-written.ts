import type { NotWritten } from "../../report/index.js";

/** Says which requested reports are missing and why; true when any is (the run then exits 2). */
export function reportNotWritten(notWritten: readonly NotWritten[], where = ""): boolean {
  for (const missing of notWritten)
    console.error(`error: ${where}${missing.file} was not written. ${missing.reason}`);
  return notWritten.length > 0;
}
