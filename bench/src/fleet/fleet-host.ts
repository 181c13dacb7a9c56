/**
 * The fleet measurement's processes, seen from the parent: the emulator in a process of its own
 * ({@link startFleetEmulator}) and N worker processes ({@link startFleet}), each a real `node` with its
 * own token manager, started a few at a time and held at a barrier until all are ready.
 *
 * @module
 */
import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DEMO, type FaultRule } from "@lpkit/emulator";
import { IpcChannel } from "../ipc-channel.js";
import type { EmulatorAnswer, EmulatorControl } from "./fleet-emulator.js";
import {
  type FleetCommand,
  type FleetReply,
  type FleetWorkerConfig,
  type FleetWorkerReport,
  WORKER_CONFIG_ENV,
} from "./protocol.js";

/** A compiled file next to this one; from the sources (vitest), the one in `dist/`. */
function compiled(relative: string): string {
  const file = fileURLToPath(new URL(relative, import.meta.url));
  return existsSync(file) ? file : file.replace(`${sep}src${sep}`, `${sep}dist${sep}`);
}

const EMULATOR_MAIN = compiled("./fleet-emulator.js");
const WORKER_MAIN = compiled("./fleet-worker.js");
const DNS_GUARD_URL = pathToFileURL(compiled("../dns-guard.js")).href;
/** Hang guard for anything a busy machine may take long to do (process start, a run's report). */
const GUARD_MS = 10 * 60_000;

/** What the emulator counted since its last reset. */
export interface FleetCounters {
  /** Token requests (V1 + V2), answered or not. */
  readonly tokenRequests: number;
  readonly tokensIssued: number;
  /** Token requests answered 429 by the emulator's `tokensPerMinute` limit. */
  readonly rateLimited: number;
  readonly invokes: number;
  /** Invokes refused with 401 (an expired or unknown token). */
  readonly invokesRefused: number;
}

/** The fleet's emulator. */
export interface FleetEmulator {
  readonly ip: string;
  readonly caFile: string;
  counters(): Promise<FleetCounters>;
  fault(rule: FaultRule): Promise<void>;
  clearFaults(): Promise<void>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

function randomLoopback(): string {
  const octet = () => 1 + Math.floor(Math.random() * 250);
  return `127.${100 + Math.floor(Math.random() * 100)}.${octet()}.${octet()}`;
}

/**
 * Forks the emulator with short-lived tokens (`tokenTtlSec`) and an optional Sentinel rate limit.
 *
 * @example
 * ```ts
 * const emulator = await startFleetEmulator(workDir, { tokenTtlSec: 20, tokensPerMinute: 30 });
 * console.log((await emulator.counters()).tokenRequests);
 * await emulator.stop();
 * ```
 */
export async function startFleetEmulator(
  workDir: string,
  settings: { tokenTtlSec: number; tokensPerMinute?: number | undefined },
): Promise<FleetEmulator> {
  let lastError = "";
  for (let attempt = 0; attempt < 5; attempt++) {
    const ip = randomLoopback();
    const child = fork(EMULATOR_MAIN, [], {
      env: { PATH: process.env.PATH ?? "", FLEET_EMULATOR: JSON.stringify({ ip, ...settings }) },
      execArgv: [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const channel = new IpcChannel<EmulatorControl, EmulatorAnswer>(child, "fleet emulator");
    const first = await channel
      .next(GUARD_MS)
      .catch((error: Error) => ({ type: "error" as const, message: error.message }));
    if (first.type !== "ready") {
      lastError = first.type === "error" ? first.message : first.type;
      await channel.close();
      continue;
    }
    const caFile = join(workDir, `fleet-ca-${ip}.pem`);
    await writeFile(caFile, first.ca);
    const done = async (control: EmulatorControl) => {
      const answer = await channel.request(control, 30_000);
      if (answer.type === "error") {
        throw new Error(`fleet emulator: ${answer.message}`);
      }
      return answer;
    };
    return {
      ip,
      caFile,
      async counters() {
        const answer = await done({ type: "counters" });
        if (answer.type !== "counters") {
          throw new Error(`fleet emulator: unexpected ${answer.type}`);
        }
        return answer.counters;
      },
      fault: async (rule) => void (await done({ type: "fault", rule })),
      clearFaults: async () => void (await done({ type: "clear-faults" })),
      reset: async () => void (await done({ type: "reset" })),
      async stop() {
        await channel.request({ type: "stop" }, 30_000).catch(() => undefined);
        await channel.close();
      },
    };
  }
  throw new Error(`the fleet emulator did not start: ${lastError}`);
}

/** One worker process. */
export interface FleetWorker {
  readonly pid: number | undefined;
  /** One call (the cold start): how long it took, and the failure's code if it failed. */
  once(): Promise<{ ms: number; failure: string | undefined }>;
  /** Sends `once` without waiting for its answer (a lease holder about to be killed). */
  fire(): void;
  run(durationMs: number, intervalMs: number): Promise<FleetWorkerReport>;
  /** SIGKILL, at once. */
  kill(): void;
  close(): Promise<void>;
}

/** Settings shared by every worker of a fleet, minus what {@link startFleet} fills in. */
export type FleetSettings = Omit<
  FleetWorkerConfig,
  "accountId" | "clientId" | "clientSecret" | "lambdaUuid" | "domainApi"
>;

/**
 * Starts `count` workers (`parallel` at a time, so process start-up does not overlap the measurement)
 * and resolves once every one has said `ready`. `configure(i)` may change worker i's settings (e.g.
 * its clock offset).
 *
 * @example
 * ```ts
 * const fleet = await startFleet(emulator, 50, { client: "lpkit-redis", redisUrl, clockOffsetMs: 0, tokenTtlSec: 20 });
 * const reports = await Promise.all(fleet.map((w) => w.run(60_000, 500)));
 * ```
 */
export async function startFleet(
  emulator: FleetEmulator,
  count: number,
  settings: FleetSettings,
  options: { parallel?: number; configure?: (index: number) => Partial<FleetSettings> } = {},
): Promise<FleetWorker[]> {
  const workers: FleetWorker[] = [];
  const start = async (index: number): Promise<FleetWorker> => {
    const config: FleetWorkerConfig = {
      ...settings,
      ...options.configure?.(index),
      accountId: DEMO.accountId,
      clientId: DEMO.clientId,
      clientSecret: DEMO.clientSecret,
      lambdaUuid: DEMO.lambdaUuid,
      domainApi: `http://${emulator.ip}`,
    };
    const child = fork(WORKER_MAIN, [], {
      env: {
        PATH: process.env.PATH ?? "",
        NODE_EXTRA_CA_CERTS: emulator.caFile,
        // The DNS guard's target: the official client's hard-coded Domain API name goes to the emulator.
        BENCH_TARGET_IP: emulator.ip,
        [WORKER_CONFIG_ENV]: JSON.stringify(config),
      },
      execArgv: ["--import", DNS_GUARD_URL],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const channel = new IpcChannel<FleetCommand, FleetReply>(child, `fleet worker ${index}`);
    const ready = await channel.next(GUARD_MS).catch((error: Error) => ({
      type: "error" as const,
      message: error.message,
    }));
    if (ready.type !== "ready") {
      await channel.close();
      throw new Error(
        `fleet worker ${index} did not start: ${ready.type === "error" ? ready.message : ready.type}`,
      );
    }
    return {
      pid: child.pid,
      async once() {
        const reply = await channel.request({ type: "once" }, GUARD_MS);
        if (reply.type !== "once") {
          throw new Error(`fleet worker ${index}: unexpected ${reply.type}`);
        }
        return { ms: reply.ms, failure: reply.failure };
      },
      fire: () => child.send({ type: "once" } satisfies FleetCommand),
      async run(durationMs, intervalMs) {
        const reply = await channel.request({ type: "run", durationMs, intervalMs }, durationMs + GUARD_MS);
        if (reply.type !== "report") {
          throw new Error(`fleet worker ${index}: ${reply.type === "error" ? reply.message : reply.type}`);
        }
        return reply.report;
      },
      kill: () => child.kill("SIGKILL"),
      close: () => channel.close(),
    };
  };
  const parallel = Math.max(1, options.parallel ?? 8);
  try {
    for (let first = 0; first < count; first += parallel) {
      const batch = Array.from({ length: Math.min(parallel, count - first) }, (_, i) => start(first + i));
      const settled = await Promise.allSettled(batch);
      for (const result of settled) {
        if (result.status === "fulfilled") {
          workers.push(result.value);
        }
      }
      const failed = settled.find((result) => result.status === "rejected");
      if (failed) {
        throw (failed as PromiseRejectedResult).reason;
      }
    }
  } catch (error) {
    await stopFleet(workers);
    throw error;
  }
  return workers;
}

/** Closes every worker (they exit when their IPC channel closes). */
export async function stopFleet(workers: readonly FleetWorker[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.close().catch(() => undefined)));
}
