/**
 * Cold start, against the emulator: wall time from process start to the first successful invoke
 * (Domain API lookup + token + invoke), each run in a fresh process, contenders interleaved; the
 * emulator's CPU share over each run is read too.
 *
 * @module
 */
import type { BenchServers } from "../servers.js";
import { rotate } from "../stats.js";
import type { ContenderId } from "../workload.js";
import { type ProgramRun, programPath, runProgram } from "./programs.js";

/** One cold run and how busy the emulator was meanwhile. */
export interface ColdRun extends ProgramRun {
  /** Emulator CPU time ÷ wall time of the run (1 = one core busy). */
  emulatorCpuShare: number;
}

/**
 * Runs every contender's one-invoke program `runs` times, round robin with a rotating start.
 *
 * @example
 * ```ts
 * const runs = await measureColdStarts(["raw-fetch", "lpkit"], servers, 10);
 * ```
 */
export async function measureColdStarts(
  contenders: readonly ContenderId[],
  servers: BenchServers,
  runs: number,
  log: (line: string) => void = () => {},
): Promise<Record<ContenderId, ColdRun[]>> {
  const env = servers.env.emulator;
  const out = Object.fromEntries(contenders.map((id) => [id, [] as ColdRun[]])) as Record<
    ContenderId,
    ColdRun[]
  >;
  // One unmeasured run each first, so no contender pays for reading its files from a cold disk cache.
  for (const id of contenders) {
    await runProgram(programPath(id), env);
  }
  for (let run = 0; run < runs; run++) {
    for (const id of rotate(contenders, run)) {
      const cpuBefore = await servers.emulator.cpuUs();
      const result = await runProgram(programPath(id), env);
      const cpuUsed = (await servers.emulator.cpuUs()) - cpuBefore;
      out[id].push({ ...result, emulatorCpuShare: cpuUsed / (result.wallMs * 1000) });
    }
    log(`cold start ${run + 1}/${runs}`);
  }
  return out;
}
