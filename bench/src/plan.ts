/**
 * How much of each measurement a run does: the full run (about a quarter of an hour on a 2-core
 * machine) and the quick run (about a minute; checks the harness end to end, its numbers are not for
 * reading).
 *
 * @module
 */
import type { TargetId } from "./workload.js";

/** Repetitions and sizes of every figure. */
export interface Plan {
  mode: "full" | "quick";
  /** Fresh processes per contender for the cold-start figure. */
  coldStartRuns: number;
  /** Invokes before the warm figures are measured (per worker, once). */
  warmupInvokes: number;
  /** Latency: repetitions × sequential invokes per repetition. */
  latencyRepetitions: number;
  latencyInvokes: number;
  /** Throughput: concurrency levels per target, repetitions per level, measured time and warm-up per repetition. */
  concurrencies: Readonly<Record<TargetId, readonly number[]>>;
  throughputRepetitions: number;
  throughputMs: number;
  throughputWarmupMs: number;
  /** Token figure: fresh processes per contender × invokes started at once on a cold client. */
  burstRepetitions: number;
  burstInvokes: number;
  /**
   * Heap figure (against nginx): rounds of fresh `--expose-gc` processes (one per contender, in
   * parallel), each warmed up, then measured with a heap reading after GC every `heapCheckpointEvery` invokes.
   */
  heapRepetitions: number;
  heapWarmupInvokes: number;
  heapInvokes: number;
  heapCheckpointEvery: number;
  heapConcurrency: number;
}

/** The full run (`pnpm bench`). */
export const FULL_PLAN: Plan = {
  mode: "full",
  coldStartRuns: 10,
  warmupInvokes: 500,
  latencyRepetitions: 5,
  latencyInvokes: 1_000,
  concurrencies: { nginx: [1, 16, 64], emulator: [1, 16, 64] },
  throughputRepetitions: 5,
  throughputMs: 1_000,
  throughputWarmupMs: 250,
  burstRepetitions: 3,
  burstInvokes: 1_000,
  heapRepetitions: 1,
  heapWarmupInvokes: 2_000,
  // 100,000 invokes × 7 contenders in parallel took over half an hour on the shared machine at load 60;
  // the heap target scales the growth linearly to 100,000 (see targets.ts).
  heapInvokes: 20_000,
  heapCheckpointEvery: 5_000,
  heapConcurrency: 16,
};

/** The quick run (`pnpm bench --quick`): the same steps, small. */
export const QUICK_PLAN: Plan = {
  mode: "quick",
  coldStartRuns: 2,
  warmupInvokes: 50,
  latencyRepetitions: 2,
  latencyInvokes: 100,
  concurrencies: { nginx: [1, 16, 64], emulator: [1, 16, 64] },
  throughputRepetitions: 2,
  throughputMs: 200,
  throughputWarmupMs: 50,
  burstRepetitions: 1,
  burstInvokes: 200,
  heapRepetitions: 1,
  heapWarmupInvokes: 200,
  heapInvokes: 2_000,
  heapCheckpointEvery: 1_000,
  heapConcurrency: 16,
};
