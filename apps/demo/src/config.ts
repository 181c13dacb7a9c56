/**
 * The demo's configuration, read from environment variables. Nothing here touches the network:
 * every problem is found (and every offending variable named) before the first request.
 *
 * - Offline (default): no `LP_*` credential variable is set; the embedded emulator is used.
 * - Live: any of `LP_ACCOUNT_ID`, `LP_CLIENT_ID`, `LP_CLIENT_SECRET`, `LP_LAMBDA_UUID` or
 *   `LP_DOMAIN_API` / `LPKIT_DOMAIN_API` is set (or `--live` is given); the command's required variables must then all
 *   be present and well-formed.
 *
 * The client secret is never echoed: problems with it say only "not set" or "empty".
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { assertAccountId, assertSecret, assertUuid, toBaseUrl } from "@lpkit/core/internal";
import { attempt, parsePayload, parseUserId, parseV1PublicKey, parseVersion } from "./config-values.js";

/**
 * The environment as the demo reads it (`process.env` fits).
 *
 * @example
 * ```ts
 * const env: Env = process.env;
 * ```
 */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * Where the demo runs: the embedded emulator, or LivePerson (or whatever `LP_DOMAIN_API` names).
 *
 * @example
 * ```ts
 * const mode: Mode = detectMode(process.env); // "emulator" unless LP_* variables are set
 * ```
 */
export type Mode = "emulator" | "live";

/**
 * Sentinel API version of the token requests.
 *
 * @example
 * ```ts
 * const version: SentinelVersion = settings.sentinelVersion; // "v2" unless LP_SENTINEL_VERSION=v1
 * ```
 */
export type SentinelVersion = "v1" | "v2";

/**
 * The four variables of live mode.
 *
 * @example
 * ```ts
 * readSettings(process.env, { mode: "live", required: CREDENTIAL_VARIABLES });
 * ```
 */
export const CREDENTIAL_VARIABLES = [
  "LP_ACCOUNT_ID",
  "LP_CLIENT_ID",
  "LP_CLIENT_SECRET",
  "LP_LAMBDA_UUID",
] as const;

/**
 * Every variable the demo reads.
 *
 * @example
 * ```ts
 * const required: Variable[] = ["LP_ACCOUNT_ID", "LP_CLIENT_ID", "LP_CLIENT_SECRET"];
 * ```
 */
export type Variable =
  | (typeof CREDENTIAL_VARIABLES)[number]
  | "LP_USER_ID"
  | "LP_SENTINEL_VERSION"
  | "LP_PAYLOAD"
  | "LP_DOMAIN_API"
  | "LPKIT_DOMAIN_API"
  | "LP_V1_PUBLIC_KEY"
  | "LPKIT_DEBUG";

/**
 * Variables whose presence switches the demo to live mode.
 *
 * @example
 * ```ts
 * LIVE_MODE_VARIABLES.some((name) => process.env[name] !== undefined); // live?
 * ```
 */
export const LIVE_MODE_VARIABLES: readonly Variable[] = [
  ...CREDENTIAL_VARIABLES,
  "LP_DOMAIN_API",
  "LPKIT_DOMAIN_API",
];

/**
 * What a command read from the environment, checked.
 *
 * @example
 * ```ts
 * const { accountId, sentinelVersion, payload }: Settings = readSettings(process.env, { mode: "live", required: [] });
 * ```
 */
export interface Settings {
  readonly mode: Mode;
  /** Live mode only (offline, the emulator's demo installation is used). */
  readonly accountId: string | undefined;
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  readonly lambdaUuid: string | undefined;
  /** `LP_DOMAIN_API` (else `LPKIT_DOMAIN_API`) as a base URL; live mode only. `undefined` = LivePerson's `api.liveperson.net`. */
  readonly domainApi: string | undefined;
  /** `LP_USER_ID`, sent as `userId` on invocations. */
  readonly userId: string | undefined;
  /** `LP_SENTINEL_VERSION`; default `v2`. */
  readonly sentinelVersion: SentinelVersion;
  /** `LP_PAYLOAD`, parsed; `undefined` when not set. */
  readonly payload: unknown;
  /**
   * `LP_V1_PUBLIC_KEY` (live mode only): the key Sentinel v1 tokens are verified against instead
   * of LivePerson's published one — an emulator's (`lpkit-emulator` prints it), or another zone's.
   * A PEM (`\n` escapes allowed) or its base64 body.
   */
  readonly v1PublicKey: string | undefined;
}

/**
 * One or more configuration problems. `problems` name each variable (`InvalidArgumentError.argument`);
 * the message lists them all.
 *
 * @example
 * ```ts
 * try {
 *   readSettings(process.env, { mode: "live", required: CREDENTIAL_VARIABLES });
 * } catch (error) {
 *   if (error instanceof ConfigError) console.error(error.variables); // ["LP_CLIENT_SECRET"]
 * }
 * ```
 */
export class ConfigError extends Error {
  readonly code = "ERR_DEMO_CONFIG" as const;
  readonly problems: readonly InvalidArgumentError[];
  constructor(problems: readonly InvalidArgumentError[]) {
    super(`configuration problems: ${problems.map((problem) => problem.message).join("; ")}`);
    this.name = "ConfigError";
    this.problems = problems;
  }
  /** The variables (or options) that are missing or malformed. */
  get variables(): string[] {
    return this.problems.map((problem) => problem.argument);
  }
}

function isSet(env: Env, name: string): boolean {
  return env[name] !== undefined;
}

/**
 * Which mode the environment asks for: live as soon as one of {@link LIVE_MODE_VARIABLES} is set
 * (even to an empty string, which is then reported), unless `forced`.
 *
 * @example
 * ```ts
 * detectMode({});                          // "emulator"
 * detectMode({ LP_ACCOUNT_ID: "12345678" }); // "live"
 * detectMode({ LP_ACCOUNT_ID: "12345678" }, "emulator"); // "emulator"
 * ```
 */
export function detectMode(env: Env, forced?: Mode): Mode {
  if (forced) {
    return forced;
  }
  return LIVE_MODE_VARIABLES.some((name) => isSet(env, name)) ? "live" : "emulator";
}

/**
 * Whether `LPKIT_DEBUG` asks for debug output (any value except empty, `0`, `false`, `no`, `off`).
 *
 * @example
 * ```ts
 * debugFromEnv({ LPKIT_DEBUG: "1" }); // true
 * ```
 */
export function debugFromEnv(env: Env): boolean {
  const value = env.LPKIT_DEBUG?.trim().toLowerCase();
  return value !== undefined && value !== "" && !["0", "false", "no", "off"].includes(value);
}

/**
 * Options of {@link readSettings}.
 *
 * @example
 * ```ts
 * const options: ReadSettingsOptions = { mode: "live", required: ["LP_ACCOUNT_ID"] };
 * ```
 */
export interface ReadSettingsOptions {
  readonly mode: Mode;
  /** Variables this command cannot run without in live mode. */
  readonly required: readonly Variable[];
}

/**
 * Reads and checks the variables a command needs. Throws one {@link ConfigError} naming every
 * missing or malformed variable; never sends a request.
 *
 * @example
 * ```ts
 * const settings = readSettings(process.env, {
 *   mode: detectMode(process.env),
 *   required: ["LP_ACCOUNT_ID", "LP_CLIENT_ID", "LP_CLIENT_SECRET", "LP_LAMBDA_UUID"],
 * });
 * ```
 */
export function readSettings(env: Env, options: ReadSettingsOptions): Settings {
  const problems: InvalidArgumentError[] = [];
  const read = <T>(name: Variable, parse: (value: string) => T, required: boolean): T | undefined => {
    const value = env[name];
    if (value === undefined) {
      if (required) {
        problems.push(new InvalidArgumentError(name, "not set"));
      }
      return undefined;
    }
    const result = attempt(() => parse(value));
    if (!result.ok) {
      problems.push(result.problem);
      return undefined;
    }
    return result.value;
  };
  const live = options.mode === "live";
  const needs = (name: Variable) => live && options.required.includes(name);

  const accountId = live
    ? read("LP_ACCOUNT_ID", (v) => assertAccountId(v, "LP_ACCOUNT_ID"), needs("LP_ACCOUNT_ID"))
    : undefined;
  const clientId = live
    ? read("LP_CLIENT_ID", (v) => assertSecret(v, "LP_CLIENT_ID"), needs("LP_CLIENT_ID"))
    : undefined;
  const clientSecret = live
    ? read("LP_CLIENT_SECRET", (v) => assertSecret(v, "LP_CLIENT_SECRET"), needs("LP_CLIENT_SECRET"))
    : undefined;
  const lambdaUuid = live
    ? read("LP_LAMBDA_UUID", (v) => assertUuid(v, "LP_LAMBDA_UUID"), needs("LP_LAMBDA_UUID"))
    : undefined;
  // LP_DOMAIN_API is the demo's own; LPKIT_DOMAIN_API is what every lpkit client reads (and what
  // `npx lpkit-emulator` prints). Either points the demo at an emulator.
  const domainApi = live
    ? (read("LP_DOMAIN_API", (v) => toBaseUrl(v, "LP_DOMAIN_API"), false) ??
      read("LPKIT_DOMAIN_API", (v) => toBaseUrl(v, "LPKIT_DOMAIN_API"), false))
    : undefined;
  const userId = read("LP_USER_ID", parseUserId, false);
  const sentinelVersion = read("LP_SENTINEL_VERSION", parseVersion, false) ?? "v2";
  const payload = read("LP_PAYLOAD", parsePayload, false);
  const v1PublicKey = live ? read("LP_V1_PUBLIC_KEY", parseV1PublicKey, false) : undefined;

  if (problems.length > 0) {
    throw new ConfigError(problems);
  }
  return {
    mode: options.mode,
    accountId,
    clientId,
    clientSecret,
    lambdaUuid,
    domainApi,
    userId,
    sentinelVersion,
    payload,
    v1PublicKey,
  };
}
