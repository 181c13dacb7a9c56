/**
 * The `--config` file of `lpkit-emulator`: accounts, apps and lambdas in JSON or YAML. A file
 * cannot hold code, so its lambdas are canned: a fixed result, an echo, or a failure, with an
 * optional delay.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { setTimeout as sleep } from "node:timers/promises";
import { parse } from "yaml";
import type { EmulatorAccount, EmulatorApp } from "./config.js";
import type { EmulatorLambda, LambdaHandler } from "./lambda-types.js";

/**
 * A lambda described in a config file. Give at most one of `result`, `echo` and `error` (default: echo).
 *
 * @example
 * ```ts
 * const spec: LambdaSpec = { uuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6", result: { ok: true }, delayMs: 50 };
 * ```
 */
export interface LambdaSpec {
  uuid: string;
  name?: string | undefined;
  eventId?: string | undefined;
  accountId?: string | undefined;
  timeoutMs?: number | undefined;
  /** Return this value (any JSON). */
  result?: unknown;
  /** Return `{ echo: payload, headers }`. */
  echo?: boolean | undefined;
  /** Throw an Error with this message (the gateway answers 901). */
  error?: string | undefined;
  /** Wait this long first, ms (longer than `timeoutMs` makes the gateway answer 901). */
  delayMs?: number | undefined;
}

/**
 * What a config file may set.
 *
 * @example
 * ```ts
 * const config: LoadedConfig = await loadConfigFile("emulator.yaml");
 * createEmulator({ ...config, port: 4000 });
 * ```
 */
export interface LoadedConfig {
  accounts?: EmulatorAccount[] | undefined;
  apps?: EmulatorApp[] | undefined;
  lambdas?: EmulatorLambda[] | undefined;
  demo?: boolean | undefined;
  tokenTtlSec?: number | undefined;
  lambdaTimeoutMs?: number | undefined;
}

const TOP_LEVEL = new Set(["accounts", "apps", "lambdas", "demo", "tokenTtlSec", "lambdaTimeoutMs"]);
const LAMBDA_KEYS = new Set([
  "uuid",
  "name",
  "eventId",
  "accountId",
  "timeoutMs",
  "result",
  "echo",
  "error",
  "delayMs",
]);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Turns a canned lambda description into a lambda.
 *
 * @example
 * ```ts
 * const lambda = lambdaFromSpec({ uuid: "3fa85f64-5717-4562-b3fc-2c963f66afa6", result: { ok: true } });
 * ```
 */
export function lambdaFromSpec(spec: LambdaSpec): EmulatorLambda {
  if (!isObject(spec)) {
    throw new TypeError("lambdas[]: expected an object");
  }
  for (const key of Object.keys(spec)) {
    if (!LAMBDA_KEYS.has(key)) {
      throw new TypeError(`lambda ${String(spec.uuid)}: unknown field ${key}`);
    }
  }
  const behaviours = ["result", "echo", "error"].filter((key) => key in spec);
  if (behaviours.length > 1) {
    throw new TypeError(`lambda ${String(spec.uuid)}: give only one of result, echo and error`);
  }
  if (spec.delayMs !== undefined && (typeof spec.delayMs !== "number" || spec.delayMs < 0)) {
    throw new TypeError(`lambda ${String(spec.uuid)}: delayMs must be a non-negative number`);
  }
  if (spec.error !== undefined && typeof spec.error !== "string") {
    throw new TypeError(`lambda ${String(spec.uuid)}: error must be a message string`);
  }
  const handler: LambdaHandler = async (payload, context) => {
    if (spec.delayMs) {
      await sleep(spec.delayMs, undefined, { signal: context.signal });
    }
    if (spec.error !== undefined) {
      context.log("Error", spec.error);
      throw new Error(spec.error);
    }
    if ("result" in spec) {
      return spec.result;
    }
    return { echo: payload, headers: context.headers };
  };
  return {
    uuid: spec.uuid,
    handler,
    name: spec.name,
    eventId: spec.eventId,
    accountId: spec.accountId,
    timeoutMs: spec.timeoutMs,
  };
}

/**
 * Parses config text (YAML or JSON — JSON is valid YAML).
 *
 * @example
 * ```ts
 * parseConfig("accounts:\n  - id: '12345678'\n");
 * ```
 */
export function parseConfig(text: string, source = "config"): LoadedConfig {
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    throw new TypeError(`${source}: not valid YAML or JSON (${(error as Error).message})`);
  }
  if (!isObject(raw)) {
    throw new TypeError(`${source}: expected an object with accounts, apps and/or lambdas`);
  }
  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL.has(key)) {
      throw new TypeError(`${source}: unknown field ${key} (known: ${[...TOP_LEVEL].join(", ")})`);
    }
  }
  for (const key of ["accounts", "apps", "lambdas"] as const) {
    if (raw[key] !== undefined && !Array.isArray(raw[key])) {
      throw new TypeError(`${source}: ${key} must be a list`);
    }
  }
  const accounts = (raw.accounts as EmulatorAccount[] | undefined)?.map((account) => ({
    ...account,
    id: String((account as { id?: unknown }).id),
  }));
  const apps = (raw.apps as EmulatorApp[] | undefined)?.map((app) => ({
    ...app,
    accountId: String((app as { accountId?: unknown }).accountId),
  }));
  return {
    accounts,
    apps,
    lambdas: (raw.lambdas as LambdaSpec[] | undefined)?.map(lambdaFromSpec),
    demo: raw.demo as boolean | undefined,
    tokenTtlSec: raw.tokenTtlSec as number | undefined,
    lambdaTimeoutMs: raw.lambdaTimeoutMs as number | undefined,
  };
}

/**
 * Reads and parses a config file.
 *
 * @example
 * ```ts
 * const config = await loadConfigFile("emulator.yaml");
 * const emulator = createEmulator(config);
 * ```
 */
export async function loadConfigFile(path: string): Promise<LoadedConfig> {
  return parseConfig(await readFile(path, "utf8"), path);
}
