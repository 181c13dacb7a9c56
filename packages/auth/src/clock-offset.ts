/**
 * Tokens on this process's clock, in the one direction that matters for safety. Sentinel's
 * `iat`/`exp` are on Sentinel's clock; a process whose clock runs **behind** would keep sending a
 * token after it expired, by as much as its clock is off. When a token's `iat` is more than
 * {@link MAX_CLOCK_OFFSET_MS} after the local start of its request (Sentinel's clock is ahead of
 * ours), the token's expiry is moved onto the local clock: its lifetime counted from the request
 * start, minus one second because `iat` is whole seconds — never later than the true expiry as seen
 * here. Times are never moved the other way: an `iat` in the past may just as well be an old token
 * (from a cache), and shortening is always safe while lengthening is not.
 *
 * @module
 */

/** Offsets up to this (network time, rounding) leave a token's times as Sentinel set them. */
export const MAX_CLOCK_OFFSET_MS = 5_000;

/**
 * The times of a token as this process should use them.
 *
 * @example
 * ```ts
 * // Sentinel's clock is 10 min ahead of ours: the token lasts its hour from our request start.
 * onLocalClock({ issuedAt: start + 600_000, expiresAt: start + 4_200_000 }, start, warn);
 * // { issuedAt: start, expiresAt: start + 3_599_000 }
 * ```
 */
export function onLocalClock(
  token: { readonly issuedAt: number; readonly expiresAt: number },
  requestStartedAt: number,
  told: (offsetMs: number) => void,
): { issuedAt: number; expiresAt: number } {
  const offset = token.issuedAt - requestStartedAt;
  if (!Number.isFinite(offset) || offset <= MAX_CLOCK_OFFSET_MS) {
    return { issuedAt: token.issuedAt, expiresAt: token.expiresAt };
  }
  told(offset);
  return { issuedAt: requestStartedAt, expiresAt: token.expiresAt - offset - 1_000 };
}
