/**
 * Messages between the orchestrator and its child processes (the emulator and the workers), over
 * Node's IPC channel. Nothing is sent while a measurement runs.
 *
 * @module
 */
import type { ContenderId } from "./workload.js";

/** Orchestrator → worker. */
export type WorkerCommand =
  | { type: "setup"; contender: ContenderId }
  | { type: "latency"; count: number }
  | { type: "throughput"; concurrency: number; durationMs: number }
  | { type: "warmup"; concurrency: number; durationMs: number }
  | { type: "burst"; count: number }
  | { type: "heap"; warmup: number; total: number; checkpointEvery: number; concurrency: number }
  | { type: "exit" };

/** Result of a `throughput` (or `warmup`) command. */
export interface ThroughputSample {
  completed: number;
  elapsedMs: number;
  /** User + system CPU time of the worker process during the run, µs. */
  cpuUs: number;
}

/** Result of a `burst` command: `count` invokes started at once on a cold client. */
export interface BurstSample {
  ok: number;
  failed: number;
  elapsedMs: number;
  /** The first failure's message, if any. */
  firstError?: string | undefined;
}

/** One reading of the `heap` command: heap used after forced GC once `invokes` were done. */
export interface HeapCheckpoint {
  invokes: number;
  heapUsed: number;
  rss: number;
}

/** Worker → orchestrator. */
export type WorkerReply =
  | { type: "ready" }
  | { type: "latency"; samplesMs: number[] }
  | { type: "throughput"; sample: ThroughputSample }
  | { type: "burst"; sample: BurstSample }
  | { type: "heap"; checkpoints: HeapCheckpoint[] }
  | { type: "error"; message: string };

/** Orchestrator → emulator process. */
export type EmulatorCommand = { type: "stats" } | { type: "reset" } | { type: "cpu" } | { type: "stop" };

/** Token and lookup counters the benchmark reads from `emulator.stats()`. */
export interface EmulatorCounters {
  /** Requests to either Sentinel token route. */
  tokenRequests: number;
  tokensIssued: number;
  domainLookups: number;
  invocations: number;
  /** Every request the emulator received. */
  requests: number;
}

/** Emulator process → orchestrator. */
export type EmulatorReply =
  | { type: "ready"; url: string; ip: string; ca: string; hosts: Record<string, string> }
  | { type: "stats"; counters: EmulatorCounters }
  | { type: "reset" }
  | { type: "cpu"; cpuUs: number; atMs: number }
  | { type: "stopped" }
  | { type: "error"; message: string };
