import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  browserCandidates,
  ChromiumNotFoundError,
  chromiumArgs,
  findBrowser,
  findChromium,
  openPdfSession,
} from "../../src/report/index.js";
import { parseRegQueryDefault } from "../../src/report/pdf/find-chromium.js";
import { tempDir } from "./helpers.js";

/** A file system holding exactly these executables. */
const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

const WINDOWS_ENV = {
  ProgramFiles: "C:\\Program Files",
  "ProgramFiles(x86)": "C:\\Program Files (x86)",
  LOCALAPPDATA: "C:\\Users\\a.consultant\\AppData\\Local",
  Path: "C:\\Windows\\system32;C:\\Windows",
};
const EDGE_X86 = "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe";

test("Windows: Edge in Program Files (x86), where Windows installs it, is found", () => {
  const found = findBrowser({
    platform: "win32",
    env: WINDOWS_ENV,
    isExecutable: only(EDGE_X86),
    readAppPath: () => undefined,
  });
  assert.equal(found.path, EDGE_X86);
  assert.deepEqual(found.tried, ["C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe", EDGE_X86]);
});

test("Windows: Chrome per user under LocalAppData, environment names in any case", () => {
  const chrome = "D:\\Users\\kim\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe";
  const found = findBrowser({
    platform: "win32",
    env: { PROGRAMFILES: "C:\\Program Files", localappdata: "D:\\Users\\kim\\AppData\\Local" },
    isExecutable: only(chrome),
    readAppPath: () => undefined,
  });
  assert.equal(found.path, chrome);
});

test("Windows: the registry's App Paths are asked last and their answer is used", () => {
  const registered = "E:\\Portable\\Chrome\\chrome.exe";
  const asked: string[] = [];
  const found = findBrowser({
    platform: "win32",
    env: WINDOWS_ENV,
    isExecutable: only(registered),
    readAppPath: (exe) => {
      asked.push(exe);
      return exe === "chrome.exe" ? registered : undefined;
    },
  });
  assert.deepEqual(asked, ["msedge.exe", "chrome.exe"]);
  assert.equal(found.path, registered);
  assert.equal(found.tried.at(-1), registered);
});

test("Windows: reg query output is read in any display language", () => {
  const english =
    "\r\nHKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\App Paths\\msedge.exe\r\n    (Default)    REG_SZ    C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe\r\n\r\n";
  const german = english.replace("(Default)", "(Standard)");
  assert.equal(parseRegQueryDefault(english), EDGE_X86);
  assert.equal(parseRegQueryDefault(german), EDGE_X86);
  assert.equal(
    parseRegQueryDefault('    (Default)    REG_SZ    "C:\\x\\chrome.exe"\r\n'),
    "C:\\x\\chrome.exe",
  );
  assert.equal(
    parseRegQueryDefault("ERROR: The system was unable to find the specified registry key or value.\r\n"),
    undefined,
  );
});

test("Windows: nothing found names Edge and winget, not apt-get", () => {
  const found = findBrowser({
    platform: "win32",
    env: WINDOWS_ENV,
    isExecutable: only(),
    readAppPath: () => undefined,
  });
  assert.equal(found.path, undefined);
  assert.equal(found.tried.length, 6);
  assert.match(found.hint, /winget install Microsoft\.Edge/);
  assert.match(found.hint, /--browser/);
  assert.doesNotMatch(found.hint, /apt-get/);
});

test("macOS: Chrome, Edge and Chromium in /Applications and ~/Applications", () => {
  const env = { HOME: "/Users/kim", PATH: "/usr/bin:/bin" };
  const candidates = browserCandidates("darwin", env);
  assert.deepEqual(candidates, [
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Users/kim/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "/Users/kim/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Users/kim/Applications/Chromium.app/Contents/MacOS/Chromium",
  ]);
  const edge = "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge";
  assert.equal(findBrowser({ platform: "darwin", env, isExecutable: only(edge) }).path, edge);
  assert.match(
    findBrowser({ platform: "darwin", env, isExecutable: only() }).hint,
    /brew install --cask google-chrome/,
  );
});

test("Linux: /usr/bin/chromium, then every browser name on the PATH, then /snap and /opt", () => {
  const candidates = browserCandidates("linux", { PATH: "/usr/local/bin:/usr/bin" });
  assert.equal(candidates[0], "/usr/bin/chromium");
  for (const name of [
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "microsoft-edge",
    "microsoft-edge-stable",
  ])
    assert.ok(candidates.includes(`/usr/local/bin/${name}`) && candidates.includes(`/usr/bin/${name}`), name);
  assert.deepEqual(candidates.slice(-3), [
    "/snap/bin/chromium",
    "/opt/google/chrome/chrome",
    "/opt/microsoft/msedge/msedge",
  ]);
  assert.equal(new Set(candidates).size, candidates.length, "no path is tried twice");
  const edge = "/usr/bin/microsoft-edge-stable";
  assert.equal(
    findBrowser({ platform: "linux", env: { PATH: "/usr/bin" }, isExecutable: only(edge) }).path,
    edge,
  );
  assert.match(
    findBrowser({ platform: "linux", env: { PATH: "" }, isExecutable: only() }).hint,
    /sudo apt-get install chromium/,
  );
});

test("--browser wins over PUPPETEER_EXECUTABLE_PATH, and a wrong one is reported, not replaced", () => {
  const env = { PUPPETEER_EXECUTABLE_PATH: "/opt/other/chrome", PATH: "/usr/bin" };
  const given = "C:\\Tools\\chrome.exe";
  assert.deepEqual(findBrowser({ platform: "win32", env, browser: given, isExecutable: only(given) }), {
    path: given,
    tried: [given],
    hint: "",
  });
  const wrong = findBrowser({
    platform: "win32",
    env: WINDOWS_ENV,
    browser: "C:\\nope.exe",
    isExecutable: only(EDGE_X86),
  });
  assert.equal(wrong.path, undefined);
  assert.match(wrong.hint, /--browser is C:\\nope\.exe, which is not an executable file/);
});

test("PUPPETEER_EXECUTABLE_PATH wins on the real file system when it is an executable", () => {
  const dir = tempDir("chromium");
  const fake = join(dir, "chrome");
  writeFileSync(fake, "#!/bin/sh\n");
  chmodSync(fake, 0o755);
  assert.deepEqual(findChromium({ PUPPETEER_EXECUTABLE_PATH: fake, PATH: "" }), {
    path: fake,
    tried: [fake],
    hint: "",
  });
  const notExecutable = join(dir, "chrome.txt");
  writeFileSync(notExecutable, "");
  const found = findChromium({ PUPPETEER_EXECUTABLE_PATH: notExecutable, PATH: "/usr/bin" });
  assert.equal(found.path, undefined);
  assert.match(found.hint, /PUPPETEER_EXECUTABLE_PATH is .*chrome\.txt, which is not an executable file/);
});

test("the sandbox is turned off only for root on Linux; each session has its own profile", () => {
  assert.ok(chromiumArgs("/tmp/p", "linux", 0).includes("--no-sandbox"));
  assert.ok(!chromiumArgs("/tmp/p", "linux", 1000).includes("--no-sandbox"));
  assert.ok(!chromiumArgs("/tmp/p", "darwin", 0).includes("--no-sandbox"));
  assert.ok(!chromiumArgs("C:\\Temp\\p", "win32", undefined).includes("--no-sandbox"));
  assert.ok(chromiumArgs("C:\\Temp\\p", "win32", undefined).includes("--user-data-dir=C:\\Temp\\p"));
});

test("openPdfSession throws ChromiumNotFoundError with the platform's hint", async () => {
  await assert.rejects(
    openPdfSession({ env: { PATH: "" }, browser: "/nonexistent/chrome" }),
    (error: unknown) =>
      error instanceof ChromiumNotFoundError &&
      /--browser is \/nonexistent\/chrome/.test(error.message) &&
      error.tried.length === 1,
  );
});
