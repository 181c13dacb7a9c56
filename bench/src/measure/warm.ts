/**
 * Warm latency and throughput against one target: one long-lived worker per contender, warmed up,
 * then measured in repetitions that interleave the contenders (rotating who goes first), so slow
 * drifts of a shared machine spread over all of them alike — and so a ratio between two contenders
 * within one repetition is a fair one. The target server's CPU is read around every measurement.
 *
 * @module
 */
import type { Plan } from "../plan.js";
import type { BenchServers } from "../servers.js";
import { percentile, rotate } from "../stats.js";
import { startWorker, type Worker } from "../worker-host.js";
import type { ContenderId, TargetId } from "../workload.js";

/** Per-repetition values of the warm figures of one target (index = repetition). */
export interface WarmResults {
  p50Ms: Record<ContenderId, number[]>;
  p99Ms: Record<ContenderId, number[]>;
  /** Server CPU time ÷ wall time during each latency repetition (1 = one core busy). */
  latencyServerCpuShare: Record<ContenderId, number[]>;
  /** Invokes per second, by concurrency. */
  throughput: Record<number, Record<ContenderId, number[]>>;
  /** Client process CPU time per invoke (µs), by concurrency. */
  clientCpuUsPerInvoke: Record<number, Record<ContenderId, number[]>>;
  /** Server CPU time ÷ wall time during each throughput repetition, by concurrency. */
  serverCpuShare: Record<number, Record<ContenderId, number[]>>;
}

/**
 * An empty sample list per contender.
 *
 * @example
 * ```ts
 * const rps = perContender(["lpkit", "official"]); // { lpkit: [], official: [] }
 * ```
 */
export function perContender(contenders: readonly ContenderId[]): Record<ContenderId, number[]> {
  return Object.fromEntries(contenders.map((id) => [id, [] as number[]])) as Record<ContenderId, number[]>;
}

/**
 * Runs the latency and throughput repetitions of `plan` for every contender against `target`.
 *
 * @example
 * ```ts
 * const warm = await measureWarm(["raw-fetch", "lpkit"], "nginx", servers, FULL_PLAN);
 * ```
 */
export async function measureWarm(
  contenders: readonly ContenderId[],
  target: TargetId,
  servers: BenchServers,
  plan: Plan,
  options: { log?: (line: string) => void; cpuProfileDir?: string | undefined } = {},
): Promise<WarmResults> {
  const log = options.log ?? (() => {});
  const workers = new Map<ContenderId, Worker>();
  /** Runs `measure` and returns its result with the server's CPU share over it. */
  const withServerCpu = async <T>(measure: () => Promise<T>): Promise<[T, number]> => {
    const cpuBefore = await servers.serverCpuUs(target);
    const started = performance.now();
    const result = await measure();
    const wallUs = (performance.now() - started) * 1000;
    return [result, ((await servers.serverCpuUs(target)) - cpuBefore) / wallUs];
  };
  const env = servers.env[target];
  if (!env) {
    throw new Error(`${target} is not running in this run`);
  }
  try {
    for (const id of contenders) {
      const worker = await startWorker(id, env, { cpuProfileDir: options.cpuProfileDir });
      workers.set(id, worker);
      await worker.latency(plan.warmupInvokes);
    }
    const get = (id: ContenderId) => workers.get(id) as Worker;
    const results: WarmResults = {
      p50Ms: perContender(contenders),
      p99Ms: perContender(contenders),
      latencyServerCpuShare: perContender(contenders),
      throughput: {},
      clientCpuUsPerInvoke: {},
      serverCpuShare: {},
    };
    for (let rep = 0; rep < plan.latencyRepetitions; rep++) {
      for (const id of rotate(contenders, rep)) {
        const [samples, share] = await withServerCpu(() => get(id).latency(plan.latencyInvokes));
        results.p50Ms[id].push(percentile(samples, 50));
        results.p99Ms[id].push(percentile(samples, 99));
        results.latencyServerCpuShare[id].push(share);
      }
      log(`${target}: latency ${rep + 1}/${plan.latencyRepetitions}`);
    }
    for (const concurrency of plan.concurrencies[target]) {
      const rps = perContender(contenders);
      const cpu = perContender(contenders);
      const share = perContender(contenders);
      for (let rep = 0; rep < plan.throughputRepetitions; rep++) {
        for (const id of rotate(contenders, rep)) {
          const worker = get(id);
          // Re-open idle connections and let the pool reach this concurrency before measuring.
          await worker.warmup(concurrency, plan.throughputWarmupMs);
          const [sample, serverShare] = await withServerCpu(() =>
            worker.throughput(concurrency, plan.throughputMs),
          );
          rps[id].push(sample.completed / (sample.elapsedMs / 1000));
          cpu[id].push(sample.cpuUs / sample.completed);
          share[id].push(serverShare);
        }
        log(`${target}: throughput c${concurrency} ${rep + 1}/${plan.throughputRepetitions}`);
      }
      results.throughput[concurrency] = rps;
      results.clientCpuUsPerInvoke[concurrency] = cpu;
      results.serverCpuShare[concurrency] = share;
    }
    return results;
  } finally {
    await Promise.all([...workers.values()].map((worker) => worker.close()));
  }
}
