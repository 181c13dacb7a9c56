/**
 * Figures 2 and 3, warm latency and throughput: one long-lived worker per contender, warmed up, then
 * measured in repetitions that interleave the contenders (rotating who goes first), so slow drifts of
 * a shared machine spread over all of them alike.
 *
 * @module
 */
import type { EmulatorHost } from "../emulator-host.js";
import type { Plan } from "../plan.js";
import { percentile, rotate } from "../stats.js";
import { startWorker, type Worker } from "../worker-host.js";
import type { ContenderId } from "../workload.js";

/** Per-repetition values of the warm figures. */
export interface WarmResults {
  p50Ms: Record<ContenderId, number[]>;
  p99Ms: Record<ContenderId, number[]>;
  /** Invokes per second, by concurrency. */
  throughput: Record<number, Record<ContenderId, number[]>>;
  /** Client process CPU time per invoke (µs), by concurrency. */
  clientCpuUsPerInvoke: Record<number, Record<ContenderId, number[]>>;
  /** Emulator process CPU time / wall time during the run (1 = one core busy), by concurrency. */
  emulatorCpuShare: Record<number, Record<ContenderId, number[]>>;
}

function perContender(contenders: readonly ContenderId[]): Record<ContenderId, number[]> {
  return Object.fromEntries(contenders.map((id) => [id, [] as number[]])) as Record<ContenderId, number[]>;
}

/**
 * Runs the latency and throughput repetitions of `plan` for every contender.
 *
 * @example
 * ```ts
 * const warm = await measureWarm(["raw-fetch", "lpkit"], emulator, FULL_PLAN);
 * ```
 */
export async function measureWarm(
  contenders: readonly ContenderId[],
  emulator: EmulatorHost,
  plan: Plan,
  options: { log?: (line: string) => void; cpuProfileDir?: string | undefined } = {},
): Promise<WarmResults> {
  const log = options.log ?? (() => {});
  const workers = new Map<ContenderId, Worker>();
  try {
    for (const id of contenders) {
      const worker = await startWorker(id, emulator.env, { cpuProfileDir: options.cpuProfileDir });
      workers.set(id, worker);
      await worker.latency(plan.warmupInvokes);
    }
    const get = (id: ContenderId) => workers.get(id) as Worker;
    const results: WarmResults = {
      p50Ms: perContender(contenders),
      p99Ms: perContender(contenders),
      throughput: {},
      clientCpuUsPerInvoke: {},
      emulatorCpuShare: {},
    };
    for (let rep = 0; rep < plan.latencyRepetitions; rep++) {
      for (const id of rotate(contenders, rep)) {
        const samples = await get(id).latency(plan.latencyInvokes);
        results.p50Ms[id].push(percentile(samples, 50));
        results.p99Ms[id].push(percentile(samples, 99));
      }
      log(`latency ${rep + 1}/${plan.latencyRepetitions}`);
    }
    for (const concurrency of plan.concurrencies) {
      const rps = perContender(contenders);
      const cpu = perContender(contenders);
      const share = perContender(contenders);
      for (let rep = 0; rep < plan.throughputRepetitions; rep++) {
        for (const id of rotate(contenders, rep)) {
          const worker = get(id);
          // Re-open idle connections and let the pool reach this concurrency before measuring.
          await worker.warmup(concurrency, plan.throughputWarmupMs);
          const emulatorBefore = await emulator.cpuUs();
          const sample = await worker.throughput(concurrency, plan.throughputMs);
          const emulatorUsed = (await emulator.cpuUs()) - emulatorBefore;
          rps[id].push(sample.completed / (sample.elapsedMs / 1000));
          cpu[id].push(sample.cpuUs / sample.completed);
          share[id].push(emulatorUsed / (sample.elapsedMs * 1000));
        }
        log(`throughput c${concurrency} ${rep + 1}/${plan.throughputRepetitions}`);
      }
      results.throughput[concurrency] = rps;
      results.clientCpuUsPerInvoke[concurrency] = cpu;
      results.emulatorCpuShare[concurrency] = share;
    }
    return results;
  } finally {
    await Promise.all([...workers.values()].map((worker) => worker.close()));
  }
}
