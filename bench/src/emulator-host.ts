/**
 * Starts and drives the emulator in a process of its own, on a random loopback address (so several
 * runs, or the emulator's own interop test, never collide on ports 80/443).
 *
 * @module
 */
import { fork } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO } from "@lpkit/emulator";
import { IpcChannel } from "./ipc-channel.js";
import type { EmulatorCommand, EmulatorCounters, EmulatorReply } from "./protocol.js";
import type { BenchEnv } from "./workload.js";

const EMULATOR_MAIN = fileURLToPath(new URL("./emulator-main.js", import.meta.url));

/** A running emulator process. */
export interface EmulatorHost {
  /** Everything a contender needs to reach it. */
  readonly env: BenchEnv;
  readonly url: string;
  /** Its loopback address (ports 443 and 80). */
  readonly ip: string;
  /** Its throwaway CA (PEM). */
  readonly ca: string;
  counters(): Promise<EmulatorCounters>;
  resetStats(): Promise<void>;
  /** CPU time (user + system, µs) the emulator process has used so far. */
  cpuUs(): Promise<number>;
  stop(): Promise<void>;
}

/** A random address in 127.100.0.0–127.199.255.255 (one of its own per server and run). */
export function randomLoopback(): string {
  const octet = () => 1 + Math.floor(Math.random() * 250);
  return `127.${100 + Math.floor(Math.random() * 100)}.${octet()}.${octet()}`;
}

/**
 * Forks the emulator process and waits until it listens on ports 443 (TLS) and 80 (plain HTTP).
 * Binding ports below 1024 needs root or `CAP_NET_BIND_SERVICE`.
 *
 * @example
 * ```ts
 * const emulator = await startEmulatorHost(tmpDir);
 * console.log(emulator.env.domainApi);
 * await emulator.stop();
 * ```
 */
export async function startEmulatorHost(workDir: string): Promise<EmulatorHost> {
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const ip = randomLoopback();
    const child = fork(EMULATOR_MAIN, [], {
      env: { PATH: process.env.PATH ?? "", BENCH_EMULATOR_IP: ip },
      execArgv: [],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    const channel = new IpcChannel<EmulatorCommand, EmulatorReply>(child, "emulator");
    const first = await channel
      .next(30_000)
      .catch((error: Error) => ({ type: "error" as const, message: error.message }));
    if (first.type !== "ready") {
      lastError = new Error(
        `the emulator did not start on ${ip}:443/80: ${first.type === "error" ? first.message : first.type}` +
          (/EACCES/.test(first.type === "error" ? first.message : "")
            ? " (binding ports 80 and 443 needs root or CAP_NET_BIND_SERVICE)"
            : ""),
      );
      await channel.close();
      if (/EACCES/.test(lastError.message)) {
        break;
      }
      continue;
    }
    const caFile = join(workDir, "emulator-ca.pem");
    await writeFile(caFile, first.ca);
    const env: BenchEnv = {
      accountId: DEMO.accountId,
      clientId: DEMO.clientId,
      clientSecret: DEMO.clientSecret,
      lambdaUuid: DEMO.lambdaUuid,
      domainApi: `http://${ip}`,
      targetIp: ip,
      caFile,
    };
    return {
      env,
      url: first.url,
      ip,
      ca: first.ca,
      async counters() {
        const reply = await channel.request({ type: "stats" }, 10_000);
        if (reply.type !== "stats") {
          throw new Error(`emulator: unexpected ${reply.type}`);
        }
        return reply.counters;
      },
      async resetStats() {
        await channel.request({ type: "reset" }, 10_000);
      },
      async cpuUs() {
        const reply = await channel.request({ type: "cpu" }, 10_000);
        if (reply.type !== "cpu") {
          throw new Error(`emulator: unexpected ${reply.type}`);
        }
        return reply.cpuUs;
      },
      async stop() {
        await channel.request({ type: "stop" }, 10_000).catch(() => undefined);
        await channel.close();
      },
    };
  }
  throw lastError ?? new Error("the emulator did not start");
}
