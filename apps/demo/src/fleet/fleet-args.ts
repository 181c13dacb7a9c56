/**
 * The command line of `lpkit-demo fleet` (also reached as `lpkit-demo --redis <url>`).
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { FleetOptions } from "./fleet-command.js";

/** `--help` of the fleet command. */
export const FLEET_USAGE = `Usage: lpkit-demo fleet [--redis <url>] [--workers <n>] [--calls <n>] [--json]
       lpkit-demo --redis <url> [...]

Starts an emulator and <n> worker processes (default 4), each with its own lpkit token manager,
makes each invoke the demo function <calls> times (default 3) and prints every worker's Sentinel
token requests. With a Redis URL (--redis, or LPKIT_REDIS_URL) the workers share one token through
@lpkit/redis: one token request for the whole fleet. Without, each process fetches its own.

  --redis <url>    redis:// or rediss:// URL of a Redis the workers share (its password is never printed)
  --workers <n>    worker processes, 1–20 (default 4)
  --calls <n>      invokes per worker, 1–100 (default 3)
  --json           one JSON document on stdout
  -h, --help       this text`;

/** Whether `argv` asks for the fleet command. */
export function isFleetCommand(argv: readonly string[]): boolean {
  return argv[0] === "fleet" || argv.some((arg) => arg === "--redis" || arg.startsWith("--redis="));
}

function count(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) {
    return fallback;
  }
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) {
    throw new Error(`${name} takes a whole number from 1 to ${max}, not ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * Parses the fleet command line; `help` when asked for it. Throws an `Error` for a bad one.
 *
 * @example
 * ```ts
 * parseFleetArgs(["fleet", "--redis", "redis://127.0.0.1:6379"], {}); // { redisUrl: "redis://127.0.0.1:6379", workers: 4, calls: 3, json: false }
 * ```
 */
export function parseFleetArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): FleetOptions | "help" {
  const { values } = parseArgs({
    args: argv[0] === "fleet" ? argv.slice(1) : [...argv],
    options: {
      redis: { type: "string" },
      workers: { type: "string" },
      calls: { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    return "help";
  }
  const redisUrl = values.redis ?? (env.LPKIT_REDIS_URL || undefined);
  if (redisUrl !== undefined && !/^rediss?:\/\/[^\s]+$/.test(redisUrl)) {
    throw new Error("--redis takes a redis:// or rediss:// URL");
  }
  return {
    redisUrl,
    workers: count(values.workers, "--workers", 4, 20),
    calls: count(values.calls, "--calls", 3, 100),
    json: values.json === true,
  };
}
