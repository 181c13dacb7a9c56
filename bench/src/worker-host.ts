/**
 * Starts worker processes (one contender each) and sends them measurement commands.
 *
 * @module
 */
import { fork } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { IpcChannel } from "./ipc-channel.js";
import type {
  BurstSample,
  HeapCheckpoint,
  ThroughputSample,
  WorkerCommand,
  WorkerReply,
} from "./protocol.js";
import { type BenchEnv, type ContenderId, childEnv } from "./workload.js";

const WORKER_MAIN = fileURLToPath(new URL("./worker-main.js", import.meta.url));

/** The preload every contender process runs with (see `dns-guard.ts`). */
export const DNS_GUARD_URL = pathToFileURL(fileURLToPath(new URL("./dns-guard.js", import.meta.url))).href;

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  /** Start with `--expose-gc` (heap figure). */
  exposeGc?: boolean;
  /** Write a V8 CPU profile of the worker into this directory. */
  cpuProfileDir?: string | undefined;
}

/** A worker process that has set up its contender. */
export interface Worker {
  readonly contender: ContenderId;
  latency(count: number): Promise<number[]>;
  warmup(concurrency: number, durationMs: number): Promise<ThroughputSample>;
  throughput(concurrency: number, durationMs: number): Promise<ThroughputSample>;
  burst(count: number): Promise<BurstSample>;
  heap(plan: {
    warmup: number;
    total: number;
    checkpointEvery: number;
    concurrency: number;
  }): Promise<HeapCheckpoint[]>;
  close(): Promise<void>;
}

function expect<T extends WorkerReply["type"]>(
  reply: WorkerReply,
  type: T,
): Extract<WorkerReply, { type: T }> {
  if (reply.type !== type) {
    throw new Error(`worker: expected ${type}, got ${reply.type}`);
  }
  return reply as Extract<WorkerReply, { type: T }>;
}

/**
 * Forks a worker for `contender` and sets it up (for raw fetch and openapi-fetch that includes the
 * Domain API lookup and the token request; the clients do theirs on the first invoke).
 *
 * @example
 * ```ts
 * const worker = await startWorker("lpkit", emulator.env);
 * const samples = await worker.latency(1_000);
 * await worker.close();
 * ```
 */
export async function startWorker(
  contender: ContenderId,
  env: BenchEnv,
  options: WorkerOptions = {},
): Promise<Worker> {
  const execArgv = ["--import", DNS_GUARD_URL];
  if (options.exposeGc) {
    execArgv.push("--expose-gc");
  }
  if (options.cpuProfileDir) {
    execArgv.push(
      "--cpu-prof",
      `--cpu-prof-dir=${options.cpuProfileDir}`,
      `--cpu-prof-name=${contender}-${Date.now()}.cpuprofile`,
    );
  }
  const child = fork(WORKER_MAIN, [], {
    env: childEnv(env),
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const channel = new IpcChannel<WorkerCommand, WorkerReply>(child, `worker ${contender}`);
  try {
    await channel.request({ type: "setup", contender }, 60_000);
  } catch (error) {
    await channel.close();
    throw error;
  }
  const long = 15 * 60_000;
  return {
    contender,
    async latency(count) {
      return expect(await channel.request({ type: "latency", count }, long), "latency").samplesMs;
    },
    async warmup(concurrency, durationMs) {
      return expect(await channel.request({ type: "warmup", concurrency, durationMs }, long), "throughput")
        .sample;
    },
    async throughput(concurrency, durationMs) {
      return expect(
        await channel.request({ type: "throughput", concurrency, durationMs }, long),
        "throughput",
      ).sample;
    },
    async burst(count) {
      return expect(await channel.request({ type: "burst", count }, long), "burst").sample;
    },
    async heap(plan) {
      return expect(await channel.request({ type: "heap", ...plan }, long), "heap").checkpoints;
    },
    close: () => channel.close(),
  };
}
