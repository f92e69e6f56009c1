/**
 * The report folder is replaced as a whole, never edited in place: the reports are written to a
 * temporary folder beside the target and moved into place once every one is complete. A run that
 * stops part-way leaves the previous complete set (or, in the instant between the two renames,
 * no folder), never a new report.html beside an old result.json. A lock file beside the target
 * makes a second run into the same folder refuse instead of mixing two bundles.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import {
  access,
  copyFile,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  unlink,
  writeFile,
} from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/** A problem with the output folder the user can fix: one sentence, no stack trace. */
export class OutputError extends Error {
  override name = "OutputError";
}

/**
 * The new set is in place except these files, which another program holds open (a PDF viewer on
 * Windows locks report.pdf): they keep the previous run's content.
 */
export class LockedReportsError extends OutputError {
  constructor(
    readonly folder: string,
    readonly locked: readonly string[],
  ) {
    super(
      `${locked.join(", ")} in ${folder} ${locked.length === 1 ? "is" : "are"} open in another program and could not be replaced (still the previous run's); close ${locked.length === 1 ? "it" : "them"} and run again. The other reports were written.`,
    );
  }
}

/** The file operations of the swap, replaceable in tests (a locked file cannot be made on Linux). */
export const swapFileSystem = { rename, rm };

const LOCKED_CODES = new Set(["EBUSY", "EPERM", "EACCES"]);

/** Files Windows and macOS drop into any folder a person opens; replacing them loses nothing. */
const DESKTOP_LITTER = new Set(["desktop.ini", "thumbs.db", ".ds_store"]);

export interface ReplaceOptions {
  /** The file names a complete set may hold: anything else in the folder is the user's and is not replaced. */
  reportFiles: readonly string[];
  /** Files of the current set to keep in the new one (render keeps the result.json it read). */
  carryOver?: readonly string[];
}

/**
 * Runs `fill` with an empty staging folder, then makes that folder the target. Errors from the file
 * system (full disk, no permission, a report open in another program) become OutputErrors that say
 * what happened to the previous reports.
 */
export async function replaceReportFolder<T>(
  target: string,
  options: ReplaceOptions,
  fill: (staging: string) => Promise<T>,
): Promise<T> {
  const folder = resolve(target);
  const parent = dirname(folder);
  const name = basename(folder);
  const existing = await inspectTarget(folder, options.reportFiles);
  await mkdir(parent, { recursive: true }).catch((error: unknown) => {
    throw new OutputError(
      `The folder ${parent} cannot be created (${reasonOf(error)}); choose another --out.`,
    );
  });
  const release = await lock(parent, name, folder);
  let staging: string | undefined;
  try {
    await removeLeftovers(parent, name);
    // mkdir, not mkdtemp: mkdtemp makes the folder private (0700) and the swapped-in reports with it
    staging = join(parent, `.${name}.partial-${randomBytes(4).toString("hex")}`);
    await mkdir(staging);
    const value = await fill(staging);
    if (existing) {
      for (const file of options.carryOver ?? []) {
        await copyFile(join(folder, file), join(staging, file), constants.COPYFILE_EXCL).catch(
          () => undefined,
        );
      }
    }
    await swapInto(staging, folder, existing, options.reportFiles);
    staging = undefined;
    return value;
  } catch (error) {
    throw asOutputError(error, folder, existing);
  } finally {
    if (staging) await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    await release();
  }
}

/**
 * What replaceReportFolder would refuse, said before an audit of many minutes rather than after:
 * a file, a folder holding the user's own files, or a place the user cannot write to.
 */
export async function checkReportFolder(target: string, reportFiles: readonly string[]): Promise<void> {
  const folder = resolve(target);
  await inspectTarget(folder, reportFiles);
  // the staging folder and the lock go beside the target: its parent, or the nearest folder that exists
  let nearest = dirname(folder);
  while (!(await lstat(nearest).catch(() => undefined)) && dirname(nearest) !== nearest)
    nearest = dirname(nearest);
  await access(nearest, constants.W_OK).catch((error: unknown) => {
    throw new OutputError(
      `Reports cannot be written beside ${folder} (${reasonOf(error)}); choose a folder you can write to with --out.`,
    );
  });
}

/**
 * A folder that holds several report sets (batch: one per bundle and the index), created if need
 * be and checked writable before any bundle is audited.
 */
export async function prepareOutputFolder(target: string): Promise<void> {
  const folder = resolve(target);
  const info = await lstat(folder).catch(() => undefined);
  if (info && !info.isDirectory())
    throw new OutputError(
      `${folder} is a file, not a folder: give --out the name of a folder for the reports.`,
    );
  try {
    await mkdir(folder, { recursive: true });
    await access(folder, constants.W_OK);
  } catch (error) {
    throw new OutputError(
      `Reports cannot be written to ${folder} (${reasonOf(error)}); choose a folder you can write to with --out.`,
    );
  }
}

/**
 * One report file (a diff, a batch index) written whole or not at all: into a file beside it, then
 * renamed over it. File-system errors become an OutputError naming the file.
 */
export async function writeFileWhole(path: string, content: string): Promise<void> {
  const target = resolve(path);
  const partial = join(dirname(target), `.${basename(target)}.partial-${randomBytes(4).toString("hex")}`);
  try {
    await mkdir(dirname(target), { recursive: true });
    await writeFile(partial, content, "utf8");
    await rename(partial, target);
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    throw new OutputError(
      `${target} could not be written (${reasonOf(error)}); choose a place you can write to with --out.`,
    );
  }
}

/** Whether the target holds a previous set; refuses a file, or a folder holding the user's own files. */
async function inspectTarget(folder: string, reportFiles: readonly string[]): Promise<boolean> {
  const info = await lstat(folder).catch(() => undefined);
  if (!info) return false;
  if (!info.isDirectory())
    throw new OutputError(
      `${folder} is a file, not a folder: give --out the name of a folder for the reports.`,
    );
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    throw new OutputError(
      `The output folder ${folder} cannot be read (${reasonOf(error)}); choose another --out.`,
    );
  }
  // Replacing a folder the user may not write to would defeat its protection and leave the old
  // set behind undeletable; as root this passes, as it should.
  await access(folder, constants.W_OK).catch((error: unknown) => {
    throw new OutputError(
      `The output folder ${folder} cannot be written (${reasonOf(error)}); choose a folder you can write to with --out.`,
    );
  });
  const known = new Set(reportFiles.map((file) => file.toLowerCase()));
  const foreign = names.filter(
    (entry) => !known.has(entry.toLowerCase()) && !DESKTOP_LITTER.has(entry.toLowerCase()),
  );
  if (foreign.length > 0) {
    const shown =
      foreign.slice(0, 3).join(", ") + (foreign.length > 3 ? ` and ${foreign.length - 3} more` : "");
    throw new OutputError(
      `The output folder ${folder} holds files that are not wsus-audit reports (${shown}); choose a new or empty folder with --out so that nothing of yours is replaced.`,
    );
  }
  return true;
}

/**
 * `.<name>.wsus-audit.lock` beside the target, holding the owner's process id. A lock whose
 * process has ended (a run that was killed) is taken over.
 */
async function lock(parent: string, name: string, folder: string): Promise<() => Promise<void>> {
  const path = join(parent, `.${name}.wsus-audit.lock`);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => unlink(path).catch(() => undefined);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new OutputError(
          `Reports cannot be written beside ${folder} (${reasonOf(error)}); choose a folder you can write to with --out.`,
        );
      }
    }
    const owner = Number((await readFile(path, "utf8").catch(() => "")).trim());
    if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
      throw new OutputError(
        `Another wsus-audit run (process ${owner}) is writing reports to ${folder}; wait for it to finish or choose another --out.`,
      );
    }
    await unlink(path).catch(() => undefined);
  }
  throw new OutputError(`The lock file ${path} keeps coming back; another program is using ${folder}.`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Staging and previous folders a killed run left beside the target (we hold the lock: none is in use). */
async function removeLeftovers(parent: string, name: string): Promise<void> {
  const prefixes = [`.${name}.partial-`, `.${name}.previous-`];
  for (const entry of await readdir(parent).catch(() => [] as string[])) {
    if (prefixes.some((prefix) => entry.startsWith(prefix)))
      await rm(join(parent, entry), { recursive: true, force: true }).catch(() => undefined);
  }
}

async function swapInto(
  staging: string,
  folder: string,
  existing: boolean,
  reportFiles: readonly string[],
): Promise<void> {
  if (!existing) {
    await swapFileSystem.rename(staging, folder);
    return;
  }
  const previous = join(dirname(folder), `.${basename(folder)}.previous-${randomBytes(4).toString("hex")}`);
  try {
    await swapFileSystem.rename(folder, previous);
  } catch (error) {
    // Windows refuses to rename a folder while a file in it is open: replace the files one by one.
    if (!LOCKED_CODES.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
    await replaceFileByFile(staging, folder, reportFiles);
    return;
  }
  try {
    await swapFileSystem.rename(staging, folder);
  } catch (error) {
    await swapFileSystem.rename(previous, folder).catch(() => undefined);
    throw error;
  }
  await swapFileSystem.rm(previous, { recursive: true, force: true }).catch(() => undefined);
}

/**
 * Every report of the new set replaces its old file; old reports this run did not write go. A file
 * another program holds open stays as it was and is named in a LockedReportsError.
 */
async function replaceFileByFile(
  staging: string,
  folder: string,
  reportFiles: readonly string[],
): Promise<void> {
  const fresh = await readdir(staging);
  const locked: string[] = [];
  const stale = (await readdir(folder)).filter(
    (name) => !fresh.includes(name) && reportFiles.some((file) => file.toLowerCase() === name.toLowerCase()),
  );
  for (const name of [...fresh, ...stale]) {
    try {
      await swapFileSystem.rm(join(folder, name), { recursive: true, force: true });
      if (fresh.includes(name)) await swapFileSystem.rename(join(staging, name), join(folder, name));
    } catch (error) {
      if (!LOCKED_CODES.has((error as NodeJS.ErrnoException).code ?? "")) throw error;
      locked.push(name);
    }
  }
  await swapFileSystem.rm(staging, { recursive: true, force: true }).catch(() => undefined);
  if (locked.length > 0) throw new LockedReportsError(folder, locked);
}

function asOutputError(error: unknown, folder: string, existing: boolean): unknown {
  if (error instanceof OutputError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code !== "string" || !/^E[A-Z]+$/.test(code)) return error;
  const kept = existing ? "the previous reports there are unchanged" : "nothing was written there";
  if (code === "EPERM" || code === "EBUSY") {
    return new OutputError(
      `The reports in ${folder} could not be replaced: a file in it is open in another program or the folder is protected (${reasonOf(error)}); close it and run again — ${kept}.`,
    );
  }
  return new OutputError(`The reports could not be written to ${folder} (${reasonOf(error)}); ${kept}.`);
}

function reasonOf(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  if (code === "EACCES") return "permission denied";
  if (code === "ENOSPC") return "the disk is full";
  if (code === "EROFS") return "the disk is read-only";
  if (code === "ENOENT") return "the path does not exist";
  if (code === "ENOTDIR") return "a part of the path is a file";
  return message.replace(/\.$/, "");
}
