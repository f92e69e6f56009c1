import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { chooseOutDir } from "../../src/cli/out-dir.js";

const { win32, posix } = path;

test("default: ./reports/<bundle name> from where the command runs", () => {
  assert.deepEqual(chooseOutDir("D:\\Evidence\\Contoso", undefined, "C:\\Work", win32), {
    outDir: "C:\\Work\\reports\\Contoso",
  });
  assert.deepEqual(chooseOutDir("E:\\Cases\\fabrikam.ZIP", undefined, "C:\\Work", win32), {
    outDir: "C:\\Work\\reports\\fabrikam",
  });
});

test("`audit .` inside the evidence writes beside it, never into it", () => {
  const choice = chooseOutDir(".", undefined, "D:\\Evidence\\Contoso", win32);
  assert.equal(choice.outDir, "D:\\Evidence\\reports\\Contoso");
  assert.match(choice.note ?? "", /inside the evidence folder D:\\Evidence\\Contoso/);
  const linux = chooseOutDir(".", undefined, "/srv/evidence/contoso", posix);
  assert.equal(linux.outDir, "/srv/evidence/reports/contoso");
});

test("an --out inside the evidence is moved out (drive letters compared without case)", () => {
  const choice = chooseOutDir("d:\\evidence\\contoso", "D:\\EVIDENCE\\Contoso\\out", "C:\\", win32);
  assert.equal(choice.outDir, "d:\\evidence\\reports\\contoso");
  assert.match(choice.note ?? "", /--out D:\\EVIDENCE\\Contoso\\out is inside/);
});

test("UNC shares: the share's folder is the bundle, reports go beside it", () => {
  const bundle = "\\\\fs01\\cases\\Contoso\\";
  assert.deepEqual(chooseOutDir(bundle, "\\\\fs01\\cases\\out", "C:\\Work", win32), {
    outDir: "\\\\fs01\\cases\\out",
  });
  assert.equal(chooseOutDir(bundle, undefined, bundle, win32).outDir, "\\\\fs01\\cases\\reports\\Contoso");
});

test("an --out outside the evidence, or beside a zip, is taken as given", () => {
  assert.deepEqual(chooseOutDir("C:\\ev\\a.zip", "C:\\ev\\a.zip-reports", "C:\\", win32), {
    outDir: "C:\\ev\\a.zip-reports",
  });
  assert.deepEqual(chooseOutDir("/srv/ev", "/srv/ev-reports", "/", posix), { outDir: "/srv/ev-reports" });
});

test("a drive root as the bundle has no outside: the user is asked for --out", () => {
  assert.throws(() => chooseOutDir("D:\\", undefined, "D:\\", win32), /give --out a folder outside it/);
});
