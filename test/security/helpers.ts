/** Shared helpers for the robustness and security tests: in-memory bundles, one-file collection. */
import { evidenceFileFromBytes } from "../../src/bundle/evidence-file.js";
import type { OpenedBundle } from "../../src/bundle/open-bundle.js";
import type { Limits } from "../../src/collectors/types.js";
import type { InventoryEntry } from "../../src/result/types.js";
import { collectFacts, type CollectedBundle } from "../../src/pipeline/collect-facts.js";

export interface MemoryFile {
  path: string;
  bytes: Buffer;
}

/** A bundle listing over files held in memory (no disk, no manifest). */
export async function bundleOf(entries: readonly MemoryFile[]): Promise<OpenedBundle> {
  const files = await Promise.all(entries.map((entry) => evidenceFileFromBytes(entry.path, entry.bytes)));
  return { name: "property", root: "/property", manifest: {}, manifestProblems: [], files, setAside: [] };
}

/** Collect one in-memory file through the real pipeline stage (classification included). */
export async function collectOne(
  path: string,
  bytes: Buffer,
  limits: Partial<Limits> = {},
): Promise<{ entry: InventoryEntry; collected: CollectedBundle }> {
  const collected = await collectFacts(await bundleOf([{ path, bytes }]), { limits });
  if (collected.inventory.length !== 1)
    throw new Error(`expected one inventory entry, got ${collected.inventory.length}`);
  return { entry: collected.inventory[0]!, collected };
}

/** Windows "Unicode": UTF-16LE with a byte-order mark. */
export function utf16le(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
}

/** Windows line ends. */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, "\r\n");
}

/** The shipped rule folder. */
export async function loadableRuleFolders(): Promise<string[]> {
  // Every shipped rule must load: a broken rule file fails these tests loudly (and check:rules).
  const { SHIPPED_RULES_DIR } = await import("../../src/checks/catalogue.js");
  return [SHIPPED_RULES_DIR];
}
