/**
 * Block Inheritance as Windows applies it (knowledge/gpo.md §2.1, §3.1): an OU that blocks inheritance
 * keeps out the GPOs linked above it (site, domain, parent OUs) unless their link is enforced
 * (`NoOverride`). The local GPO is never blocked. gpresult records the block on `SearchedSOM`
 * (`BlocksInheritance` on the blocking OU, `Blocked` on the containers above it) but never on the GPO,
 * so a GPO kept out by it is otherwise listed as "not applied" with no reason.
 */
import type { GpoLink, SearchedSom } from "./facts.js";

/** The OU whose Block Inheritance keeps this link out, or undefined when the link reaches the computer. */
export function blockingOu(link: GpoLink | undefined, soms: readonly SearchedSom[]): string | undefined {
  if (!link || link.enforced || link.somPath === "" || link.somPath.toLowerCase() === "local")
    return undefined;
  // The deepest blocking OU decides: everything above it is out, everything at or below it is in.
  const blocker = soms
    .filter((som) => som.type.toLowerCase() === "ou" && som.blocksInheritance)
    .sort((a, b) => b.path.length - a.path.length)[0];
  const linkSom = soms.find((som) => sameSom(som.path, link.somPath));
  if (blocker && !isWithin(link.somPath, blocker.path)) return blocker.path;
  if (linkSom?.blocked) return blocker?.path ?? "an OU below it";
  return undefined;
}

function sameSom(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** `path` is `container` itself or below it (canonical paths: corp.example/Clients/Berlin). */
function isWithin(path: string, container: string): boolean {
  const p = path.toLowerCase();
  const c = container.toLowerCase();
  return p === c || p.startsWith(`${c}/`);
}
