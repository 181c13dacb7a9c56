/**
 * Latency statistics for the demo's summary: nearest-rank percentiles over a list of durations.
 *
 * @module
 */

/**
 * p50 / p99 (and count, min, max) of a set of durations in milliseconds.
 *
 * @example
 * ```ts
 * const { p50, p99 }: LatencySummary = summarizeLatency([12, 3, 7]);
 * ```
 */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number | undefined;
  readonly p99: number | undefined;
  readonly min: number | undefined;
  readonly max: number | undefined;
}

/**
 * The `p`-th percentile of `values` by the nearest-rank method (always one of the values);
 * `undefined` for an empty list.
 *
 * @example
 * ```ts
 * percentile([5, 1, 3, 2, 4], 50); // 3
 * percentile([5, 1, 3, 2, 4], 99); // 5
 * ```
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!Number.isFinite(p) || p < 0 || p > 100) {
    throw new RangeError(`percentile: p must be between 0 and 100, got ${p}`);
  }
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) {
    return undefined;
  }
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/**
 * Summarises durations: count, p50, p99, min and max.
 *
 * @example
 * ```ts
 * summarizeLatency([12, 3, 7]); // { count: 3, p50: 7, p99: 12, min: 3, max: 12 }
 * ```
 */
export function summarizeLatency(values: readonly number[]): LatencySummary {
  const finite = values.filter((value) => Number.isFinite(value));
  return {
    count: finite.length,
    p50: percentile(finite, 50),
    p99: percentile(finite, 99),
    min: finite.length === 0 ? undefined : Math.min(...finite),
    max: finite.length === 0 ? undefined : Math.max(...finite),
  };
}
