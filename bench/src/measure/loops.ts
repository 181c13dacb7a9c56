/**
 * The measurement loops that run inside a worker process. They add as little as possible around
 * `contender.invoke()`: a clock read per invoke for latency, a counter for throughput.
 *
 * @module
 */
import type { Contender } from "../contenders/types.js";
import type { BurstSample, HeapCheckpoint, ThroughputSample } from "../protocol.js";

/**
 * Invokes `count` times one after another; returns each invoke's duration in ms.
 *
 * @example
 * ```ts
 * const samples = await measureLatency(contender, 1_000);
 * ```
 */
export async function measureLatency(contender: Contender, count: number): Promise<number[]> {
  const samples = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await contender.invoke();
    samples[i] = performance.now() - started;
  }
  return samples;
}

/**
 * Closed loop: `concurrency` lanes each invoke again as soon as their previous invoke finished, until
 * `durationMs` have passed; invokes in flight at the deadline are completed and counted.
 *
 * @example
 * ```ts
 * const { completed, elapsedMs } = await measureThroughput(contender, 16, 2_000);
 * ```
 */
export async function measureThroughput(
  contender: Contender,
  concurrency: number,
  durationMs: number,
): Promise<ThroughputSample> {
  let completed = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + durationMs;
  const lane = async () => {
    while (performance.now() < deadline) {
      await contender.invoke();
      completed++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { completed, elapsedMs, cpuUs: used.user + used.system };
}

/**
 * Runs exactly `total` invokes on `concurrency` lanes.
 *
 * @example
 * ```ts
 * await runInvokes(contender, 10_000, 16);
 * ```
 */
export async function runInvokes(contender: Contender, total: number, concurrency: number): Promise<void> {
  let started = 0;
  const lane = async () => {
    while (started < total) {
      started++;
      await contender.invoke();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
}

/**
 * Starts `count` invokes at once (on a cold client) and waits for all of them.
 *
 * @example
 * ```ts
 * const { ok, failed } = await measureBurst(contender, 1_000);
 * ```
 */
export async function measureBurst(contender: Contender, count: number): Promise<BurstSample> {
  const started = performance.now();
  const outcomes = await Promise.allSettled(Array.from({ length: count }, () => contender.invoke()));
  const elapsedMs = performance.now() - started;
  const failures = outcomes.filter((o): o is PromiseRejectedResult => o.status === "rejected");
  const first = failures[0]?.reason as unknown;
  return {
    ok: count - failures.length,
    failed: failures.length,
    elapsedMs,
    firstError: first === undefined ? undefined : first instanceof Error ? first.message : String(first),
  };
}

/** Heap used and RSS after forcing full garbage collections (needs `--expose-gc`). */
async function settledHeap(invokes: number): Promise<HeapCheckpoint> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    throw new Error("the heap measurement needs node --expose-gc");
  }
  for (let i = 0; i < 4; i++) {
    gc();
    // Let pending callbacks, finalizers and timers that hold references run.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const { heapUsed, rss } = process.memoryUsage();
  return { invokes, heapUsed, rss };
}

/**
 * Warms up, then runs `total` invokes and reads the heap after GC every `checkpointEvery` invokes.
 *
 * @example
 * ```ts
 * const checkpoints = await measureHeap(contender, { warmup: 2_000, total: 100_000, checkpointEvery: 20_000, concurrency: 16 });
 * ```
 */
export async function measureHeap(
  contender: Contender,
  plan: { warmup: number; total: number; checkpointEvery: number; concurrency: number },
): Promise<HeapCheckpoint[]> {
  await runInvokes(contender, plan.warmup, plan.concurrency);
  const checkpoints = [await settledHeap(0)];
  for (let done = 0; done < plan.total; ) {
    const step = Math.min(plan.checkpointEvery, plan.total - done);
    await runInvokes(contender, step, plan.concurrency);
    done += step;
    checkpoints.push(await settledHeap(done));
  }
  return checkpoints;
}
