/**
 * Replaying a failure: fast-check prints `{ seed: S, path: "P", endOnFailure: true }` for the failing
 * property. Set PROPERTY_SEED=S and PROPERTY_PATH=P (and keep PROPERTY_RUNS as it was) to run exactly
 * that counterexample again; without them every run draws a fresh seed.
 */
import type { Parameters } from "fast-check";

export function replayParameters(): Pick<Parameters<unknown>, "seed" | "path" | "endOnFailure" | "verbose"> {
  const seed = process.env["PROPERTY_SEED"];
  const path = process.env["PROPERTY_PATH"];
  return {
    ...(seed !== undefined && seed !== "" ? { seed: Number(seed) } : {}),
    ...(path ? { path, endOnFailure: true } : {}),
    // Print the counterexample and the seed of a failure in full (fast-check's default already has the seed).
    verbose: 1,
  };
}
