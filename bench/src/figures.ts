/**
 * One figure for every contender: each repetition's value, the spread over repetitions, ratios taken
 * **within each repetition** (the machine's speed drifts over a run; two contenders measured in the
 * same repetition met the same machine), and the CPU share of the server process during the figure's
 * runs (so a figure limited by the server, not the client, is visible as such).
 *
 * @module
 */
import { type Spread, spread } from "./stats.js";
import { CONTENDER_IDS, type ContenderId, type TargetId } from "./workload.js";

/** The references ratios are taken against. */
export const REFERENCES = { vsOfficial: "official", vsRawFetch: "raw-fetch" } as const;

/** One figure for every contender. */
export interface Figure {
  id: string;
  /** What the contenders talked to; `null` for a figure that is not a run against a server (size). */
  target: TargetId | null;
  title: string;
  unit: string;
  better: "lower" | "higher";
  /** How it was measured, in one sentence. */
  method: string;
  /** Repetitions behind each contender's spread. */
  repetitions: number;
  values: Record<ContenderId, Spread>;
  /**
   * Per repetition, the contender's value ÷ the reference's value in the same repetition: median
   * (min–max) over the repetitions; `null` when the reference measured 0.
   */
  ratios: {
    vsOfficial: Record<ContenderId, Spread | null>;
    vsRawFetch: Record<ContenderId, Spread | null>;
  };
  /** CPU busy of the target's server process during the runs, % of one core (emulator or nginx). */
  serverCpuPercent?: Record<ContenderId, Spread> | undefined;
}

/** A figure's description; the numbers are added by {@link figure}. */
export type FigureSpec = Omit<Figure, "values" | "ratios" | "repetitions" | "serverCpuPercent">;

/**
 * `f(a[i], b[i])` for every repetition `i` both have.
 *
 * @example
 * ```ts
 * pairwise([2, 4], [1, 2], (a, b) => a / b); // [2, 2]
 * ```
 */
export function pairwise(
  a: readonly number[],
  b: readonly number[],
  f: (x: number, y: number) => number,
): number[] {
  return a.slice(0, Math.min(a.length, b.length)).map((x, i) => f(x, b[i] as number));
}

/** The spread of the per-repetition ratios of `samples` against `reference`; `null` if any is ÷ 0. */
function ratioSpread(samples: readonly number[], reference: readonly number[]): Spread | null {
  if (reference.some((value) => value === 0) || samples.length === 0) {
    return null;
  }
  return spread(pairwise(samples, reference, (x, y) => x / y));
}

/**
 * Builds a figure from per-repetition samples (index = repetition, the same for every contender).
 *
 * @example
 * ```ts
 * figure({ id: "nginx.throughputC16", target: "nginx", title, unit: "invokes/s", better: "higher", method }, samples, shares);
 * ```
 */
export function figure(
  spec: FigureSpec,
  samples: Record<ContenderId, number[]>,
  serverCpuShare?: Record<ContenderId, number[]>,
): Figure {
  const values = Object.fromEntries(CONTENDER_IDS.map((id) => [id, spread(samples[id])])) as Record<
    ContenderId,
    Spread
  >;
  const against = (reference: ContenderId) =>
    Object.fromEntries(
      CONTENDER_IDS.map((id) => [id, ratioSpread(samples[id], samples[reference])]),
    ) as Record<ContenderId, Spread | null>;
  return {
    ...spec,
    repetitions: Math.min(...CONTENDER_IDS.map((id) => samples[id].length)),
    values,
    ratios: { vsOfficial: against(REFERENCES.vsOfficial), vsRawFetch: against(REFERENCES.vsRawFetch) },
    serverCpuPercent:
      serverCpuShare === undefined
        ? undefined
        : (Object.fromEntries(
            CONTENDER_IDS.map((id) => [id, spread(serverCpuShare[id].map((share) => share * 100))]),
          ) as Record<ContenderId, Spread>),
  };
}

/**
 * Applies `fn` to each contender's value, giving per-contender samples.
 *
 * @example
 * ```ts
 * mapContenders(coldRuns, (runs) => runs.map((run) => run.wallMs));
 * ```
 */
export function mapContenders<T>(
  source: Record<ContenderId, T>,
  fn: (value: T) => number[],
): Record<ContenderId, number[]> {
  return Object.fromEntries(CONTENDER_IDS.map((id) => [id, fn(source[id])])) as Record<ContenderId, number[]>;
}
