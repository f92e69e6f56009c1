/**
 * Finds a local Chromium/Chrome for the PDF renderer. Puppeteer never downloads a browser here
 * (.puppeteerrc.cjs): the network is closed and the report must not depend on it.
 * Order: PUPPETEER_EXECUTABLE_PATH (when set it is the answer, right or wrong), /usr/bin/chromium,
 * then chromium, chromium-browser, google-chrome, google-chrome-stable on the PATH.
 */
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

export const INSTALL_HINT =
  "Install Chromium (`apt-get install -y chromium`) or set PUPPETEER_EXECUTABLE_PATH to a Chrome or Chromium executable.";

const PATH_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function findChromium(env: NodeJS.ProcessEnv = process.env): {
  path?: string;
  tried: string[];
  hint: string;
} {
  const tried: string[] = [];
  const explicit = env.PUPPETEER_EXECUTABLE_PATH?.trim();
  if (explicit) {
    tried.push(explicit);
    if (isExecutable(explicit)) return { path: explicit, tried, hint: "" };
    return {
      tried,
      hint: `PUPPETEER_EXECUTABLE_PATH is set to ${explicit}, which is not an executable file. Fix or unset it. ${INSTALL_HINT}`,
    };
  }
  const candidates = ["/usr/bin/chromium"];
  const dirs = (env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const name of PATH_NAMES) for (const dir of dirs) candidates.push(join(dir, name));
  for (const candidate of candidates) {
    if (tried.includes(candidate)) continue;
    tried.push(candidate);
    if (isExecutable(candidate)) return { path: candidate, tried, hint: "" };
  }
  return { tried, hint: `No Chromium or Chrome found (tried ${tried.join(", ")}). ${INSTALL_HINT}` };
}
