/**
 * The one retry module of lpkit: one options shape (`maxRetries`, `baseDelayMs`, `maxDelayMs`,
 * `maxRetryAfterMs`), one back-off function, one {@link Sleep} and one {@link withRetry} loop. Each
 * package keeps only its own rule of *what* may be retried and for how long (`delayFor`).
 * `RetryOptions` and `Sleep` are exported from `@lpkit/core`; the rest from `@lpkit/core/internal`.
 *
 * @module
 */
import { onAbort } from "./abort-fanout.js";
import { AbortError, InvalidArgumentError } from "./errors.js";
import { isRecord, optionalDuration } from "./options.js";

/**
 * How a client retries; every field is optional and has a per-client default.
 *
 * @example
 * ```ts
 * const retry: RetryOptions = { maxRetries: 4, baseDelayMs: 250, maxDelayMs: 5_000, maxRetryAfterMs: 20_000 };
 * ```
 */
export interface RetryOptions {
  /** Retries after the first try (`0` turns retrying off); at most 10. */
  maxRetries?: number | undefined;
  /** Back-off base: retry n (0-based) waits up to `baseDelayMs × 2^n`, in ms. */
  baseDelayMs?: number | undefined;
  /** Upper bound of one back-off delay, in ms. */
  maxDelayMs?: number | undefined;
  /** Longest `Retry-After` a client honours, in ms. */
  maxRetryAfterMs?: number | undefined;
}

/**
 * {@link RetryOptions} with every default filled in.
 *
 * @example
 * ```ts
 * const policy: RetryPolicy = { maxRetries: 2, baseDelayMs: 200, maxDelayMs: 5_000, maxRetryAfterMs: 5_000 };
 * ```
 */
export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
}

/**
 * Waits `ms` milliseconds; rejects with an `AbortError` when `signal` aborts. Inject one in tests so
 * retries need no real waiting.
 *
 * @example
 * ```ts
 * const sleep: Sleep = async () => {}; // never wait (tests)
 * ```
 */
export type Sleep = (ms: number, signal?: AbortSignal | undefined) => Promise<void>;

/**
 * A uniform random number in [0, 1); inject one in tests.
 *
 * @example
 * ```ts
 * const random: Random = () => 0.5;
 * ```
 */
export type Random = () => number;

/** Largest `maxRetries` accepted. */
export const MAX_RETRIES_LIMIT = 10;

/**
 * The default {@link Sleep}: a timer that `signal` cuts short with an `AbortError`.
 *
 * @example
 * ```ts
 * await defaultSleep(250, controller.signal);
 * ```
 */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new AbortError("the wait before a retry was aborted"));
      return;
    }
    const timer = setTimeout(() => {
      stop?.();
      resolve();
    }, ms);
    // One listener per signal however many back-offs wait on it (see `onAbort`).
    const stop =
      signal &&
      onAbort(signal, () => {
        clearTimeout(timer);
        reject(new AbortError("the wait before a retry was aborted"));
      });
  });

/**
 * Checks a `retry` option against `defaults` and returns the full policy. The pre-0.2 name
 * `attempts` is refused with a hint, since it meant different things in different packages.
 *
 * @example
 * ```ts
 * resolveRetryPolicy({ maxRetries: 5 }, { maxRetries: 2, baseDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 30_000 });
 * ```
 */
export function resolveRetryPolicy(input: unknown, defaults: RetryPolicy, name = "retry"): RetryPolicy {
  if (input === undefined) {
    return defaults;
  }
  if (!isRecord(input)) {
    throw new InvalidArgumentError(name, "expected an object such as { maxRetries: 2 }");
  }
  if (input.attempts !== undefined) {
    throw new InvalidArgumentError(
      `${name}.attempts`,
      "was renamed: use maxRetries (the number of retries after the first try)",
    );
  }
  const maxRetries = input.maxRetries ?? defaults.maxRetries;
  if (
    typeof maxRetries !== "number" ||
    !Number.isInteger(maxRetries) ||
    maxRetries < 0 ||
    maxRetries > MAX_RETRIES_LIMIT
  ) {
    throw new InvalidArgumentError(
      `${name}.maxRetries`,
      `expected a whole number from 0 to ${MAX_RETRIES_LIMIT}`,
    );
  }
  return Object.freeze({
    maxRetries,
    baseDelayMs: optionalDuration(input.baseDelayMs, `${name}.baseDelayMs`, defaults.baseDelayMs),
    maxDelayMs: optionalDuration(input.maxDelayMs, `${name}.maxDelayMs`, defaults.maxDelayMs),
    maxRetryAfterMs: optionalDuration(
      input.maxRetryAfterMs,
      `${name}.maxRetryAfterMs`,
      defaults.maxRetryAfterMs,
    ),
  });
}

/**
 * The back-off before retry number `retry` (0-based): `min(maxDelayMs, baseDelayMs × 2^retry)`, in
 * whole milliseconds — scaled by `random()` (full jitter) when a `random` is given.
 *
 * @example
 * ```ts
 * backoffDelay(1, { baseDelayMs: 200, maxDelayMs: 5_000 });             // 400
 * backoffDelay(2, { baseDelayMs: 500, maxDelayMs: 10_000 }, () => 0.5); // 1000
 * ```
 */
export function backoffDelay(
  retry: number,
  policy: Pick<RetryPolicy, "baseDelayMs" | "maxDelayMs">,
  random?: Random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(Math.max(retry, 0), 30));
  if (random === undefined) {
    return Math.floor(ceiling);
  }
  const r = random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.floor(unit * ceiling);
}

/**
 * What {@link withRetry} reports before each retry.
 *
 * @example
 * ```ts
 * const onRetry = (info: RetryInfo) => console.warn(`attempt ${info.attempt} failed; next in ${info.delayMs} ms`);
 * ```
 */
export interface RetryInfo {
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  /** Attempts allowed in all: `maxRetries + 1`. */
  readonly maxAttempts: number;
  readonly delayMs: number;
  readonly error: unknown;
}

/**
 * Settings of one {@link withRetry} loop.
 *
 * @example
 * ```ts
 * const loop: RetryLoop = { maxRetries: 2, delayFor: (error, n) => (isTransient(error) ? 200 * 2 ** n : undefined), sleep: defaultSleep };
 * ```
 */
export interface RetryLoop {
  readonly maxRetries: number;
  /** How long to wait before retrying after `error`, or `undefined` when it must not be retried. */
  delayFor(error: unknown, retriesSoFar: number): number | undefined;
  readonly sleep: Sleep;
  /** Ends the loop with an `AbortError` before or during a wait. */
  readonly signal?: AbortSignal | undefined;
  onRetry?(info: RetryInfo): void;
}

/**
 * Runs `operation` (given the 1-based attempt number) and re-runs it while `delayFor` allows and
 * retries remain, waiting with `sleep` in between. Throws the last error as is; an abort of `signal`
 * before or during a wait throws an `AbortError`.
 *
 * @example
 * ```ts
 * const token = await withRetry((attempt) => requestToken(), { maxRetries: 2, delayFor, sleep: defaultSleep });
 * ```
 */
export async function withRetry<T>(operation: (attempt: number) => Promise<T>, loop: RetryLoop): Promise<T> {
  for (let retries = 0; ; retries++) {
    try {
      return await operation(retries + 1);
    } catch (error) {
      const delayMs = retries < loop.maxRetries ? loop.delayFor(error, retries) : undefined;
      if (delayMs === undefined) {
        throw error;
      }
      if (loop.signal?.aborted) {
        throw new AbortError("aborted before a retry");
      }
      loop.onRetry?.({ attempt: retries + 1, maxAttempts: loop.maxRetries + 1, delayMs, error });
      await loop.sleep(delayMs, loop.signal);
      if (loop.signal?.aborted) {
        throw new AbortError("aborted before a retry");
      }
    }
  }
}
