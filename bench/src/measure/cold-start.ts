/**
 * Figure 1, cold start: wall time from process start to the first successful invoke (Domain API
 * lookup + token + invoke), each run in a fresh process, contenders interleaved.
 *
 * @module
 */
import { rotate } from "../stats.js";
import type { BenchEnv, ContenderId } from "../workload.js";
import { type ProgramRun, programPath, runProgram } from "./programs.js";

/**
 * Runs every contender's one-invoke program `runs` times, round robin with a rotating start.
 *
 * @example
 * ```ts
 * const runs = await measureColdStarts(["raw-fetch", "lpkit"], env, 10);
 * ```
 */
export async function measureColdStarts(
  contenders: readonly ContenderId[],
  env: BenchEnv,
  runs: number,
  log: (line: string) => void = () => {},
): Promise<Record<ContenderId, ProgramRun[]>> {
  const out = Object.fromEntries(contenders.map((id) => [id, [] as ProgramRun[]])) as Record<
    ContenderId,
    ProgramRun[]
  >;
  // One unmeasured run each first, so no contender pays for reading its files from a cold disk cache.
  for (const id of contenders) {
    await runProgram(programPath(id), env);
  }
  for (let run = 0; run < runs; run++) {
    for (const id of rotate(contenders, run)) {
      out[id].push(await runProgram(programPath(id), env));
    }
    log(`cold start ${run + 1}/${runs}`);
  }
  return out;
}
