/**
 * `lpkit-demo fleet [--redis <url>] [--workers <n>]` (also `lpkit-demo --redis <url>`): several
 * worker processes, each with its own token manager, against one emulator. With a Redis URL they
 * share one token through `@lpkit/redis` (one Sentinel request for the fleet); without, each process
 * fetches its own. Prints every worker's token requests and the emulator's count.
 *
 * @module
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { createEmulator, DEMO, INVOKE_SCOPE } from "@lpkit/emulator";
import {
  FLEET_WORKER_ENV,
  type FleetMessage,
  type FleetWorkerResult,
  type FleetWorkerSettings,
} from "./fleet-protocol.js";

const WORKER = fileURLToPath(new URL("./fleet-worker.js", import.meta.url));
/** Hang guard only: a busy machine may take long to start node processes. */
const GUARD_MS = 5 * 60_000;

/** Where the command writes. */
export interface FleetIo {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** The parsed `fleet` options. */
export interface FleetOptions {
  readonly redisUrl: string | undefined;
  readonly workers: number;
  readonly calls: number;
  readonly json: boolean;
}

/** What the fleet did, as `--json` prints it. */
export interface FleetSummary {
  readonly tool: "lpkit-demo";
  readonly command: "fleet";
  readonly ok: boolean;
  readonly shared: boolean;
  readonly workers: readonly FleetWorkerResult[];
  /** Token requests the emulator's Sentinel received. */
  readonly sentinelTokenRequests: number;
  readonly distinctTokens: number;
}

function runWorker(
  settings: FleetWorkerSettings,
  go: Promise<void>,
  ready: () => void,
): Promise<FleetWorkerResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], {
      env: { PATH: process.env.PATH ?? "", [FLEET_WORKER_ENV]: JSON.stringify(settings) },
      stdio: ["ignore", "ignore", "inherit", "ipc"],
    });
    const guard = setTimeout(() => child.kill("SIGKILL"), GUARD_MS);
    let result: FleetWorkerResult | undefined;
    child.on("message", (message: FleetMessage) => {
      if (message.type === "ready") {
        ready();
        void go.then(() => child.send({ type: "go" } satisfies FleetMessage));
      } else if (message.type === "done") {
        result = message.result;
      } else if (message.type === "failed") {
        reject(new Error(`worker ${settings.index} failed: ${message.message}`));
      }
    });
    child.once("exit", (code, signal) => {
      clearTimeout(guard);
      if (result) {
        resolve(result);
      } else {
        reject(
          new Error(`worker ${settings.index} exited (code ${code}, signal ${signal}) without a result`),
        );
      }
    });
  });
}

/**
 * Runs the fleet and prints it; resolves with the exit status (0: every invoke succeeded).
 *
 * @example
 * ```ts
 * const status = await fleetCommand({ stdout: process.stdout, stderr: process.stderr },
 *   { redisUrl: "redis://127.0.0.1:6379", workers: 4, calls: 3, json: false });
 * ```
 */
export async function fleetCommand(io: FleetIo, options: FleetOptions): Promise<number> {
  const clientSecret = `demo-${crypto.randomUUID()}`;
  const emulator = createEmulator({
    demo: true,
    apps: [{ accountId: DEMO.v2AccountId, clientId: DEMO.v2ClientId, clientSecret, scope: INVOKE_SCOPE }],
  });
  await emulator.start();
  try {
    let lift: () => void = () => {};
    const go = new Promise<void>((resolve) => {
      lift = resolve;
    });
    let waiting = options.workers;
    const ready = () => {
      waiting -= 1;
      if (waiting === 0) {
        emulator.resetStats();
        lift();
      }
    };
    const results = await Promise.all(
      Array.from({ length: options.workers }, (_, index) =>
        runWorker(
          {
            index: index + 1,
            accountId: DEMO.v2AccountId,
            clientId: DEMO.v2ClientId,
            clientSecret,
            lambdaUuid: DEMO.lambdaUuid,
            domainApi: emulator.domainApiUrl,
            redisUrl: options.redisUrl,
            calls: options.calls,
          },
          go,
          ready,
        ),
      ),
    );
    const stats = emulator.stats();
    const sentinel =
      (stats.requests.byRoute["sentinel.token.v1"]?.total ?? 0) +
      (stats.requests.byRoute["sentinel.token.v2"]?.total ?? 0);
    const summary: FleetSummary = {
      tool: "lpkit-demo",
      command: "fleet",
      ok: results.every((r) => r.failed === 0),
      shared: options.redisUrl !== undefined,
      workers: results,
      sentinelTokenRequests: sentinel,
      distinctTokens: new Set(results.flatMap((r) => r.tokens)).size,
    };
    if (options.json) {
      io.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    } else {
      io.stdout.write(printFleet(summary, options));
    }
    return summary.ok ? 0 : 1;
  } finally {
    await emulator.stop();
  }
}

/**
 * The text output of {@link fleetCommand}.
 *
 * @example
 * ```ts
 * process.stdout.write(printFleet(summary, options));
 * ```
 */
export function printFleet(summary: FleetSummary, options: FleetOptions): string {
  const where = options.redisUrl
    ? `sharing tokens through Redis (${redactUrl(options.redisUrl)})`
    : "each on its own (no --redis)";
  const lines = [`fleet: ${summary.workers.length} worker processes against one emulator, ${where}`];
  for (const w of summary.workers) {
    const outcome =
      w.failed === 0
        ? `${w.invokes} invokes ok`
        : `${w.failed} of ${w.invokes} invokes failed (${w.firstError})`;
    const requests = w.tokenRequests === 1 ? "1 token request" : `${w.tokenRequests} token requests`;
    lines.push(
      `  worker ${w.index} (pid ${w.pid}): ${outcome}; ${requests} to Sentinel; token ${w.tokens.join(", ") || "none"}`,
    );
  }
  lines.push(
    `Sentinel token requests: ${summary.sentinelTokenRequests} for ${summary.workers.length} processes; ` +
      `${summary.distinctTokens} distinct token${summary.distinctTokens === 1 ? "" : "s"} (fingerprints, never the token)`,
  );
  return `${lines.join("\n")}\n`;
}

/** The URL without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) {
      parsed.password = "***";
    }
    return parsed.href.replace(/\/$/, "");
  } catch {
    return "(unparsable URL)";
  }
}
