/**
 * `createEmulator()`'s options, checked and with their defaults filled in.
 *
 * @module
 */
import { DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_BUFFERED_BODY_BYTES } from "./body.js";
import { demoAccounts, demoApps, demoLambdas, normaliseAccount, normaliseApp } from "./config.js";
import { type CorsPolicy, createCorsPolicy } from "./cors.js";
import type { EmulatorOptions } from "./emulator-types.js";
import { DEFAULT_LAMBDA_TIMEOUT_MS, LambdaRegistry } from "./lambdas.js";
import { checkListenHost, isWildcard } from "./listening.js";
import type { AccountState, AppState } from "./state.js";

function checkNumber(value: number | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new TypeError(`createEmulator: ${name} must be a number of at least ${min}`);
  }
  return value;
}

/** The settled options. */
export interface Settings {
  readonly tokenTtlSec: number;
  readonly keyGraceSec: number;
  readonly lambdaTimeoutMs: number;
  readonly maxBodyBytes: number;
  readonly maxBufferedBodyBytes: number;
  readonly port: number;
  readonly host: string;
  readonly expose: boolean;
  readonly wildcard: boolean;
  readonly tls: boolean;
  readonly publicHost: string;
  readonly v2FaasHost: string;
  readonly cors: CorsPolicy | undefined;
  readonly admin: boolean;
  readonly webhookTimeoutMs: number;
  readonly webhookSlowMs: number;
}

/** Checks a port for `listen()`. */
export function checkPort(port: number | undefined): number {
  const value = checkNumber(port, "port", 0);
  if (!Number.isInteger(value) || value > 65_535) {
    throw new TypeError("createEmulator: port must be an integer from 0 to 65535");
  }
  return value;
}

/**
 * Checks `options` and fills in the defaults; throws a TypeError on misuse.
 *
 * @example
 * ```ts
 * settle({ host: "0.0.0.0" }); // throws: not loopback without expose: true
 * ```
 */
export function settle(options: EmulatorOptions): Settings {
  const tokenTtlSec = checkNumber(options.tokenTtlSec, "tokenTtlSec", 3600, 1);
  const maxBodyBytes = checkNumber(options.maxBodyBytes, "maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 1);
  const host = options.host ?? "127.0.0.1";
  const expose = options.expose === true;
  checkListenHost(host, expose, "createEmulator");
  const wildcard = isWildcard(host);
  const v2FaasHost = options.v2FaasHost ?? "fninvocations.localhost";
  if (!v2FaasHost.includes("fninvocations") && !v2FaasHost.includes("functions")) {
    throw new TypeError(
      "createEmulator: v2FaasHost must contain fninvocations or functions (that is how clients spot V2)",
    );
  }
  return {
    tokenTtlSec,
    keyGraceSec: checkNumber(options.keyGraceSec, "keyGraceSec", tokenTtlSec),
    lambdaTimeoutMs: checkNumber(options.lambdaTimeoutMs, "lambdaTimeoutMs", DEFAULT_LAMBDA_TIMEOUT_MS, 1),
    maxBodyBytes,
    maxBufferedBodyBytes: checkNumber(
      options.maxBufferedBodyBytes,
      "maxBufferedBodyBytes",
      Math.max(DEFAULT_MAX_BUFFERED_BODY_BYTES, maxBodyBytes),
      1,
    ),
    port: checkPort(options.port),
    host,
    expose,
    wildcard,
    tls: options.tls === true,
    publicHost: options.publicHost ?? (wildcard ? "127.0.0.1" : host),
    v2FaasHost,
    cors: options.cors === undefined ? undefined : createCorsPolicy(options.cors),
    admin: options.admin === true,
    webhookTimeoutMs: checkNumber(options.webhookTimeoutMs, "webhookTimeoutMs", 5_000, 1),
    webhookSlowMs: checkNumber(options.webhookSlowMs, "webhookSlowMs", 2_500, 0),
  };
}

/**
 * The accounts, apps and lambdas an emulator starts with: the given ones, plus the demo set when
 * `demo` says so (by default: when none of the three is given).
 *
 * @example
 * ```ts
 * const { accounts, apps, lambdaRegistry } = initialConfiguration({});
 * ```
 */
export function initialConfiguration(options: EmulatorOptions): {
  accounts: Map<string, AccountState>;
  apps: Map<string, AppState>;
  lambdaRegistry: LambdaRegistry;
} {
  const accounts = new Map<string, AccountState>();
  const apps = new Map<string, AppState>();
  const lambdaRegistry = new LambdaRegistry();
  const useDemo = options.demo ?? (!options.accounts && !options.apps && !options.lambdas);
  for (const account of [...(useDemo ? demoAccounts() : []), ...(options.accounts ?? [])]) {
    const normalised = normaliseAccount(account);
    accounts.set(normalised.id, normalised);
  }
  for (const app of [...(useDemo ? demoApps() : []), ...(options.apps ?? [])]) {
    const normalised = normaliseApp(app, options.expose === true);
    apps.set(normalised.clientId, normalised);
  }
  for (const lambda of [...(useDemo ? demoLambdas() : []), ...(options.lambdas ?? [])]) {
    lambdaRegistry.registerDefinition(lambda);
  }
  return { accounts, apps, lambdaRegistry };
}
