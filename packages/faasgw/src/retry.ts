/**
 * faasGW's rule of *what* may be sent again — the loop, the back-off and the options shape are
 * core's. A request is sent again only when the function certainly did not run: the connection
 * was never established (`NetworkError` with phase `"connect"`), or the gateway answered 429.
 * Timeouts, resets after sending, 5xx and 901 are never retried: the function may have run.
 *
 * The one exception is an explicit opt-in: a call marked **idempotent** (`retry.idempotent` on the
 * client, or `idempotent` per call) is also sent again after failures that happen once the request
 * may have reached the gateway — a timeout, a reset, 408, 500, 502, 503 or 504. A `FunctionError`
 * (the function ran and failed) is never retried.
 *
 * @module
 */
import { GatewayError, InvalidArgumentError, NetworkError, TimeoutError } from "@lpkit/core";
import { backoffDelay, optionalBoolean, type RetryPolicy, resolveRetryPolicy } from "@lpkit/core/internal";
import type { RetryOptions } from "./types.js";

/**
 * The default retry policy of the faasGW client: 2 retries after the first try, back-off from
 * 200 ms doubling up to 5 s, and a `Retry-After` of up to 5 s honoured (a longer one is not waited for).
 *
 * @example
 * ```ts
 * createFaasClient({ baseUrl, accountId, retry: { ...FAAS_RETRY_DEFAULTS, maxRetries: 4 } });
 * ```
 */
export const FAAS_RETRY_DEFAULTS: Readonly<Required<Omit<RetryOptions, "idempotent">>> = Object.freeze({
  maxRetries: 2,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 5_000,
});

/** Wait after a 429 without `Retry-After`, in ms, per retry so far (LivePerson advises at least 1 s). */
export const RATE_LIMIT_RETRY_BASE_MS = 1_000;

/**
 * Gateway statuses after which an **idempotent** call is sent again: the gateway may or may not have
 * run the function, so only a caller who declared the function idempotent may retry them.
 *
 * @example
 * ```ts
 * AFTER_SEND_RETRY_STATUSES.has(503); // true
 * ```
 */
export const AFTER_SEND_RETRY_STATUSES: ReadonlySet<number> = new Set([408, 500, 502, 503, 504]);

/** A checked retry policy of the faasGW client. */
export interface FaasRetryPolicy extends RetryPolicy {
  /** Also retry after the request may have reached the gateway (timeouts, resets, 408, 5xx). Default `false`. */
  readonly idempotent: boolean;
}

/**
 * Checks the `retry` option and fills in defaults.
 *
 * @example
 * ```ts
 * toRetryPolicy(undefined);             // { maxRetries: 2, baseDelayMs: 200, maxDelayMs: 5000, maxRetryAfterMs: 5000, idempotent: false }
 * toRetryPolicy({ maxRetries: 0 });     // retries off
 * toRetryPolicy({ idempotent: true });  // also retry timeouts, resets, 408 and 5xx
 * ```
 */
export function toRetryPolicy(options: RetryOptions | undefined): FaasRetryPolicy {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new InvalidArgumentError(
      "retry",
      "expected { maxRetries?, baseDelayMs?, maxDelayMs?, maxRetryAfterMs?, idempotent? }",
    );
  }
  const policy = resolveRetryPolicy(options, FAAS_RETRY_DEFAULTS);
  const idempotent = optionalBoolean(options?.idempotent, "retry.idempotent") ?? false;
  return { ...policy, idempotent };
}

/** Honours `Retry-After` up to `maxRetryAfterMs`; a longer one is left to the caller (no retry). */
function afterRetryAfter(retryAfterMs: number, policy: FaasRetryPolicy): number | undefined {
  return retryAfterMs <= policy.maxRetryAfterMs ? retryAfterMs : undefined;
}

/**
 * How long to wait before sending the request again after `error`, or `undefined` when it must not
 * be retried. `retriesSoFar` counts the retries already made for this call; the retry loop stops
 * after `maxRetries` on its own.
 *
 * @example
 * ```ts
 * retryDelay(new NetworkError("refused", "connect"), 0, policy); // 200
 * retryDelay(new NetworkError("reset", "unknown"), 0, policy);   // undefined
 * ```
 */
export function retryDelay(
  error: unknown,
  retriesSoFar: number,
  policy: FaasRetryPolicy,
): number | undefined {
  if (retriesSoFar >= policy.maxRetries) {
    return undefined;
  }
  if (error instanceof NetworkError && error.phase === "connect") {
    return backoffDelay(retriesSoFar, policy);
  }
  if (error instanceof GatewayError && error.status === 429) {
    if (error.retryAfterMs !== undefined) {
      return afterRetryAfter(error.retryAfterMs, policy);
    }
    return Math.min(policy.maxDelayMs, RATE_LIMIT_RETRY_BASE_MS * (retriesSoFar + 1));
  }
  if (policy.idempotent) {
    // Opt-in only: the request may have reached the gateway, so the function may have run already.
    if (error instanceof NetworkError || error instanceof TimeoutError) {
      return backoffDelay(retriesSoFar, policy);
    }
    if (error instanceof GatewayError && AFTER_SEND_RETRY_STATUSES.has(error.status)) {
      return error.retryAfterMs !== undefined
        ? afterRetryAfter(error.retryAfterMs, policy)
        : backoffDelay(retriesSoFar, policy);
    }
  }
  return undefined;
}
