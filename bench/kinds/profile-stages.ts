/**
 * Where a run's CPU went, per pipeline stage, from a V8 .cpuprofile (`node --cpu-prof`). Each sample
 * goes to the innermost frame of the project's own code that names a stage — a collector kind, the
 * bundle reader, the rules, the report renderer — so a library (iconv-lite, saxes, csv-parse) counts
 * for the stage that called it. Samples with no project frame are module loading, garbage collection
 * or idle time (waiting: for the disk, for the browser printing the PDF).
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface StageRow {
  stage: string;
  ms: number;
  share: string;
}

/** The stage a frame's script belongs to, or undefined for a helper folder (knowledge/) or a library. */
export function stageOfUrl(url: string): string | undefined {
  const at = url.lastIndexOf("/dist/");
  if (at < 0) return undefined;
  const parts = url.slice(at + "/dist/".length).split("/");
  const [folder, sub] = parts;
  switch (folder) {
    case "collectors":
      return parts.length > 2 ? `collectors/${sub}` : "collectors (shared)";
    case "report":
      return sub === "html" || sub === "pdf" ? `report/${sub}` : "report (model, json, lists)";
    case "engine":
    case "checks":
      return `rules (${folder})`;
    case "bundle":
    case "pipeline":
    case "result":
    case "cli":
    case "config":
      return folder;
    default:
      return undefined;
  }
}

const SPECIAL = new Map([
  ["(garbage collector)", "garbage collection (unattributed)"],
  ["(idle)", "idle (disk, browser, timers)"],
  ["(program)", "V8 (program)"],
]);

export function cpuByStage(path: string): { totalMs: number; rows: StageRow[] } {
  const profile = JSON.parse(readFileSync(path, "utf8")) as Profile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const stageOfNode = new Map<number, string>();
  const stageOf = (id: number): string => {
    const known = stageOfNode.get(id);
    if (known) return known;
    const node = byId.get(id)!;
    const own = stageOfUrl(node.callFrame.url);
    const up = parent.get(id);
    const stage =
      own ??
      SPECIAL.get(node.callFrame.functionName) ??
      (up === undefined ? "node internals (streams, fs, module loading)" : stageOf(up));
    stageOfNode.set(id, stage);
    return stage;
  };

  const micros = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    total += delta;
    const stage = stageOf(id);
    micros.set(stage, (micros.get(stage) ?? 0) + delta);
  });
  const rows = [...micros]
    .sort((a, b) => b[1] - a[1])
    .map(([stage, us]) => ({ stage, ms: us / 1000, share: `${((100 * us) / total).toFixed(1)} %` }));
  return { totalMs: total / 1000, rows };
}
