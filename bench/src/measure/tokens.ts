/**
 * Figure 4, token requests caused by N concurrent invokes on a cold cache: a fresh worker per
 * repetition sets up its contender and starts N invokes at once; the emulator counts the requests
 * that reached its Sentinel token routes (and its Domain API).
 *
 * @module
 */
import type { EmulatorHost } from "../emulator-host.js";
import type { BurstSample, EmulatorCounters } from "../protocol.js";
import { rotate } from "../stats.js";
import { startWorker } from "../worker-host.js";
import type { ContenderId } from "../workload.js";

/** One burst: what the emulator counted and how the invokes went. */
export interface BurstRun extends BurstSample {
  counters: EmulatorCounters;
}

/**
 * Runs `repetitions` cold bursts of `invokes` per contender.
 *
 * @example
 * ```ts
 * const bursts = await measureTokenBursts(["lpkit", "official"], emulator, 3, 1_000);
 * ```
 */
export async function measureTokenBursts(
  contenders: readonly ContenderId[],
  emulator: EmulatorHost,
  repetitions: number,
  invokes: number,
  log: (line: string) => void = () => {},
): Promise<Record<ContenderId, BurstRun[]>> {
  const out = Object.fromEntries(contenders.map((id) => [id, [] as BurstRun[]])) as Record<
    ContenderId,
    BurstRun[]
  >;
  for (let rep = 0; rep < repetitions; rep++) {
    for (const id of rotate(contenders, rep)) {
      // Nothing else talks to the emulator now: every counted request is this worker's.
      await emulator.resetStats();
      const worker = await startWorker(id, emulator.env);
      try {
        const sample = await worker.burst(invokes);
        out[id].push({ ...sample, counters: await emulator.counters() });
      } finally {
        await worker.close();
      }
    }
    log(`token burst ${rep + 1}/${repetitions}`);
  }
  return out;
}
