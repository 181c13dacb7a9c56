/**
 * The one error hierarchy of lpkit. Every error any `@lpkit/*` package throws is an
 * {@link LpkitError}; each failure has its own subclass with a stable `code` to `switch` on, and a
 * literal `name` (kept by minifiers). Exported from `@lpkit/core`.
 *
 * No error ever carries a client secret or a token: messages are written from known-safe
 * parts only, and `cause` is set only to errors lpkit made itself or to redacted copies.
 *
 * @example
 * ```ts
 * import { isLpkitError } from "@lpkit/core";
 *
 * try {
 *   await client.invoke(lambdaUuid, payload);
 * } catch (err) {
 *   if (!isLpkitError(err)) throw err;
 *   switch (err.code) {
 *     case "ERR_FAAS_FUNCTION":
 *       console.error("the function failed:", err.errorCode, err.logs);
 *       break;
 *     case "ERR_TIMEOUT":
 *       console.error(`no answer within ${err.timeoutMs} ms`);
 *       break;
 *     default:
 *       throw err;
 *   }
 * }
 * ```
 *
 * @module
 */
import type { FunctionError, GatewayError } from "./faas-errors.js";
import type { HostRefusedError } from "./host-errors.js";
import type {
  JwksFetchError,
  JwksNoMatchingKeyError,
  JwtClaimError,
  JwtExpiredError,
  JwtMalformedError,
  JwtSignatureError,
} from "./jwt-errors.js";
import type {
  DomainApiError,
  ServiceNotFoundError,
  TokenRequestError,
  UnexpectedResponseError,
} from "./response-errors.js";
import type { StoreError } from "./store-errors.js";

/**
 * Options every lpkit error accepts.
 *
 * @example
 * ```ts
 * new InvalidArgumentError("accountId", "expected digits", { cause: earlier });
 * ```
 */
export interface LpkitErrorOptions {
  /** The underlying error; only errors lpkit made itself or redacted copies are ever attached. */
  cause?: unknown;
}

/**
 * Gives an error class its `name` on the prototype, as a literal (so minified bundles keep it and
 * instances do not carry it as an own property).
 */
export function nameErrorClass(target: { prototype: Error }, name: string): void {
  Object.defineProperty(target.prototype, "name", { value: name, writable: true, configurable: true });
}

/**
 * Base class of every error thrown by lpkit.
 *
 * @example
 * ```ts
 * if (err instanceof LpkitError) console.error(err.code, err.message);
 * ```
 */
export abstract class LpkitError extends Error {
  static {
    nameErrorClass(LpkitError, "LpkitError");
  }
  /** Stable, machine-readable identifier of the failure. */
  abstract readonly code: LpkitErrorCode;

  constructor(message: string, options?: LpkitErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/**
 * An argument or option was malformed; thrown before any request is sent.
 *
 * @example
 * ```ts
 * if (err instanceof InvalidArgumentError) console.error(`fix the option ${err.argument}`);
 * ```
 */
export class InvalidArgumentError extends LpkitError {
  static {
    nameErrorClass(InvalidArgumentError, "InvalidArgumentError");
  }
  readonly code = "ERR_INVALID_ARGUMENT" as const;
  /** Name of the offending argument or option, e.g. `accountId`. */
  readonly argument: string;
  constructor(argument: string, message: string, options?: LpkitErrorOptions) {
    super(`${argument}: ${message}`, options);
    this.argument = argument;
  }
}

/**
 * Where a transport failure happened, as far as lpkit can tell.
 *
 * @example
 * ```ts
 * const safeToRetry = err instanceof NetworkError && err.phase === "connect";
 * ```
 */
export type NetworkFailurePhase =
  /** The connection was never established: the server certainly did not see the request. */
  | "connect"
  /** The request may have reached the server (reset, socket closed mid-way, unknown). */
  | "unknown";

/**
 * The transport failed (DNS, refused or reset connection, TLS, …). The message names the origin
 * (`scheme://host:port`) that could not be reached, never a path, query, header or body.
 *
 * @example
 * ```ts
 * if (err instanceof NetworkError && err.phase === "connect") console.error(err.message);
 * ```
 */
export class NetworkError extends LpkitError {
  static {
    nameErrorClass(NetworkError, "NetworkError");
  }
  readonly code = "ERR_NETWORK" as const;
  readonly phase: NetworkFailurePhase;
  constructor(message: string, phase: NetworkFailurePhase, options?: LpkitErrorOptions) {
    super(message, options);
    this.phase = phase;
  }
}

/**
 * No complete answer (headers and body) arrived within the time limit.
 *
 * @example
 * ```ts
 * if (err instanceof TimeoutError) console.error(`gave up after ${err.timeoutMs} ms`);
 * ```
 */
export class TimeoutError extends LpkitError {
  static {
    nameErrorClass(TimeoutError, "TimeoutError");
  }
  readonly code = "ERR_TIMEOUT" as const;
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, options?: LpkitErrorOptions) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * The caller's own `AbortSignal` ended the wait.
 *
 * @example
 * ```ts
 * if (err instanceof AbortError) return; // we cancelled it ourselves
 * ```
 */
export class AbortError extends LpkitError {
  static {
    nameErrorClass(AbortError, "AbortError");
  }
  readonly code = "ERR_ABORTED" as const;
}

/**
 * Every concrete lpkit error; `switch (err.code)` narrows it.
 *
 * @example
 * ```ts
 * function explain(err: AnyLpkitError): string {
 *   return err.code === "ERR_TIMEOUT" ? `slow (${err.timeoutMs} ms)` : err.message;
 * }
 * ```
 */
export type AnyLpkitError =
  | InvalidArgumentError
  | NetworkError
  | TimeoutError
  | AbortError
  | UnexpectedResponseError
  | DomainApiError
  | ServiceNotFoundError
  | HostRefusedError
  | TokenRequestError
  | GatewayError
  | FunctionError
  | JwtMalformedError
  | JwtSignatureError
  | JwtExpiredError
  | JwtClaimError
  | JwksNoMatchingKeyError
  | JwksFetchError
  | StoreError
  | import("./connector-errors.js").AnyConnectorError;

/**
 * Every stable error code.
 *
 * @example
 * ```ts
 * const retryable: LpkitErrorCode[] = ["ERR_NETWORK", "ERR_TIMEOUT"];
 * ```
 */
export type LpkitErrorCode = AnyLpkitError["code"];

/**
 * Whether `value` is an error thrown by lpkit; narrows to the union so `switch (value.code)` is exhaustive.
 *
 * @example
 * ```ts
 * if (isLpkitError(err) && err.code === "ERR_TOKEN_REQUEST") console.log(err.status, err.oauthError);
 * ```
 */
export function isLpkitError(value: unknown): value is AnyLpkitError {
  return value instanceof LpkitError;
}
