/**
 * Finds a browser already on the machine for the PDF renderer: wsus-audit depends on
 * puppeteer-core, which never downloads one (the package must install offline, and a consultant's
 * laptop has Edge or Chrome anyway).
 * Order: --browser, then PUPPETEER_EXECUTABLE_PATH (when given it is the answer, right or wrong),
 * then the platform's usual places (browserCandidates). Everything the search reads — platform,
 * environment, file system, registry — is injectable so each platform's layout is unit-tested anywhere.
 */
import { execFileSync } from "node:child_process";
import { accessSync, constants, statSync } from "node:fs";
import { posix, win32 } from "node:path";

export interface BrowserSearch {
  platform?: NodeJS.Platform;
  env?: NodeJS.ProcessEnv;
  /** --browser PATH: wins over everything else. */
  browser?: string;
  /** Whether a path is a file the browser can be started from. */
  isExecutable?: (path: string, platform: NodeJS.Platform) => boolean;
  /** Windows: the registry's App Paths entry of an executable name (msedge.exe), if readable. */
  readAppPath?: (exe: string) => string | undefined;
}

export interface BrowserFound {
  path?: string;
  tried: string[];
  hint: string;
}

/** The install step that fixes "no browser", in the platform's own words. */
export function installHint(platform: NodeJS.Platform = process.platform): string {
  const give = "or give the browser's executable with --browser PATH (or PUPPETEER_EXECUTABLE_PATH).";
  if (platform === "win32")
    return `Microsoft Edge comes with Windows 10 and 11; reinstall it (\`winget install Microsoft.Edge\`) or install Google Chrome, ${give}`;
  if (platform === "darwin")
    return `Install Google Chrome or Microsoft Edge into /Applications (e.g. \`brew install --cask google-chrome\`), ${give}`;
  return `Install Chromium (\`sudo apt-get install chromium\` on Debian/Ubuntu, \`sudo dnf install chromium\` on Fedora), ${give}`;
}

const LINUX_NAMES = [
  "chromium",
  "chromium-browser",
  "google-chrome",
  "google-chrome-stable",
  "microsoft-edge",
  "microsoft-edge-stable",
];
const LINUX_PLACES = [
  "/usr/bin/chromium",
  "/snap/bin/chromium",
  "/opt/google/chrome/chrome",
  "/opt/microsoft/msedge/msedge",
];
const MAC_APPS = [
  ["Google Chrome.app", "Google Chrome"],
  ["Microsoft Edge.app", "Microsoft Edge"],
  ["Chromium.app", "Chromium"],
] as const;
const WINDOWS_BROWSERS = [
  ["Microsoft", "Edge", "Application", "msedge.exe"],
  ["Google", "Chrome", "Application", "chrome.exe"],
] as const;

/** Windows keeps environment names case-insensitively; an injected env may not. */
function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
  const value = key === undefined ? undefined : env[key]?.trim();
  return value || undefined;
}

/** The places to look on a platform, in order (the registry's App Paths come last on Windows). */
export function browserCandidates(
  platform: NodeJS.Platform,
  env: NodeJS.ProcessEnv,
  readAppPath: (exe: string) => string | undefined = () => undefined,
): string[] {
  const candidates: string[] = [];
  if (platform === "win32") {
    const roots = ["ProgramFiles", "ProgramFiles(x86)", "LocalAppData"]
      .map((name) => envValue(env, name))
      .filter((root): root is string => root !== undefined);
    for (const parts of WINDOWS_BROWSERS)
      for (const root of roots) candidates.push(win32.join(root, ...parts));
    for (const parts of WINDOWS_BROWSERS) {
      const registered = readAppPath(parts[parts.length - 1]!);
      if (registered) candidates.push(registered);
    }
  } else if (platform === "darwin") {
    const home = envValue(env, "HOME");
    const folders = ["/Applications", ...(home ? [posix.join(home, "Applications")] : [])];
    for (const [app, exe] of MAC_APPS)
      for (const folder of folders) candidates.push(posix.join(folder, app, "Contents", "MacOS", exe));
  } else {
    candidates.push(LINUX_PLACES[0]!);
    const dirs = (envValue(env, "PATH") ?? "").split(":").filter(Boolean);
    for (const name of LINUX_NAMES) for (const dir of dirs) candidates.push(posix.join(dir, name));
    candidates.push(...LINUX_PLACES.slice(1));
  }
  return [...new Set(candidates)];
}

function isExecutableFile(path: string, platform: NodeJS.Platform): boolean {
  try {
    // Windows has no execute bit: a file is enough.
    if (platform !== "win32") accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * `reg query "HKLM\…\App Paths\msedge.exe" /ve`: the default value's line is
 * `    (Default)    REG_SZ    C:\…\msedge.exe` — "(Default)" is localised, the type is not.
 */
export function parseRegQueryDefault(output: string): string | undefined {
  for (const line of output.split(/\r?\n/)) {
    const match = /\sREG_(?:EXPAND_)?SZ\s+(.+?)\s*$/.exec(line);
    if (match) return match[1]!.replace(/^"(.*)"$/, "$1");
  }
  return undefined;
}

function readWindowsAppPath(exe: string): string | undefined {
  for (const hive of ["HKLM", "HKCU"]) {
    try {
      const output = execFileSync(
        "reg",
        ["query", `${hive}\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\${exe}`, "/ve"],
        { encoding: "utf8", timeout: 5000, stdio: ["ignore", "pipe", "ignore"], windowsHide: true },
      );
      const path = parseRegQueryDefault(output);
      if (path) return path;
    } catch {
      // not registered, or the registry is not readable: the folders were tried already
    }
  }
  return undefined;
}

export function findBrowser(search: BrowserSearch = {}): BrowserFound {
  const platform = search.platform ?? process.platform;
  const env = search.env ?? process.env;
  const isExecutable = search.isExecutable ?? isExecutableFile;
  const hint = installHint(platform);
  const explicit: [string, string | undefined][] = [
    ["--browser", search.browser?.trim()],
    ["PUPPETEER_EXECUTABLE_PATH", envValue(env, "PUPPETEER_EXECUTABLE_PATH")],
  ];
  for (const [source, path] of explicit) {
    if (!path) continue;
    if (isExecutable(path, platform)) return { path, tried: [path], hint: "" };
    return {
      tried: [path],
      hint: `${source} is ${path}, which is not an executable file. Fix or remove it. ${hint}`,
    };
  }
  const readAppPath = search.readAppPath ?? (platform === "win32" ? readWindowsAppPath : undefined);
  const tried: string[] = [];
  for (const candidate of browserCandidates(platform, env, readAppPath)) {
    tried.push(candidate);
    if (isExecutable(candidate, platform)) return { path: candidate, tried, hint: "" };
  }
  return { tried, hint: `No Chrome, Edge or Chromium found (tried ${tried.join(", ")}). ${hint}` };
}

/** The browser of this machine (kept for the report stage's callers and tests). */
export function findChromium(env: NodeJS.ProcessEnv = process.env, browser?: string): BrowserFound {
  return findBrowser({ env, ...(browser ? { browser } : {}) });
}
