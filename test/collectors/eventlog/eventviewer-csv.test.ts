import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { evidenceFileFromBytes } from "../../../src/bundle/evidence-file.js";
import { collectFile, collectFixture } from "./collect.js";

describe("Event Viewer CSV (Save All Events As… CSV)", () => {
  it("reads the English UTF-16LE export: six fields under five names, multi-line messages, file lines", async () => {
    const { kind, score, output, facts } = await collectFixture("eventviewer-en.csv");
    assert.equal(kind, "eventlog-csv");
    assert.equal(score, 95);
    assert.equal(output.status, "parsed");
    assert.equal(output.records, 6);
    assert.equal(output.rejected, 1);
    assert.deepEqual(
      output.problems.map((p) => [p.line, p.message]),
      [[13, 'Event ID "abc" is not a number.']],
    );
    const events = output.facts!.wsusEvents.map((e) => [e.eventId, e.level, e.time, e.line]);
    assert.deepEqual(events, [
      [12072, "Error", "2024-03-17T16:15:04", 2],
      [12001, "Information", "2024-03-17T16:15:03", 6],
      [12002, "Error", "2024-03-13T10:15:02", 8],
      [12002, "Error", "2024-03-12T09:15:02", 14],
    ]);
    const first = output.facts!.wsusEvents[0]!;
    assert.match(
      first.message ?? "",
      /^The WSUS content directory is not accessible\.\nSystem\.Net\.WebException: .*\(503\)/,
    );
    assert.equal(first.timeZone, "local");
    // Other sources are counted, never kept.
    assert.deepEqual(facts.sources, [
      { source: "Windows Server Update Services", count: 4 },
      { source: "Application Error", count: 1 },
      { source: "MsiInstaller", count: 1 },
    ]);
    assert.equal(facts.wsus.total, 4);
  });

  it("gives the same WSUS events from the UTF-8 (BOM) export", async () => {
    const { output } = await collectFixture("eventviewer-en-utf8.csv");
    const [event] = output.facts!.wsusEvents;
    assert.equal(event?.eventId, 12002);
    assert.equal(event?.time, "2024-03-13T10:15:02");
    assert.match(
      event?.message ?? "",
      /^The Reporting Web Service is not working\.\nSystem\.Net\.WebException/,
    );
  });

  it("reads the German export: localised header and levels, dd.MM.yyyy dates", async () => {
    const { score, output } = await collectFixture("eventviewer-de.csv");
    assert.equal(score, 95);
    assert.equal(output.records, 5);
    assert.deepEqual(output.facts!.byLevel, { Information: 2, Error: 3 });
    const events = output.facts!.wsusEvents.map((e) => [e.eventId, e.level, e.levelText, e.time]);
    assert.deepEqual(events, [
      [12051, "Information", "Informationen", "2024-03-14T16:15:03"],
      [12052, "Error", "Fehler", "2024-03-14T10:15:02"],
      [12042, "Error", "Fehler", "2024-03-14T10:15:01"],
    ]);
    assert.equal(output.facts!.firstTime, "2024-03-13T12:28:26");
  });

  it("recognises an unknown localisation by its shape and resolves day/month from the whole file", async () => {
    const text =
      "Nivel,Fecha y hora,Origen,Id. del evento,Categoría de la tarea\r\n" +
      "Error,03/04/2024 10:15:02,Windows Server Update Services,12002,9,El servicio no funciona.\r\n" +
      "Información,25/04/2024 10:15:02,MsiInstaller,1033,Ninguno,Instalado.\r\n";
    const file = await evidenceFileFromBytes(
      "app-es.csv",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    );
    const { kind, score, output } = await collectFile(file);
    assert.equal(kind, "eventlog-csv");
    assert.equal(score, 60);
    // 25/04 proves day-first, so 03/04 is 3 April.
    assert.equal(output.facts!.wsusEvents[0]?.time, "2024-04-03T10:15:02");
    assert.equal(output.facts!.wsusEvents[0]?.level, "Error");
  });

  it("says which order it assumed when no date decides it", async () => {
    const text =
      "Level,Date and Time,Source,Event ID,Task Category\r\n" +
      "Error,3/4/2024 10:15:02 AM,Windows Server Update Services,12002,9,The Reporting Web Service is not working.\r\n";
    const { output } = await collectFile(await evidenceFileFromBytes("a.csv", Buffer.from(text)));
    assert.equal(output.facts!.wsusEvents[0]?.time, "2024-03-04T10:15:02");
    assert.ok(output.problems.some((p) => /assumed month\/day/.test(p.message)));
  });

  it("skips a file with a header and no events", async () => {
    const file = await evidenceFileFromBytes(
      "empty.csv",
      Buffer.from("Level,Date and Time,Source,Event ID,Task Category\r\n"),
    );
    const { output } = await collectFile(file);
    assert.equal(output.status, "skipped");
    assert.equal(output.records, 0);
  });
});
