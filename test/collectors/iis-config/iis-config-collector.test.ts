import { test } from "node:test";
import assert from "node:assert/strict";
import { openEvidenceFile, makeProbe } from "../../../src/bundle/evidence-file.js";
import { DEFAULT_LIMITS } from "../../../src/collectors/types.js";
import {
  collectIisConfig,
  detectIisConfig,
  minutes,
  normSslFlags,
} from "../../../src/collectors/iis-config/collector.js";

async function read(path: string) {
  const file = await openEvidenceFile(path, "iis/applicationHost.config");
  assert.equal(detectIisConfig(await makeProbe(file)), 95);
  const output = await collectIisConfig(file, { limits: DEFAULT_LIMITS });
  assert.equal(output.status, "parsed");
  return output.facts!;
}

test("finds the WSUS site, its bindings and the effective vDir authentication", async () => {
  const facts = await read("samples/healthy/iis/applicationHost.config");
  assert.equal(facts.site?.name, "WSUS Administration");
  assert.equal(facts.site?.id, 1572271583);
  assert.deepEqual(facts.site?.httpPorts, [8530]);
  assert.deepEqual(facts.site?.httpsPorts, []);
  assert.deepEqual(
    facts.sites.map((s) => s.name),
    ["Default Web Site", "WSUS Administration"],
  );
  const api = facts.vdirs.find((v) => v.name === "ApiRemoting30")!;
  assert.deepEqual(
    [api.kind, api.anonymousEnabled, api.windowsEnabled, api.pool],
    ["application", false, true, "WsusPool"],
  );
  // Content: a virtual directory of the root application, anonymous on the pool identity
  const content = facts.vdirs.find((v) => v.name === "Content")!;
  assert.deepEqual(
    [content.kind, content.physicalPath, content.anonymousUserName],
    ["virtualDirectory", "D:\\WSUS\\WsusContent", ""],
  );
  // "Selfupdate" in the config matches SelfUpdate case-insensitively
  assert.equal(facts.vdirs.find((v) => v.name === "SelfUpdate")!.kind, "virtualDirectory");
  // the user name comes from the server level when the location does not set it
  assert.equal(facts.vdirs.find((v) => v.name === "ClientWebService")!.anonymousUserName, "IUSR");
  assert.equal(facts.wsusCompressionScheme, true);
});

test("reads WsusPool settings and keeps IIS defaults for absent attributes", async () => {
  const tuned = await read("samples/healthy/iis/applicationHost.config");
  assert.deepEqual(
    [
      tuned.pool?.found,
      tuned.pool?.queueLength,
      tuned.pool?.privateMemoryKB,
      tuned.pool?.rapidFailProtection,
      tuned.pool?.identityType,
    ],
    [true, 2000, 0, false, "NetworkService"],
  );
  assert.equal(tuned.pool?.idleTimeoutMinutes, 0);
  const broken = await read("samples/iis-401-2-anonymous-off/applicationHost.config");
  const cws = broken.vdirs.find((v) => v.name === "ClientWebService")!;
  assert.deepEqual(
    [cws.anonymousEnabled, cws.windowsEnabled, cws.setBy],
    [false, true, ['location "WSUS Administration/ClientWebService"']],
  );
});

test("IIS value forms: time spans and numeric sslFlags", () => {
  assert.equal(minutes("00:20:00"), 20);
  assert.equal(minutes("1.05:00:00"), 1740);
  assert.equal(normSslFlags("8"), "Ssl");
  assert.equal(normSslFlags("40"), "Ssl, SslNegotiateCert");
  assert.equal(normSslFlags("Ssl,SslRequireCert"), "Ssl,SslRequireCert");
});
