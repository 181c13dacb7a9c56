/**
 * An injected clock and sleep for tests: nothing ever waits for real time. `sleep` records the
 * delay and moves the clock forward by it.
 *
 * @module
 */

/** A manual clock with a recording sleep. */
export interface FakeClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
  /** Every delay passed to `sleep`, in order. */
  readonly sleeps: number[];
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A `random()` that always returns `value` (default 0.5). */
  random(): number;
  randomValue: number;
}

/** Creates a clock starting at `start` ms (default 2026-01-01T00:00:00Z). */
export function createFakeClock(start = Date.UTC(2026, 0, 1)): FakeClock {
  let t = start;
  const clock: FakeClock = {
    now: () => t,
    advance(ms) {
      t += ms;
    },
    set(ms) {
      t = ms;
    },
    sleeps: [],
    async sleep(ms, signal) {
      if (signal?.aborted) {
        throw signal.reason;
      }
      clock.sleeps.push(ms);
      t += ms;
    },
    randomValue: 0.5,
    random: () => clock.randomValue,
  };
  return clock;
}

/**
 * Lets every pending promise chain run to its end: each `setImmediate` turn comes after all queued
 * microtasks (nothing here waits for real time or I/O: the clock and sleep are fake).
 */
export async function flush(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
