/** One story per computer from the client files of a bundle. */
import type {
  ClientComputer,
  ClientErrorRecord,
  ClientEvidenceKind,
  ClientFacts,
  ClientFragment,
  ClientSetting,
  ClientSuccess,
  ClientTime,
} from "./facts.js";

/** Milliseconds of a client time; a zone-less local time is read as if it were UTC (it is compared within one computer). */
export function clientTimeMs(time: ClientTime): number {
  return Date.parse(time.zone === "utc" ? time.at : `${time.at}Z`);
}

const folderOf = (file: string) => file.replace(/[\\/][^\\/]*$/, "");

/**
 * The computer each file belongs to. A name the log states (its DNS name) wins, and files in the same
 * folder take it too; else the folder or file name; else the file stands alone.
 */
function nameFiles(
  fragments: readonly ClientFragment[],
): Map<ClientFragment, { name: string; from: ClientComputer["nameFrom"] }> {
  const logNameOfFolder = new Map<string, string>();
  for (const fragment of fragments)
    if (fragment.computer?.from === "log" && fragment.file.includes("/"))
      logNameOfFolder.set(folderOf(fragment.file), fragment.computer.name);
  const names = new Map<ClientFragment, { name: string; from: ClientComputer["nameFrom"] }>();
  for (const fragment of fragments) {
    const folderName = fragment.file.includes("/") ? logNameOfFolder.get(folderOf(fragment.file)) : undefined;
    if (fragment.computer?.from === "log") names.set(fragment, fragment.computer);
    else if (folderName) names.set(fragment, { name: folderName, from: "log" });
    else if (fragment.computer) names.set(fragment, fragment.computer);
    else names.set(fragment, { name: `(${fragment.file})`, from: "file" });
  }
  return names;
}

function later<T extends { time: ClientTime }>(a: T | undefined, b: T | undefined): T | undefined {
  if (!a) return b;
  if (!b) return a;
  return clientTimeMs(b.time) > clientTimeMs(a.time) ? b : a;
}

function laterSetting(
  a: (ClientSetting & { from: ClientEvidenceKind }) | undefined,
  b: ClientSetting | undefined,
  from: ClientEvidenceKind,
): (ClientSetting & { from: ClientEvidenceKind }) | undefined {
  if (!b) return a;
  const candidate = { ...b, from };
  if (!a) return candidate;
  // What the agent logged it uses beats the registry; between two logs the later line wins.
  if (a.from === "client-registry" && from !== "client-registry") return candidate;
  if (from === "client-registry" && a.from !== "client-registry") return a;
  if (a.time && b.time) return clientTimeMs(b.time) > clientTimeMs(a.time) ? candidate : a;
  return a;
}

function mergeErrors(into: Map<string, ClientErrorRecord>, errors: readonly ClientErrorRecord[]): void {
  for (const error of errors) {
    const key = `${error.code}|${error.operation}|${error.server ?? ""}`;
    const seen = into.get(key);
    if (!seen) {
      into.set(key, { ...error });
      continue;
    }
    seen.count += error.count;
    if (clientTimeMs(error.first) < clientTimeMs(seen.first)) seen.first = error.first;
    if (clientTimeMs(error.last) > clientTimeMs(seen.last))
      Object.assign(seen, { last: error.last, file: error.file, line: error.line, text: error.text });
  }
}

export function mergeClient(fragments: readonly { file: string; facts: ClientFragment }[]): ClientFacts {
  const all = fragments.map(({ facts }) => facts);
  const names = nameFiles(all);
  const computers = new Map<string, { computer: ClientComputer; errors: Map<string, ClientErrorRecord> }>();
  for (const fragment of all) {
    const { name, from } = names.get(fragment)!;
    const key = name.toUpperCase();
    let entry = computers.get(key);
    if (!entry) {
      entry = {
        computer: { computer: name, nameFrom: from, files: [], kinds: [], errors: [], registryResults: [] },
        errors: new Map(),
      };
      computers.set(key, entry);
    }
    const computer = entry.computer;
    computer.files.push(fragment.file);
    if (!computer.kinds.includes(fragment.kind)) computer.kinds.push(fragment.kind);
    const wsusServer = laterSetting(computer.wsusServer, fragment.wsusServer, fragment.kind);
    const statusServer = laterSetting(computer.statusServer, fragment.statusServer, fragment.kind);
    // The registry holds the id the client uses now; a log line may predate a reset.
    const susClientId =
      fragment.kind === "client-registry" && fragment.susClientId
        ? { ...fragment.susClientId, from: fragment.kind }
        : (computer.susClientId ??
          (fragment.susClientId ? { ...fragment.susClientId, from: fragment.kind } : undefined));
    const lastScanSuccess = later<ClientSuccess>(computer.lastScanSuccess, fragment.lastScanSuccess);
    const lastReportSuccess = later<ClientSuccess>(computer.lastReportSuccess, fragment.lastReportSuccess);
    Object.assign(computer, {
      ...(wsusServer ? { wsusServer } : {}),
      ...(statusServer ? { statusServer } : {}),
      ...(susClientId ? { susClientId } : {}),
      ...(lastScanSuccess ? { lastScanSuccess } : {}),
      ...(lastReportSuccess ? { lastReportSuccess } : {}),
    });
    computer.registryResults.push(...(fragment.registry?.results ?? []));
    mergeErrors(entry.errors, fragment.errors);
  }
  return {
    files: all.map((fragment) => ({
      file: fragment.file,
      kind: fragment.kind,
      computer: names.get(fragment)!.name,
      records: fragment.records,
      ...(fragment.first ? { first: fragment.first } : {}),
      ...(fragment.last ? { last: fragment.last } : {}),
    })),
    computers: [...computers.values()]
      .map(({ computer, errors }) => ({
        ...computer,
        errors: [...errors.values()].sort((a, b) => clientTimeMs(b.last) - clientTimeMs(a.last)),
      }))
      .sort((a, b) => a.computer.localeCompare(b.computer)),
  };
}
