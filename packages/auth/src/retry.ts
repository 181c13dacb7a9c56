/**
 * Retries of token requests (behaviour 5). Network errors, timeouts, 408, 429 and 5xx are tried
 * again with full-jitter exponential back-off — `random() × min(maxDelayMs, baseDelayMs × 2^n)` —
 * for a bounded number of attempts; a `Retry-After` the server sends is honoured (never waiting
 * less) but capped at `maxRetryAfterMs`. OAuth refusals (400 `invalid_request`, 401
 * `invalid_client`, …) are final and never retried.
 *
 * @module
 */
import {
  AbortError,
  assertDuration,
  InvalidArgumentError,
  NetworkError,
  TimeoutError,
  TokenRequestError,
} from "@lpkit/core";

/**
 * How token requests are retried.
 *
 * @example
 * ```ts
 * const retry: RetryPolicy = { attempts: 4, baseDelayMs: 250, maxDelayMs: 5_000, maxRetryAfterMs: 20_000 };
 * ```
 */
export interface RetryPolicy {
  /** Total attempts per token fetch, the first included (1 = no retry). Default 3. */
  readonly attempts: number;
  /** Back-off base: the n-th retry waits up to `baseDelayMs × 2^(n-1)`. Default 500 ms. */
  readonly baseDelayMs: number;
  /** Upper bound of one back-off delay. Default 10 s. */
  readonly maxDelayMs: number;
  /** Upper bound on how long a server's `Retry-After` is honoured. Default 30 s. */
  readonly maxRetryAfterMs: number;
}

/**
 * The defaults of {@link RetryPolicy}.
 *
 * @example
 * ```ts
 * createTokenManager({ ...options, retry: { ...DEFAULT_RETRY_POLICY, attempts: 5 } });
 * ```
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  attempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
});

/**
 * Waits `ms` milliseconds; rejects with an {@link AbortError} when `signal` aborts. Inject one in tests.
 *
 * @example
 * ```ts
 * const sleep: Sleep = async () => {}; // never wait (tests)
 * ```
 */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * A uniform random number in [0, 1); inject one in tests.
 *
 * @example
 * ```ts
 * const random: Random = () => 0.5; // deterministic jitter in tests
 * ```
 */
export type Random = () => number;

/**
 * The default {@link Sleep}: a timer that `signal` can cancel.
 *
 * @example
 * ```ts
 * await defaultSleep(250);
 * ```
 */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError("the back-off wait was aborted"));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError("the back-off wait was aborted"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/**
 * Checks a partial retry policy and fills in the defaults.
 *
 * @example
 * ```ts
 * resolveRetryPolicy({ attempts: 5 }); // { attempts: 5, baseDelayMs: 500, maxDelayMs: 10000, maxRetryAfterMs: 30000 }
 * ```
 */
export function resolveRetryPolicy(input: Partial<RetryPolicy> | undefined, name = "retry"): RetryPolicy {
  if (input === undefined) {
    return DEFAULT_RETRY_POLICY;
  }
  if (input === null || typeof input !== "object") {
    throw new InvalidArgumentError(name, "expected an object such as { attempts: 3 }");
  }
  const attempts = input.attempts ?? DEFAULT_RETRY_POLICY.attempts;
  if (typeof attempts !== "number" || !Number.isInteger(attempts) || attempts < 1 || attempts > 10) {
    throw new InvalidArgumentError(`${name}.attempts`, "expected a whole number of attempts from 1 to 10");
  }
  const policy: RetryPolicy = {
    attempts,
    baseDelayMs: assertDuration(input.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs, `${name}.baseDelayMs`),
    maxDelayMs: assertDuration(input.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs, `${name}.maxDelayMs`),
    maxRetryAfterMs: assertDuration(
      input.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
      `${name}.maxRetryAfterMs`,
    ),
  };
  return Object.freeze(policy);
}

/**
 * The full-jitter back-off before retry number `retry` (0-based):
 * `random() × min(maxDelayMs, baseDelayMs × 2^retry)`, in whole milliseconds.
 *
 * @example
 * ```ts
 * fullJitterDelay(2, DEFAULT_RETRY_POLICY, () => 0.5); // 0.5 × min(10000, 500 × 4) = 1000
 * ```
 */
export function fullJitterDelay(retry: number, policy: RetryPolicy, random: Random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}

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
 * classifyTokenError(new TokenRequestError("refused", { status: 401, error: "invalid_client" })); // { retry: false, … }
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
  const backoff = fullJitterDelay(retry, policy, random);
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs) || retryAfterMs < 0) {
    return backoff;
  }
  return Math.max(backoff, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}

/** What {@link withRetry} reports before each retry. */
export interface RetryInfo {
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly delayMs: number;
  readonly retryAfterMs: number | undefined;
  readonly error: unknown;
}

/** The outcome of {@link withRetry}: the value, or the last error, with the number of attempts made. */
export type RetryOutcome<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly ok: false; readonly error: unknown; readonly attempts: number };

/**
 * Runs `operation` until it succeeds, fails with a non-retryable error, or runs out of attempts.
 * Never throws: the outcome says which. `signal` cancels the back-off waits.
 *
 * @example
 * ```ts
 * const outcome = await withRetry(() => sentinel.requestToken(request), {
 *   policy: DEFAULT_RETRY_POLICY, sleep: defaultSleep, random: Math.random,
 * });
 * if (!outcome.ok) throw outcome.error;
 * ```
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  options: {
    policy: RetryPolicy;
    sleep: Sleep;
    random: Random;
    signal?: AbortSignal | undefined;
    classify?: (error: unknown) => RetryDecision;
    onRetry?: (info: RetryInfo) => void;
  },
): Promise<RetryOutcome<T>> {
  const classify = options.classify ?? classifyTokenError;
  for (let attempt = 1; ; attempt++) {
    try {
      return { ok: true, value: await operation(attempt), attempts: attempt };
    } catch (error) {
      const decision = classify(error);
      if (!decision.retry || attempt >= options.policy.attempts || options.signal?.aborted) {
        return { ok: false, error, attempts: attempt };
      }
      const delayMs = retryDelay(attempt - 1, decision.retryAfterMs, options.policy, options.random);
      options.onRetry?.({
        attempt,
        maxAttempts: options.policy.attempts,
        delayMs,
        retryAfterMs: decision.retryAfterMs,
        error,
      });
      try {
        await options.sleep(delayMs, options.signal);
      } catch (sleepError) {
        return { ok: false, error: sleepError instanceof AbortError ? sleepError : error, attempts: attempt };
      }
    }
  }
}
