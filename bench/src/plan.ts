/**
 * How much of each measurement a run does: the full run (under ten minutes on a 2-core machine) and
 * the quick run (under one minute; checks the harness end to end, its numbers are not for reading).
 *
 * @module
 */

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
  /** Throughput: concurrency levels, repetitions per level, measured time and warm-up time per repetition. */
  concurrencies: readonly number[];
  throughputRepetitions: number;
  throughputMs: number;
  throughputWarmupMs: number;
  /** Token figure: fresh processes per contender × invokes started at once on a cold client. */
  burstRepetitions: number;
  burstInvokes: number;
  /**
   * Heap figure: rounds of fresh `--expose-gc` processes (one per contender, in parallel), each warmed
   * up, then measured with a heap reading after GC every `heapCheckpointEvery` invokes.
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
  concurrencies: [1, 16, 64],
  throughputRepetitions: 5,
  throughputMs: 2_000,
  throughputWarmupMs: 250,
  burstRepetitions: 3,
  burstInvokes: 1_000,
  heapRepetitions: 1,
  heapWarmupInvokes: 2_000,
  heapInvokes: 100_000,
  heapCheckpointEvery: 20_000,
  heapConcurrency: 16,
};

/** The quick run (`pnpm bench --quick`): the same steps, small. */
export const QUICK_PLAN: Plan = {
  mode: "quick",
  coldStartRuns: 2,
  warmupInvokes: 50,
  latencyRepetitions: 2,
  latencyInvokes: 100,
  concurrencies: [1, 16, 64],
  throughputRepetitions: 2,
  throughputMs: 300,
  throughputWarmupMs: 100,
  burstRepetitions: 1,
  burstInvokes: 200,
  heapRepetitions: 1,
  heapWarmupInvokes: 200,
  heapInvokes: 2_000,
  heapCheckpointEvery: 1_000,
  heapConcurrency: 16,
};
