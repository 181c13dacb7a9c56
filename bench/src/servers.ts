/**
 * The two servers of a run, each in a process of its own on a loopback address of its own: the
 * emulator (every API, real tokens) and nginx (fixed answers for the Domain API lookup and every
 * invoke; Sentinel stays the emulator's), and what a contender needs to reach either.
 *
 * @module
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type EmulatorHost, randomLoopback, startEmulatorHost } from "./emulator-host.js";
import { ensureNginx, type NginxHost, startNginxHost } from "./nginx-host.js";
import { type BenchEnv, PAYLOAD, type TargetId } from "./workload.js";

/** The running servers. */
export interface BenchServers {
  readonly emulator: EmulatorHost;
  /** `undefined` only in a quick run on a machine without nginx (see {@link StartServersOptions}). */
  readonly nginx: NginxHost | undefined;
  /** The targets that run: `["nginx", "emulator"]`, or `["emulator"]` when nginx was skipped. */
  readonly targets: readonly TargetId[];
  /** Why nginx was skipped, if it was. */
  readonly nginxSkipped: string | undefined;
  /** What a contender needs to run against each target (nginx's entry only when it runs). */
  readonly env: Readonly<{ emulator: BenchEnv; nginx?: BenchEnv }>;
  /** CPU time (user + system, µs) the target's server process has used so far. */
  serverCpuUs(target: TargetId): Promise<number>;
  stop(): Promise<void>;
}

/** The echo the emulator's lambda answers for {@link PAYLOAD}; nginx answers it to every invoke. */
export const NGINX_INVOKE_BODY = JSON.stringify({ echo: PAYLOAD, headers: [] });

/**
 * The Domain API list nginx serves: the emulator's own list for the account, with faasGW moved to
 * nginx (so tokens still come from the emulator's Sentinel).
 */
async function nginxDomainList(emulator: EmulatorHost, nginxIp: string): Promise<string> {
  const { domainApi, accountId } = emulator.env;
  const response = await fetch(`${domainApi}/api/account/${accountId}/service/baseURI.json?version=1.0`);
  if (!response.ok) {
    throw new Error(`the emulator's Domain API answered ${response.status}`);
  }
  const list = (await response.json()) as { baseURIs: { service: string; baseURI: string }[] };
  for (const entry of list.baseURIs) {
    if (entry.service === "faasGW") {
      entry.baseURI = nginxIp;
    }
  }
  return JSON.stringify(list);
}

/** How {@link startServers} treats a missing nginx. */
export interface StartServersOptions {
  /**
   * `true` (quick runs): when nginx is absent and cannot be installed, run against the emulator only
   * and say so; `false` (full runs): fail.
   */
  nginxOptional?: boolean;
}

/**
 * Starts the emulator and nginx; contenders trust both throwaway CAs (one file).
 *
 * @example
 * ```ts
 * const servers = await startServers(workDir, log);
 * const worker = await startWorker("lpkit", servers.env.nginx);
 * await servers.stop();
 * ```
 */
export async function startServers(
  workDir: string,
  log: (line: string) => void,
  options: StartServersOptions = {},
): Promise<BenchServers> {
  const emulator = await startEmulatorHost(workDir);
  let nginx: NginxHost | undefined;
  try {
    let skipped: string | undefined;
    try {
      ensureNginx(log);
    } catch (error) {
      if (!options.nginxOptional) {
        throw error;
      }
      skipped = (error as Error).message;
    }
    if (skipped !== undefined) {
      log(`NGINX SKIPPED: ${skipped} — this quick run measures against the emulator only`);
      return {
        emulator,
        nginx: undefined,
        targets: ["emulator"],
        nginxSkipped: skipped,
        env: { emulator: emulator.env },
        serverCpuUs: async (target) => {
          if (target === "nginx") {
            throw new Error("nginx is not running in this run");
          }
          return emulator.cpuUs();
        },
        stop: () => emulator.stop(),
      };
    }
    let ip = randomLoopback();
    while (ip === emulator.ip) {
      ip = randomLoopback();
    }
    nginx = await startNginxHost(
      workDir,
      ip,
      { domainList: await nginxDomainList(emulator, ip), invokeBody: NGINX_INVOKE_BODY },
      log,
    );
    const caFile = join(workDir, "bench-cas.pem");
    await writeFile(caFile, `${emulator.ca.trim()}\n${nginx.ca.trim()}\n`);
    const started = nginx;
    const env = {
      emulator: { ...emulator.env, caFile },
      nginx: { ...emulator.env, domainApi: `http://${ip}`, targetIp: ip, caFile },
    };
    return {
      emulator,
      nginx: started,
      targets: ["nginx", "emulator"],
      nginxSkipped: undefined,
      env,
      serverCpuUs: async (target) => (target === "nginx" ? started.cpuUs() : emulator.cpuUs()),
      async stop() {
        await Promise.all([started.stop(), emulator.stop()]);
      },
    };
  } catch (error) {
    await Promise.all([nginx?.stop(), emulator.stop()]);
    throw error;
  }
}
