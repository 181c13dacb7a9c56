/**
 * The targets of issues 7 and 15, judged on this run's figures (never asserted in tests). Every
 * comparison between contenders is taken within each repetition and summarised by its median.
 *
 * @module
 */
import { type Figure, pairwise } from "./figures.js";
import { median } from "./stats.js";
import { BARE_TRANSPORTS, type ContenderId } from "./workload.js";

/** One target, judged on the medians of per-repetition comparisons. */
export interface Target {
  id: string;
  description: string;
  /** e.g. "≥ 3.00×". */
  threshold: string;
  /** The measured value the threshold applies to (a ratio or an absolute value). */
  actual: number | null;
  unit: string;
  met: boolean | null;
  /** Which figure and which comparison the value comes from. */
  basis: string;
}

/** The target ids, in report order. */
export const TARGET_IDS = [
  "node-c16-vs-official",
  "node-c16-vs-bare",
  "node-cpu-vs-official",
  "node-emulator-vs-bare",
  "own-cpu",
  "fetch-p50-vs-raw",
  "fetch-c16-vs-raw",
  "cold-vs-official",
  "tokens",
  "heap",
  "size",
] as const;

function samplesOf(figures: readonly Figure[], id: string, contender: ContenderId): number[] | undefined {
  return figures.find((f) => f.id === id)?.values[contender].samples;
}

/** Median over repetitions of `f(a, b)`, or `null` when a figure is missing. */
function perRepetition(
  a: readonly number[] | undefined,
  b: readonly number[] | undefined,
  f: (x: number, y: number) => number,
): number | null {
  if (a === undefined || b === undefined || a.length === 0 || b.length === 0) {
    return null;
  }
  return median(pairwise(a, b, f));
}

/**
 * lpkit's own CPU per invoke above its transport, per repetition (µs): lpkit on the Node transport
 * − bare undici, and lpkit on fetch − raw fetch, at concurrency 16 against nginx.
 *
 * @example
 * ```ts
 * ownCpuUs(results.figures).node; // [31.2, 28.9, …]
 * ```
 */
export function ownCpuUs(figures: readonly Figure[]): { node: number[]; fetch: number[] } {
  const id = "nginx.clientCpuUsC16";
  const of = (contender: ContenderId) => samplesOf(figures, id, contender) ?? [];
  return {
    node: pairwise(of("lpkit-node"), of("undici-pool"), (x, y) => x - y),
    fetch: pairwise(of("lpkit"), of("raw-fetch"), (x, y) => x - y),
  };
}

/**
 * The targets, judged on `figures`.
 *
 * @example
 * ```ts
 * evaluateTargets(results.figures, plan.heapInvokes).filter((target) => target.met === false);
 * ```
 */
export function evaluateTargets(figures: readonly Figure[], heapInvokes = 100_000): Target[] {
  const targets: Target[] = [];
  const add = (
    target: Omit<Target, "met" | "actual">,
    actual: number | null,
    met: (value: number) => boolean,
  ) => targets.push({ ...target, actual, met: actual === null ? null : met(actual) });
  const of = (id: string, contender: ContenderId) => samplesOf(figures, id, contender);
  const ratio = (x: number, y: number) => x / y;
  const c16 = "nginx.throughputC16";
  add(
    {
      id: "node-c16-vs-official",
      description:
        "lpkit on the Node transport: throughput at concurrency 16 against nginx ≥ 3× the official client's",
      threshold: "≥ 3.00×",
      unit: "×",
      basis: `${c16}: lpkit-node ÷ official per repetition`,
    },
    perRepetition(of(c16, "lpkit-node"), of(c16, "official"), ratio),
    (v) => v >= 3,
  );
  add(
    {
      id: "node-c16-vs-bare",
      description: "… and ≥ 0.85× its bare transport (undici Pool, hand-written)",
      threshold: "≥ 0.85×",
      unit: "×",
      basis: `${c16}: lpkit-node ÷ undici-pool per repetition`,
    },
    perRepetition(of(c16, "lpkit-node"), of(c16, "undici-pool"), ratio),
    (v) => v >= 0.85,
  );
  const cpu = "nginx.clientCpuUsC16";
  add(
    {
      id: "node-cpu-vs-official",
      description:
        "lpkit on the Node transport: client CPU per invoke ≤ 0.35× the official client's (c16, nginx)",
      threshold: "≤ 0.35×",
      unit: "×",
      basis: `${cpu}: lpkit-node ÷ official per repetition`,
    },
    perRepetition(of(cpu, "lpkit-node"), of(cpu, "official"), ratio),
    (v) => v <= 0.35,
  );
  const emu = "emulator.throughputC16";
  const bare = BARE_TRANSPORTS.map((id) => of(emu, id));
  const fastestBare = bare.every((s) => s !== undefined)
    ? (bare[0] as number[]).map((_, i) => Math.max(...bare.map((s) => (s as number[])[i] as number)))
    : undefined;
  add(
    {
      id: "node-emulator-vs-bare",
      description: "lpkit on the Node transport against the emulator ≥ 0.9× the fastest bare transport (c16)",
      threshold: "≥ 0.90×",
      unit: "×",
      basis: `${emu}: lpkit-node ÷ max(raw-fetch, node-https, undici-pool) per repetition`,
    },
    perRepetition(of(emu, "lpkit-node"), fastestBare, ratio),
    (v) => v >= 0.9,
  );
  const own = ownCpuUs(figures).node;
  add(
    {
      id: "own-cpu",
      description: "lpkit's own CPU per warm invoke above its transport ≤ 40 µs (c16, nginx)",
      threshold: "≤ 40 µs",
      unit: "µs",
      basis: `${cpu}: lpkit-node − undici-pool per repetition`,
    },
    own.length === 0 ? null : median(own),
    (v) => v <= 40,
  );
  const p50 = "nginx.warmP50Ms";
  add(
    {
      id: "fetch-p50-vs-raw",
      description: "lpkit on fetch: warm p50 ≤ 1.10× raw fetch (nginx)",
      threshold: "≤ 1.10×",
      unit: "×",
      basis: `${p50}: lpkit ÷ raw-fetch per repetition`,
    },
    perRepetition(of(p50, "lpkit"), of(p50, "raw-fetch"), ratio),
    (v) => v <= 1.1,
  );
  add(
    {
      id: "fetch-c16-vs-raw",
      description: "lpkit on fetch: throughput at concurrency 16 ≥ 0.95× raw fetch (nginx)",
      threshold: "≥ 0.95×",
      unit: "×",
      basis: `${c16}: lpkit ÷ raw-fetch per repetition`,
    },
    perRepetition(of(c16, "lpkit"), of(c16, "raw-fetch"), ratio),
    (v) => v >= 0.95,
  );
  add(
    {
      id: "cold-vs-official",
      description: "lpkit cold start no slower than the official client's (emulator)",
      threshold: "≤ 1.00×",
      unit: "×",
      basis: "coldStartMs: lpkit ÷ official per run",
    },
    perRepetition(of("coldStartMs", "lpkit"), of("coldStartMs", "official"), ratio),
    (v) => v <= 1,
  );
  const tokens = [...(of("tokenRequests", "lpkit") ?? []), ...(of("tokenRequests", "lpkit-node") ?? [])];
  add(
    {
      id: "tokens",
      description:
        "exactly 1 token request per 1,000 concurrent cold invokes (both lpkit contenders, every repetition)",
      threshold: "= 1",
      unit: "requests",
      basis: "tokenRequests: lpkit and lpkit-node, worst repetition",
    },
    tokens.length === 0 ? null : Math.max(...tokens),
    () => tokens.every((n) => n === 1),
  );
  const heap = [...(of("heapGrowthMb", "lpkit") ?? []), ...(of("heapGrowthMb", "lpkit-node") ?? [])];
  add(
    {
      id: "heap",
      description: "lpkit heap growth under 5 MB per 100,000 invokes (both lpkit contenders, worst run)",
      threshold: "< 5 MB",
      unit: "MB",
      basis:
        heapInvokes === 100_000
          ? "heapGrowthMb: lpkit and lpkit-node, worst run"
          : `heapGrowthMb: lpkit and lpkit-node, worst run, measured over ${heapInvokes.toLocaleString("en-US")} invokes and scaled linearly to 100,000 (growth that levels off is overstated)`,
    },
    heap.length === 0 ? null : (Math.max(...heap) * 100_000) / heapInvokes,
    (v) => v < 5,
  );
  add(
    {
      id: "size",
      description:
        "lpkit's shipped size (the default path, on fetch) at most one fifth of the official client's",
      threshold: "≤ 0.20×",
      unit: "×",
      basis: "shippedSizeKb: lpkit ÷ official",
    },
    perRepetition(of("shippedSizeKb", "lpkit"), of("shippedSizeKb", "official"), ratio),
    (v) => v <= 0.2,
  );
  return targets;
}
