/**
 * The retry policy: a request is sent again only when the function certainly did not run — the
 * connection was never established (`NetworkError` with phase `"connect"`), or the gateway answered
 * 429. Timeouts, resets after sending, 5xx and 901 are never retried: the function may have run.
 *
 * The one exception is an explicit opt-in: a call marked **idempotent** (`retry.idempotent` on the
 * client, or `idempotent` per call) is also sent again after failures that happen once the request
 * may have reached the gateway — a timeout, a reset, 408, 500, 502, 503 or 504. A `FunctionError`
 * (the function ran and failed) is never retried.
 *
 * @module
 */
import {
  AbortError,
  assertDuration,
  GatewayError,
  InvalidArgumentError,
  NetworkError,
  TimeoutError,
} from "@lpkit/core";
import type { RetryOptions, Sleep } from "./types.js";

/**
 * Default number of retries after the first try.
 *
 * @example
 * ```ts
 * createFaasClient({ baseUrl, accountId, retry: { attempts: DEFAULT_RETRY_ATTEMPTS + 1 } });
 * ```
 */
export const DEFAULT_RETRY_ATTEMPTS = 2;
/**
 * Default longest wait before a retry, in ms.
 *
 * @example
 * ```ts
 * createFaasClient({ baseUrl, accountId, retry: { maxDelayMs: DEFAULT_RETRY_MAX_DELAY_MS * 2 } });
 * ```
 */
export const DEFAULT_RETRY_MAX_DELAY_MS = 5_000;
/** First back-off after a failed connection, in ms; doubles per retry. */
export const CONNECT_RETRY_BASE_MS = 200;
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

/** A checked retry policy. */
export interface RetryPolicy {
  readonly attempts: number;
  readonly maxDelayMs: number;
  /** Also retry after the request may have reached the gateway (timeouts, resets, 408, 5xx). Default `false`. */
  readonly idempotent?: boolean | undefined;
}

/**
 * Checks the `retry` option and fills in defaults.
 *
 * @example
 * ```ts
 * toRetryPolicy(undefined);            // { attempts: 2, maxDelayMs: 5000, idempotent: false }
 * toRetryPolicy({ attempts: 0 });      // retries off
 * toRetryPolicy({ idempotent: true }); // also retry timeouts, resets, 408 and 5xx
 * ```
 */
export function toRetryPolicy(options: RetryOptions | undefined): RetryPolicy {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new InvalidArgumentError("retry", "expected { attempts?, maxDelayMs?, idempotent? }");
  }
  const attempts = options?.attempts ?? DEFAULT_RETRY_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 0 || attempts > 10) {
    throw new InvalidArgumentError("retry.attempts", "expected an integer from 0 to 10");
  }
  const maxDelayMs = assertDuration(options?.maxDelayMs ?? DEFAULT_RETRY_MAX_DELAY_MS, "retry.maxDelayMs");
  const idempotent = assertIdempotent(options?.idempotent, "retry.idempotent") ?? false;
  return { attempts, maxDelayMs, idempotent };
}

/**
 * Checks an `idempotent` flag: `undefined` or a boolean (anything else is an `InvalidArgumentError`,
 * so a truthy string cannot switch on retries that may run a function twice).
 *
 * @example
 * ```ts
 * assertIdempotent(true, "idempotent");      // true
 * assertIdempotent(undefined, "idempotent"); // undefined
 * assertIdempotent("yes", "idempotent");     // throws InvalidArgumentError
 * ```
 */
export function assertIdempotent(value: unknown, name: string): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") {
    throw new InvalidArgumentError(name, "expected true or false");
  }
  return value;
}

/**
 * How long to wait before sending the request again after `error`, or `undefined` when it must not
 * be retried. `retriesSoFar` counts the retries already made for this call.
 *
 * @example
 * ```ts
 * retryDelay(new NetworkError("refused", "connect"), 0, { attempts: 2, maxDelayMs: 5000 }); // 200
 * retryDelay(new NetworkError("reset", "unknown"), 0, { attempts: 2, maxDelayMs: 5000 });   // undefined
 * retryDelay(new NetworkError("reset", "unknown"), 0, { attempts: 2, maxDelayMs: 5000, idempotent: true }); // 200
 * ```
 */
export function retryDelay(error: unknown, retriesSoFar: number, policy: RetryPolicy): number | undefined {
  if (retriesSoFar >= policy.attempts) {
    return undefined;
  }
  if (error instanceof NetworkError && error.phase === "connect") {
    return Math.min(policy.maxDelayMs, CONNECT_RETRY_BASE_MS * 2 ** retriesSoFar);
  }
  if (error instanceof GatewayError && error.status === 429) {
    if (error.retryAfterMs !== undefined) {
      // Honour Retry-After; when it asks for more than we may wait, give up and let the caller decide.
      return error.retryAfterMs <= policy.maxDelayMs ? error.retryAfterMs : undefined;
    }
    return Math.min(policy.maxDelayMs, RATE_LIMIT_RETRY_BASE_MS * (retriesSoFar + 1));
  }
  if (policy.idempotent === true) {
    // Opt-in only: the request may have reached the gateway, so the function may have run already.
    const backoff = Math.min(policy.maxDelayMs, CONNECT_RETRY_BASE_MS * 2 ** retriesSoFar);
    if (error instanceof NetworkError || error instanceof TimeoutError) {
      return backoff;
    }
    if (error instanceof GatewayError && AFTER_SEND_RETRY_STATUSES.has(error.status)) {
      if (error.retryAfterMs !== undefined) {
        return error.retryAfterMs <= policy.maxDelayMs ? error.retryAfterMs : undefined;
      }
      return backoff;
    }
  }
  return undefined;
}

/**
 * The default {@link Sleep}: a timer that the caller's signal cuts short with an `AbortError`.
 *
 * @example
 * ```ts
 * await defaultSleep(250, controller.signal);
 * ```
 */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError("aborted by the caller while waiting to retry"));
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError("aborted by the caller while waiting to retry"));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/**
 * Runs `attempt` and re-runs it while {@link retryDelay} allows, waiting with `sleep` in between.
 * The last error is thrown as is; an abort of `signal` during a wait throws an `AbortError`.
 *
 * @example
 * ```ts
 * const data = await withRetry(() => sendOnce(), policy, defaultSleep, signal);
 * ```
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  sleep: Sleep,
  signal: AbortSignal | undefined,
): Promise<T> {
  for (let retries = 0; ; retries++) {
    try {
      return await attempt();
    } catch (error) {
      const delay = retryDelay(error, retries, policy);
      if (delay === undefined) {
        throw error;
      }
      if (signal?.aborted) {
        throw new AbortError("aborted by the caller before a retry");
      }
      await sleep(delay, signal);
      if (signal?.aborted) {
        throw new AbortError("aborted by the caller before a retry");
      }
    }
  }
}
