/**
 * When to refresh a token (proactive refresh). Two windows before expiry:
 *
 * - **soft** (default 5 min): one background refresh starts; callers keep getting the valid token.
 * - **hard** (default 30 s): callers wait for the new token.
 *
 * Both shrink for short-lived tokens — soft to half the lifetime, hard to a tenth — so a 60-second
 * token is refreshed in the background from 30 s before expiry and waited for in its last 6 s,
 * instead of being "always expiring". After a failed refresh, or when the server returns a token
 * that lasts no longer than the one in hand, the next attempt is pushed back (exponential,
 * jittered, at least `baseDelayMs`, `Retry-After` respected), so nothing ever loops.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { backoffDelay, type Random, type RetryPolicy } from "@lpkit/core/internal";

/**
 * Default soft window: refresh in the background from 5 minutes before expiry.
 *
 * @example
 * ```ts
 * createTokenManager({ ...options, softWindowMs: DEFAULT_SOFT_WINDOW_MS * 2 }); // start 10 min early
 * ```
 */
export const DEFAULT_SOFT_WINDOW_MS = 5 * 60_000;
/**
 * Default hard window: callers wait for a new token in the last 30 seconds.
 *
 * @example
 * ```ts
 * createTokenManager({ ...options, hardWindowMs: DEFAULT_HARD_WINDOW_MS * 2 }); // wait in the last minute
 * ```
 */
export const DEFAULT_HARD_WINDOW_MS = 30_000;

/**
 * The configured windows, before shrinking for a token's lifetime.
 *
 * @example
 * ```ts
 * const windows: RefreshWindows = { softWindowMs: 300_000, hardWindowMs: 30_000 };
 * tokenPhase(token, Date.now(), windows);
 * ```
 */
export interface RefreshWindows {
  readonly softWindowMs: number;
  readonly hardWindowMs: number;
}

/**
 * Where a token stands at a given moment.
 *
 * @example
 * ```ts
 * const phase: TokenPhase = tokenPhase(token, Date.now(), windows); // "fresh" | "soft" | "hard" | "expired"
 * ```
 */
export type TokenPhase =
  /** Plenty of time left: serve it. */
  | "fresh"
  /** In the soft window: serve it and refresh in the background. */
  | "soft"
  /** In the hard window: wait for a refresh (the token is still valid). */
  | "hard"
  /** Expired: it must not be sent. */
  | "expired";

/**
 * Checks the two windows: both non-negative, the hard one no larger than the soft one.
 *
 * @example
 * ```ts
 * resolveRefreshWindows(undefined, undefined); // { softWindowMs: 300000, hardWindowMs: 30000 }
 * ```
 */
export function resolveRefreshWindows(softWindowMs: unknown, hardWindowMs: unknown): RefreshWindows {
  const soft = softWindowMs ?? DEFAULT_SOFT_WINDOW_MS;
  const hard = hardWindowMs ?? DEFAULT_HARD_WINDOW_MS;
  if (typeof soft !== "number" || !Number.isFinite(soft) || soft < 0) {
    throw new InvalidArgumentError("softWindowMs", "expected a non-negative number of milliseconds");
  }
  if (typeof hard !== "number" || !Number.isFinite(hard) || hard < 0) {
    throw new InvalidArgumentError("hardWindowMs", "expected a non-negative number of milliseconds");
  }
  if (hard > soft) {
    throw new InvalidArgumentError("hardWindowMs", "must not be larger than softWindowMs");
  }
  return { softWindowMs: soft, hardWindowMs: hard };
}

/**
 * The windows for one token: the configured ones, shrunk to half (soft) and a tenth (hard) of the
 * token's lifetime (`expiresAt − issuedAt`).
 *
 * @example
 * ```ts
 * effectiveWindows({ issuedAt: 0, expiresAt: 3_600_000 }, defaults); // { softMs: 300000, hardMs: 30000 }
 * effectiveWindows({ issuedAt: 0, expiresAt: 60_000 }, defaults);    // { softMs: 30000, hardMs: 6000 }
 * ```
 */
export function effectiveWindows(
  token: { readonly issuedAt: number; readonly expiresAt: number },
  windows: RefreshWindows,
): { softMs: number; hardMs: number } {
  const lifetime = Math.max(0, token.expiresAt - token.issuedAt);
  const softMs = Math.min(windows.softWindowMs, lifetime / 2);
  const hardMs = Math.min(windows.hardWindowMs, lifetime / 10, softMs);
  return { softMs, hardMs };
}

/**
 * Where `token` stands at `now`.
 *
 * @example
 * ```ts
 * tokenPhase(token, Date.now(), windows); // "fresh" | "soft" | "hard" | "expired"
 * ```
 */
export function tokenPhase(
  token: { readonly issuedAt: number; readonly expiresAt: number },
  now: number,
  windows: RefreshWindows,
): TokenPhase {
  const left = token.expiresAt - now;
  if (left <= 0) {
    return "expired";
  }
  const { softMs, hardMs } = effectiveWindows(token, windows);
  if (left <= hardMs) {
    return "hard";
  }
  if (left <= softMs) {
    return "soft";
  }
  return "fresh";
}

/**
 * How long to wait before the next refresh attempt after `streak` consecutive refreshes that
 * failed or did not extend the token: jittered exponential back-off, at least `baseDelayMs`, and
 * at least the server's `Retry-After` (capped at `maxRetryAfterMs`).
 *
 * @example
 * ```ts
 * nextAttemptDelay(1, undefined, DEFAULT_RETRY_POLICY, Math.random); // 500
 * nextAttemptDelay(3, 20_000, DEFAULT_RETRY_POLICY, Math.random);    // 20000
 * ```
 */
export function nextAttemptDelay(
  streak: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: Random,
): number {
  const backoff = Math.max(policy.baseDelayMs, backoffDelay(Math.max(0, streak - 1), policy, random));
  if (retryAfterMs === undefined || !Number.isFinite(retryAfterMs) || retryAfterMs < 0) {
    return backoff;
  }
  return Math.max(backoff, Math.min(retryAfterMs, policy.maxRetryAfterMs));
}
