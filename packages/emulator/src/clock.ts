/**
 * The emulator's clock: the time it stamps into tokens (`iat`, `exp`) and checks them against.
 * Tests move it forward to expire tokens without waiting.
 *
 * @module
 */

/**
 * A controllable clock in milliseconds since the epoch.
 *
 * @example
 * ```ts
 * emulator.clock.advance(3_600_000); // every token issued before is now expired
 * ```
 */
export interface EmulatorClock {
  /** The current emulator time, ms since the epoch. */
  now(): number;
  /** Moves the clock forward (or back, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void;
  /** Sets the clock to `ms` since the epoch; it keeps running from there. */
  set(ms: number): void;
}

/**
 * Creates a clock that follows `base` (default `Date.now`) plus an adjustable offset; `onChange` is
 * told after every `advance` and `set` (the emulator runs work that fell due, e.g. webhook retries).
 *
 * @example
 * ```ts
 * const clock = createClock();
 * clock.advance(3_600_000); // one hour later: tokens issued before now are expired
 * ```
 */
export function createClock(base: () => number = Date.now, onChange?: () => void): EmulatorClock {
  let offset = 0;
  const check = (value: number, name: string): number => {
    if (!Number.isFinite(value)) {
      throw new TypeError(`${name} must be a finite number of milliseconds`);
    }
    return value;
  };
  return {
    now: () => base() + offset,
    advance(ms) {
      offset += check(ms, "ms");
      onChange?.();
    },
    set(ms) {
      offset = check(ms, "ms") - base();
      onChange?.();
    },
  };
}
