/**
 * Token requests caused by N concurrent invokes on a cold cache, against the emulator: a fresh worker
 * per repetition sets up its contender and starts N invokes at once; the emulator counts the requests
 * that reached its Sentinel token routes (and its Domain API), and its CPU share over the burst is read.
 *
 * @module
 */
import type { BurstSample, EmulatorCounters } from "../protocol.js";
import type { BenchServers } from "../servers.js";
import { rotate } from "../stats.js";
import { startWorker } from "../worker-host.js";
import type { ContenderId } from "../workload.js";

/** One burst: what the emulator counted and how the invokes went. */
export interface BurstRun extends BurstSample {
  counters: EmulatorCounters;
  /** Emulator CPU time ÷ wall time of the burst (1 = one core busy). */
  emulatorCpuShare: number;
}

/**
 * Runs `repetitions` cold bursts of `invokes` per contender.
 *
 * @example
 * ```ts
 * const bursts = await measureTokenBursts(["lpkit", "official"], servers, 3, 1_000);
 * ```
 */
export async function measureTokenBursts(
  contenders: readonly ContenderId[],
  servers: BenchServers,
  repetitions: number,
  invokes: number,
  log: (line: string) => void = () => {},
): Promise<Record<ContenderId, BurstRun[]>> {
  const { emulator } = servers;
  const out = Object.fromEntries(contenders.map((id) => [id, [] as BurstRun[]])) as Record<
    ContenderId,
    BurstRun[]
  >;
  for (let rep = 0; rep < repetitions; rep++) {
    for (const id of rotate(contenders, rep)) {
      // Nothing else talks to the emulator now: every counted request is this worker's (the
      // hand-written contenders take their one token while they are set up).
      await emulator.resetStats();
      const worker = await startWorker(id, servers.env.emulator);
      try {
        const cpuBefore = await emulator.cpuUs();
        const sample = await worker.burst(invokes);
        const cpuUsed = (await emulator.cpuUs()) - cpuBefore;
        out[id].push({
          ...sample,
          counters: await emulator.counters(),
          emulatorCpuShare: cpuUsed / (sample.elapsedMs * 1000),
        });
      } finally {
        await worker.close();
      }
    }
    log(`token burst ${rep + 1}/${repetitions}`);
  }
  return out;
}
