/**
 * Summaries of repeated measurements: median with min–max, and percentiles.
 *
 * @module
 */

/** A figure for one contender: the median of its repetitions and their range. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** Every repetition's value, in the order measured. */
  samples: number[];
}

/**
 * The `p`-th percentile (0–100) by the nearest-rank method.
 *
 * @example
 * ```ts
 * percentile([5, 1, 3], 50); // 3
 * ```
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) {
    throw new Error("percentile of no values");
  }
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

/**
 * The median (mean of the two middle values for an even count).
 *
 * @example
 * ```ts
 * median([4, 1, 3, 2]); // 2.5
 * ```
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) {
    throw new Error("median of no values");
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Median, min and max of repeated measurements.
 *
 * @example
 * ```ts
 * spread([3, 1, 2]); // { median: 2, min: 1, max: 3, samples: [3, 1, 2] }
 * ```
 */
export function spread(samples: readonly number[]): Spread {
  return {
    median: median(samples),
    min: Math.min(...samples),
    max: Math.max(...samples),
    samples: [...samples],
  };
}

/**
 * `[a, b, c, d]` rotated by `by`, so each repetition starts with another contender.
 *
 * @example
 * ```ts
 * rotate(["a", "b", "c"], 1); // ["b", "c", "a"]
 * ```
 */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const n = items.length;
  const k = ((by % n) + n) % n;
  return [...items.slice(k), ...items.slice(0, k)];
}
