/**
 * One virtual clock shared by lpkit (`now` option) and the emulator (`now` option), so token
 * lifetimes, refresh windows and `Retry-After` dates move only when a test says so.
 *
 * @module
 */

/**
 * A clock that stands still until {@link VirtualClock.advance} is called.
 *
 * @example
 * ```ts
 * const clock = createVirtualClock();
 * clock.advance(60_000); // one minute later for lpkit and the emulator alike
 * ```
 */
export interface VirtualClock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Moves the clock by `ms` (may be negative). */
  advance(ms: number): void;
}

/** 2026-01-01T00:00:00Z: a fixed start, so runs are reproducible. */
export const VIRTUAL_EPOCH = Date.UTC(2026, 0, 1);

/**
 * Creates a {@link VirtualClock} starting at `start`.
 *
 * @example
 * ```ts
 * const clock = createVirtualClock(VIRTUAL_EPOCH);
 * clock.now(); // 1767225600000
 * ```
 */
export function createVirtualClock(start: number = VIRTUAL_EPOCH): VirtualClock {
  let t = start;
  return {
    now: () => t,
    advance(ms) {
      t += ms;
    },
  };
}
