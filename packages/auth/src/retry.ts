/**
 * Retries of token requests: auth's rule of *what* may be retried and for how long; the loop, the
 * back-off and the options shape are core's. Network errors, timeouts, 408, 429 and 5xx are tried
 * again with full-jitter exponential back-off — `random() × min(maxDelayMs, baseDelayMs × 2^n)` —
 * for at most `maxRetries` retries; a `Retry-After` the server sends is honoured (never waiting
 * less) but capped at `maxRetryAfterMs`. OAuth refusals (400 `invalid_request`, 401
 * `invalid_client`, …) are final and never retried.
 *
 * @module
 */
import { NetworkError, TimeoutError, TokenRequestError } from "@lpkit/core";
import { backoffDelay, type Random, type RetryPolicy } from "@lpkit/core/internal";

/**
 * The defaults of the token manager's `retry` option: 2 retries after the first request, back-off
 * from 500 ms up to 10 s, `Retry-After` honoured up to 30 s.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
});

/** Whether a failed token request may be tried again, and what the server asked for. */
export interface RetryDecision {
  readonly retry: boolean;
  /** `Retry-After` from the server, in ms, when it sent one. */
  readonly retryAfterMs: number | undefined;
}

/**
 * Classifies a token-request failure: transport failures, timeouts, 408, 429 and 5xx are retryable;
 * OAuth refusals (400, 401, 403, …), unexpected bodies and aborts are not.
 *
 * @example
 * ```ts
 * classifyTokenError(new TokenRequestError("refused", { status: 401, oauthError: "invalid_client" })); // { retry: false, … }
 * ```
 */
export function classifyTokenError(error: unknown): RetryDecision {
  if (error instanceof TokenRequestError) {
    return { retry: error.retryable, retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    return { retry: true, retryAfterMs: undefined };
  }
  return { retry: false, retryAfterMs: undefined };
}

/**
 * The delay before retry number `retry` (0-based): the full-jitter back-off, or the server's
 * `Retry-After` when that is longer, capped at `maxRetryAfterMs`.
 *
 * @example
 * ```ts
 * retryDelay(0, 120_000, DEFAULT_RETRY_POLICY, Math.random); // 30000 (capped)
 * ```
 */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: Random,
): number {
  const backoff = backoffDelay(retry, policy, random);
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs) || retryAfterMs < 0) {
    return backoff;
  }
  return Math.max(backoff, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/**
 * The delay for the core retry loop after `error` (`undefined` = not retryable).
 *
 * @example
 * ```ts
 * withRetry(request, { maxRetries, delayFor: tokenRetryDelay(policy, random), sleep });
 * ```
 */
export function tokenRetryDelay(
  policy: RetryPolicy,
  random: Random,
): (error: unknown, retriesSoFar: number) => number | undefined {
  return (error, retriesSoFar) => {
    const decision = classifyTokenError(error);
    return decision.retry ? retryDelay(retriesSoFar, decision.retryAfterMs, policy, random) : undefined;
  };
}
