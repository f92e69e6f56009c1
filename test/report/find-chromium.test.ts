import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ChromiumNotFoundError, findChromium, openPdfSession } from "../../src/report/index.js";
import { tempDir } from "./helpers.js";

test("PUPPETEER_EXECUTABLE_PATH wins when it is an executable", () => {
  const dir = tempDir("chromium");
  const fake = join(dir, "chrome");
  writeFileSync(fake, "#!/bin/sh\n");
  chmodSync(fake, 0o755);
  assert.deepEqual(findChromium({ PUPPETEER_EXECUTABLE_PATH: fake, PATH: "" }), {
    path: fake,
    tried: [fake],
    hint: "",
  });
});

test("a wrong PUPPETEER_EXECUTABLE_PATH is reported, not silently replaced", () => {
  const found = findChromium({ PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chrome", PATH: "/usr/bin" });
  assert.equal(found.path, undefined);
  assert.deepEqual(found.tried, ["/nonexistent/chrome"]);
  assert.match(found.hint, /PUPPETEER_EXECUTABLE_PATH is set to \/nonexistent\/chrome/);
  assert.match(found.hint, /apt-get install -y chromium/);
});

test("the PATH is searched for chromium, chromium-browser, google-chrome", () => {
  const dir = tempDir("path");
  const chrome = join(dir, "google-chrome");
  writeFileSync(chrome, "#!/bin/sh\n");
  chmodSync(chrome, 0o755);
  const found = findChromium({ PATH: dir });
  // /usr/bin/chromium comes first when it exists; otherwise the PATH one is found.
  assert.ok(found.path === "/usr/bin/chromium" || found.path === chrome, String(found.path));
  if (found.path === chrome) assert.deepEqual(found.tried.slice(-1), [chrome]);
  assert.ok(found.tried.includes("/usr/bin/chromium"));
});

test("openPdfSession throws ChromiumNotFoundError with the install hint", async () => {
  await assert.rejects(
    openPdfSession({ env: { PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chrome" } }),
    (error: unknown) =>
      error instanceof ChromiumNotFoundError &&
      /apt-get install -y chromium/.test(error.message) &&
      error.tried.length === 1,
  );
});
