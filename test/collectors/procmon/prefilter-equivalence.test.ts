/**
 * The faster Process Monitor prefilter (issue 19) hands csv-parse exactly what the one it replaced
 * (reference-prefilter.ts) did and counts the same blanked events: on random captures cut into
 * random chunks, with the awkward rows real exports and Excel re-saves hold (a quoted line break, an
 * escaped quote, a short row, a BOM, LF-only files, a stray CR). One known difference, on purpose:
 * a blanked row counts for a WSUS process by its Process Name field only, where the old filter took
 * the name from any field, so the generated rows name processes only there.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { UninterestingRowFilter } from "../../../src/collectors/procmon/prefilter.js";
import { ReferenceRowFilter } from "./reference-prefilter.js";

interface Filtered {
  text: string;
  blanked: number;
  wsus: Record<string, number>;
}

async function run(filter: UninterestingRowFilter | ReferenceRowFilter, chunks: string[]): Promise<Filtered> {
  const out: string[] = [];
  filter.on("data", (piece: string) => out.push(piece));
  const finished = new Promise((resolve) => filter.on("end", resolve));
  for (const chunk of chunks) filter.write(chunk);
  filter.end();
  await finished;
  return { text: out.join(""), blanked: filter.blanked, wsus: Object.fromEntries(filter.wsusProcessEvents) };
}

const q = (value: string): string => `"${value}"`;

/** Rows of quoted fields, the process name in field `processAt` as the header says. */
const row = (processAt: number, delimiter: string) =>
  fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .record({
          process: fc.constantFrom(
            "svchost.exe",
            "w3wp.exe",
            "WSUSSERVICE.EXE",
            "sqlservr.exe",
            "System",
            "lsass.exe",
          ),
          result: fc.constantFrom(
            "SUCCESS",
            "NAME NOT FOUND",
            "ACCESS DENIED",
            "Access denied",
            "SHARING VIOLATION",
            "BUFFER OVERFLOW",
          ),
          path: fc.constantFrom(
            "C:\\Windows\\System32\\kernel32.dll",
            "HKLM\\SOFTWARE\\Microsoft\\Update Services",
            "",
          ),
        })
        .map((v) =>
          ["10:02:41.5131002 AM", "4120", "CreateFile", v.path, v.result, "Desired Access: Read"]
            .toSpliced(processAt, 0, v.process)
            .map(q)
            .join(delimiter),
        ),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        // an escaped quote, a quoted line break, a short row, a stray quote, an empty line, an unquoted row
        ['"10:02:42 AM"', '"w3wp.exe"', '"4120"', '"CreateFile"', '"C:\\a ""b"""', '"SUCCESS"', '"x"'].join(
          delimiter,
        ),
        [
          '"10:02:43 AM"',
          '"svchost.exe"',
          '"1044"',
          '"RegOpenKey"',
          '"HKLM\\line',
          'break"',
          '"SUCCESS"',
          '"y"',
        ].join(delimiter),
        ['"10:02:44 AM"', '"svchost.exe"', '"SUCCESS"'].join(delimiter),
        '"10:02:45 AM' + delimiter + '"w3wp.exe"',
        "",
        "10:02:46 AM" + delimiter + "svchost.exe",
      ),
    },
  );

test("the fast prefilter hands the parser the same text and counts the same events as the reference", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(",", ";"),
      fc.constantFrom("\r\n", "\n"),
      fc.boolean(),
      fc.array(fc.nat(), { maxLength: 12 }),
      fc.option(fc.nat(), { nil: undefined }),
      fc
        .integer({ min: 0, max: 6 })
        .chain((processAt) =>
          fc.tuple(fc.constant(processAt), fc.array(row(processAt, ","), { maxLength: 80 })),
        ),
      async (delimiter, eol, bom, cuts, strayCrAt, [processAt, rows]) => {
        const titles = ["Time of Day", "PID", "Operation", "Path", "Result", "Detail"];
        titles.splice(processAt, 0, "Process Name");
        const header = titles.map(q).join(delimiter);
        const body = rows.map((line) =>
          delimiter === "," ? line : line.replaceAll('","', `"${delimiter}"`),
        );
        let text = `${bom ? "\uFEFF" : ""}${[header, ...body].join(eol)}${eol}`;
        if (strayCrAt !== undefined) {
          const at = strayCrAt % text.length;
          text = `${text.slice(0, at)}\r${text.slice(at)}`;
        }
        const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((from, i) => text.slice(from, [...points, text.length][i]));
        const fast = await run(new UninterestingRowFilter(delimiter), chunks);
        const reference = await run(new ReferenceRowFilter(delimiter), chunks);
        assert.deepEqual(fast, reference);
      },
    ),
    { numRuns: 400 },
  );
});

test("the fast prefilter blanks a large clean capture as the reference does", async () => {
  const header = ["Time of Day", "Process Name", "PID", "Operation", "Path", "Result", "Detail"]
    .map(q)
    .join(",");
  const lines = [header];
  for (let i = 0; i < 20_000; i++) {
    const process = ["svchost.exe", "w3wp.exe", "WsusService.exe", "sqlservr.exe"][i % 4]!;
    const result = i % 997 === 0 ? "ACCESS DENIED" : i % 3 === 0 ? "NAME NOT FOUND" : "SUCCESS";
    lines.push(
      ["8:00:00.0000000 AM", process, String(i), "CreateFile", `C:\\f${i}`, result, "Desired Access: Read"]
        .map(q)
        .join(","),
    );
  }
  const text = `\uFEFF${lines.join("\r\n")}\r\n`;
  const chunks: string[] = [];
  for (let at = 0; at < text.length; at += 65_531) chunks.push(text.slice(at, at + 65_531));
  const fast = await run(new UninterestingRowFilter(","), chunks);
  assert.deepEqual(fast, await run(new ReferenceRowFilter(","), chunks));
  assert.equal(fast.blanked, 20_000 - 21);
  assert.deepEqual(fast.wsus, { "w3wp.exe": 4995, "WsusService.exe": 4995, "sqlservr.exe": 4995 });
});
