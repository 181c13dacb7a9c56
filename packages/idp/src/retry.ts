/**
 * The IdP's rule of *what* may be sent again — the loop, the back-off and the options shape are
 * core's. Asking for a ConsumerJWS twice is harmless (the same `ext_consumer_id` always names the
 * same consumer), so every failure that may pass is retried: no connection, a timeout or a reset,
 * 408, 429 (after at least 1 s, or the `Retry-After` when it is longer) and 5xx. Other 4xx are not:
 * the request itself is wrong.
 *
 * @module
 */
import { ConsumerJwsRequestError, NetworkError, TimeoutError } from "@lpkit/core";
import { backoffDelay, type RetryPolicy } from "@lpkit/core/internal";

/**
 * The default retry policy of the IdP client: 2 retries after the first try, back-off from 1 s
 * doubling up to 10 s, and a `Retry-After` of up to 30 s honoured (a longer one is not waited for).
 *
 * @example
 * ```ts
 * createIdpClient({ baseUrl, accountId, auth, retry: { ...IDP_RETRY_DEFAULTS, maxRetries: 4 } });
 * ```
 */
export const IDP_RETRY_DEFAULTS: RetryPolicy = Object.freeze({
  maxRetries: 2,
  baseDelayMs: 1_000,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
});

/** The shortest wait after a 429 (LivePerson: at least 1 s between retries). */
export const RATE_LIMIT_FLOOR_MS = 1_000;

/**
 * How long to wait before asking the IdP again after `error`, or `undefined` when it must not be
 * retried.
 *
 * @example
 * ```ts
 * idpRetryDelay(new NetworkError("refused", "connect"), 0, IDP_RETRY_DEFAULTS); // 1000
 * ```
 */
export function idpRetryDelay(error: unknown, retriesSoFar: number, policy: RetryPolicy): number | undefined {
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    return backoffDelay(retriesSoFar, policy);
  }
  if (!(error instanceof ConsumerJwsRequestError) || !error.retryable) {
    return undefined;
  }
  const floor = error.status === 429 ? RATE_LIMIT_FLOOR_MS : 0;
  if (error.retryAfterMs !== undefined) {
    return error.retryAfterMs <= policy.maxRetryAfterMs ? Math.max(floor, error.retryAfterMs) : undefined;
  }
  return Math.max(floor, backoffDelay(retriesSoFar, policy));
}
