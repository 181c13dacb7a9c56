/**
 * The one error hierarchy of lpkit. Every error any `@lpkit/*` package throws is an
 * {@link LpkitError}; each failure has its own subclass with a stable `code` to `switch` on.
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

/** Options every lpkit error accepts. */
export interface LpkitErrorOptions {
  /** The underlying error; only errors lpkit made itself or redacted copies are ever attached. */
  cause?: unknown;
}

/** Base class of every error thrown by lpkit. */
export abstract class LpkitError extends Error {
  /** Stable, machine-readable identifier of the failure. */
  abstract readonly code: LpkitErrorCode;

  constructor(message: string, options?: LpkitErrorOptions) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
  }
}

/** An argument or option was malformed; thrown before any request is sent. */
export class InvalidArgumentError extends LpkitError {
  readonly code = "ERR_INVALID_ARGUMENT" as const;
  /** Name of the offending argument or option, e.g. `accountId`. */
  readonly argument: string;
  constructor(argument: string, message: string, options?: LpkitErrorOptions) {
    super(`${argument}: ${message}`, options);
    this.argument = argument;
  }
}

/** Where a transport failure happened, as far as lpkit can tell. */
export type NetworkFailurePhase =
  /** The connection was never established: the server certainly did not see the request. */
  | "connect"
  /** The request may have reached the server (reset, socket closed mid-way, unknown). */
  | "unknown";

/** `fetch` itself failed: DNS, refused or reset connection, TLS, … */
export class NetworkError extends LpkitError {
  readonly code = "ERR_NETWORK" as const;
  readonly phase: NetworkFailurePhase;
  constructor(message: string, phase: NetworkFailurePhase, options?: LpkitErrorOptions) {
    super(message, options);
    this.phase = phase;
  }
}

/** No complete answer arrived within the time limit. */
export class TimeoutError extends LpkitError {
  readonly code = "ERR_TIMEOUT" as const;
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number, options?: LpkitErrorOptions) {
    super(message, options);
    this.timeoutMs = timeoutMs;
  }
}

/** The caller's own `AbortSignal` ended the wait. */
export class AbortError extends LpkitError {
  readonly code = "ERR_ABORTED" as const;
}

/** Fields shared by every error that comes from an HTTP answer. */
export interface ResponseErrorInit extends LpkitErrorOptions {
  /** HTTP status (may be non-standard, e.g. faasGW's 901). */
  status: number;
  /** `X-Request-Id` of the request, when one was sent or returned. */
  requestId?: string | undefined;
}

/** Base of the errors that carry an HTTP `status`. */
export abstract class ResponseError extends LpkitError {
  readonly status: number;
  readonly requestId: string | undefined;
  constructor(message: string, init: ResponseErrorInit) {
    super(message, init);
    this.status = init.status;
    this.requestId = init.requestId;
  }
}

/** The server answered something the spec does not allow: malformed JSON, wrong content type, missing fields, an undocumented status. */
export class UnexpectedResponseError extends ResponseError {
  readonly code = "ERR_UNEXPECTED_RESPONSE" as const;
  /** The first bytes of the body, for diagnosis (never contains secrets lpkit sent). */
  readonly bodySnippet: string | undefined;
  constructor(message: string, init: ResponseErrorInit & { bodySnippet?: string | undefined }) {
    super(message, init);
    this.bodySnippet = init.bodySnippet;
  }
}

/** The Domain API (CSDS) answered with an error status. */
export class DomainApiError extends ResponseError {
  readonly code = "ERR_DOMAIN_API" as const;
}

/** The Domain API has no entry for the requested service on this account. */
export class ServiceNotFoundError extends LpkitError {
  readonly code = "ERR_SERVICE_NOT_FOUND" as const;
  readonly accountId: string;
  readonly service: string;
  constructor(accountId: string, service: string, options?: LpkitErrorOptions) {
    super(`the Domain API lists no "${service}" service for account ${accountId}`, options);
    this.accountId = accountId;
    this.service = service;
  }
}

/** Sentinel refused or failed a token request. */
export class TokenRequestError extends ResponseError {
  readonly code = "ERR_TOKEN_REQUEST" as const;
  /** OAuth 2.0 `error`, e.g. `invalid_client`, when Sentinel sent one. */
  readonly error: string | undefined;
  /** OAuth 2.0 `error_description`, when Sentinel sent one. */
  readonly errorDescription: string | undefined;
  /** Whether trying again later may succeed (network-ish statuses: 408, 429, 5xx). */
  readonly retryable: boolean;
  /** `Retry-After` in milliseconds, when the server sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    init: ResponseErrorInit & {
      error?: string | undefined;
      errorDescription?: string | undefined;
      retryAfterMs?: number | undefined;
    },
  ) {
    super(message, init);
    this.error = init.error;
    this.errorDescription = init.errorDescription;
    this.retryAfterMs = init.retryAfterMs;
    this.retryable = isRetryableStatus(init.status);
  }
}

/** One log line a LivePerson function wrote, as faasGW returns it with a failure. */
export interface FunctionLogEntry {
  level?: string | undefined;
  message?: string | undefined;
  timestamp?: number | undefined;
  extras?: unknown[] | undefined;
}

/** Fields shared by faasGW errors. */
export interface FaasErrorInit extends ResponseErrorInit {
  /** LivePerson's own error code, e.g. `com.liveperson.faas.es.missinglambda`. */
  errorCode?: string | undefined;
  /** LivePerson's own error message. */
  errorMessage?: string | undefined;
  /** Function logs, when the gateway returned them. */
  logs?: FunctionLogEntry[] | undefined;
  /** `Retry-After` in milliseconds, when the gateway sent one. */
  retryAfterMs?: number | undefined;
}

abstract class FaasError extends ResponseError {
  readonly errorCode: string | undefined;
  readonly errorMessage: string | undefined;
  readonly logs: FunctionLogEntry[];
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: FaasErrorInit) {
    super(message, init);
    this.errorCode = init.errorCode;
    this.errorMessage = init.errorMessage;
    this.logs = init.logs ?? [];
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The gateway failed (auth, unknown lambda, rate limit, outage): not the function's own fault. */
export class GatewayError extends FaasError {
  readonly code = "ERR_FAAS_GATEWAY" as const;
}

/** The function itself failed (status 901, `com.customer.faas.*`, `com.liveperson.faas.handler.*`). */
export class FunctionError extends FaasError {
  readonly code = "ERR_FAAS_FUNCTION" as const;
}

/** A token could not be decoded as a JWT at all. */
export class JwtMalformedError extends LpkitError {
  readonly code = "ERR_JWT_MALFORMED" as const;
}

/** The JWT's signature does not verify, or its algorithm is not the pinned one. */
export class JwtSignatureError extends LpkitError {
  readonly code = "ERR_JWT_SIGNATURE_INVALID" as const;
}

/** The JWT has expired (beyond the clock tolerance). */
export class JwtExpiredError extends LpkitError {
  readonly code = "ERR_JWT_EXPIRED" as const;
  /** The token's `exp`, in seconds since the epoch. */
  readonly expiredAt: number;
  constructor(message: string, expiredAt: number, options?: LpkitErrorOptions) {
    super(message, options);
    this.expiredAt = expiredAt;
  }
}

/** A JWT claim (`iss`, `aud`, `iat`, `nbf`, …) has the wrong value. */
export class JwtClaimError extends LpkitError {
  readonly code = "ERR_JWT_CLAIM_INVALID" as const;
  readonly claim: string;
  constructor(claim: string, message: string, options?: LpkitErrorOptions) {
    super(message, options);
    this.claim = claim;
  }
}

/** No key in the JWKS (or the configured keys) matches the token's `kid`. */
export class JwksNoMatchingKeyError extends LpkitError {
  readonly code = "ERR_JWKS_NO_MATCHING_KEY" as const;
}

/** The JWKS could not be fetched or parsed. */
export class JwksFetchError extends LpkitError {
  readonly code = "ERR_JWKS_FETCH" as const;
}

/**
 * Why a shared store (Redis, …) failed: `timeout` = no answer within the per-command deadline (the
 * command may still run later); `offline` = the connection is down (nothing was sent, or it dropped
 * before the answer); `circuit-open` = the store's circuit breaker refused to send after recent
 * failures; `overloaded` = too many commands already pending; `command` = the server answered with
 * an error (`redisCode` says which); `protocol` = an answer of the wrong shape.
 */
export type StoreFailureReason =
  | "timeout"
  | "offline"
  | "circuit-open"
  | "overloaded"
  | "command"
  | "protocol";

/**
 * A shared store failed. Callers such as the token manager treat it as "store unavailable" and fall
 * back to their process-local copy; it never carries a key's value, a token or a password.
 *
 * @example
 * ```ts
 * if (isLpkitError(err) && err.code === "ERR_STORE" && err.reason === "circuit-open") useLocalCopy();
 * ```
 */
export class StoreError extends LpkitError {
  readonly code = "ERR_STORE" as const;
  readonly reason: StoreFailureReason;
  /** What was attempted, e.g. `get`, `lease`. */
  readonly operation: string;
  /** The deadline that passed, for `timeout`. */
  readonly timeoutMs: number | undefined;
  /** The server's error code (`WRONGTYPE`, `OOM`, `NOPERM`, …), for `command`. */
  readonly redisCode: string | undefined;
  constructor(
    message: string,
    init: { reason: StoreFailureReason; operation: string; timeoutMs?: number; redisCode?: string },
    options?: LpkitErrorOptions,
  ) {
    super(message, options);
    this.reason = init.reason;
    this.operation = init.operation;
    this.timeoutMs = init.timeoutMs;
    this.redisCode = init.redisCode;
  }
}

/** Every concrete lpkit error; `switch (err.code)` narrows it. */
export type AnyLpkitError =
  | InvalidArgumentError
  | NetworkError
  | TimeoutError
  | AbortError
  | UnexpectedResponseError
  | DomainApiError
  | ServiceNotFoundError
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

/** Every stable error code. */
export type LpkitErrorCode = AnyLpkitError["code"];

/**
 * Whether `value` is an error thrown by lpkit; narrows to the union so `switch (value.code)` is exhaustive.
 *
 * @example
 * ```ts
 * if (isLpkitError(err) && err.code === "ERR_TOKEN_REQUEST") console.log(err.status, err.error);
 * ```
 */
export function isLpkitError(value: unknown): value is AnyLpkitError {
  return value instanceof LpkitError;
}

/** Statuses after which trying the same request again may succeed. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}
