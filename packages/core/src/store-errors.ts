/**
 * The error of a shared store (Redis, …) failing. Exported from `@lpkit/core`.
 *
 * @module
 */
import { LpkitError, type LpkitErrorOptions, nameErrorClass } from "./errors.js";

/**
 * Why a shared store (Redis, …) failed: `timeout` = no answer within the per-command deadline (the
 * command may still run later); `offline` = the connection is down (nothing was sent, or it dropped
 * before the answer); `circuit-open` = the store's circuit breaker refused to send after recent
 * failures; `overloaded` = too many commands already pending; `command` = the server answered with
 * an error (`redisCode` says which); `protocol` = an answer of the wrong shape.
 *
 * @example
 * ```ts
 * const reason: StoreFailureReason = "timeout";
 * ```
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
  static {
    nameErrorClass(StoreError, "StoreError");
  }
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
