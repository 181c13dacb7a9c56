/**
 * A small seeded pseudo-random generator, so that "a share of requests" faults are reproducible.
 *
 * @module
 */

/**
 * Returns a function yielding numbers in [0, 1) from a 32-bit seed (mulberry32).
 *
 * @example
 * ```ts
 * const next = seededRandom(42);
 * next(); // always the same sequence for seed 42
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
