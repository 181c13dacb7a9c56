/**
 * The machine-readable results (`bench/results.json`): every figure per contender as median with
 * min–max, ratios against raw fetch and against the official client, and the targets of issue 7.
 *
 * @module
 */
import type { MachineInfo } from "./machine.js";
import type { EmulatorStartTimes } from "./measure/emulator-start.js";
import type { BundleSize } from "./measure/size.js";
import type { Plan } from "./plan.js";
import type { HeapCheckpoint } from "./protocol.js";
import { type Spread, spread } from "./stats.js";
import { CONTENDER_IDS, CONTENDERS, type ContenderId } from "./workload.js";

/** Ids of the headline figures, in table order. */
export const FIGURE_IDS = [
  "coldStartMs",
  "warmP50Ms",
  "warmP99Ms",
  "throughputC1",
  "throughputC16",
  "throughputC64",
  "tokenRequests",
  "heapGrowthMb",
  "shippedSizeKb",
] as const;

/** One of {@link FIGURE_IDS}. */
export type FigureId = (typeof FIGURE_IDS)[number];

/** One figure for every contender. */
export interface Figure {
  id: string;
  title: string;
  unit: string;
  better: "lower" | "higher";
  /** How it was measured, in one sentence. */
  method: string;
  /** Repetitions behind each contender's spread. */
  repetitions: number;
  values: Record<ContenderId, Spread>;
  /** Median ÷ the reference's median; `null` when the reference's median is 0. */
  ratios: { vsRawFetch: Record<ContenderId, number | null>; vsOfficial: Record<ContenderId, number | null> };
}

/** One target of issue 7, judged on the medians. */
export interface Target {
  id: string;
  description: string;
  /** e.g. "≤ 1.10×". */
  threshold: string;
  /** The measured value the threshold applies to (a ratio or an absolute value). */
  actual: number | null;
  unit: string;
  met: boolean | null;
}

/** Everything a run measured. */
export interface BenchResults {
  schemaVersion: 1;
  mode: Plan["mode"];
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  machine: MachineInfo;
  setup: {
    emulator: string;
    transport: string;
    workload: string;
    plan: Plan;
  };
  contenders: { id: ContenderId; name: string; description: string }[];
  figures: Figure[];
  supplementary: Figure[];
  /** The emulator's own start time (fresh processes), not a figure of any contender. */
  emulatorStart: EmulatorStartTimes;
  targets: Target[];
  details: {
    heapCheckpoints: Record<ContenderId, HeapCheckpoint[][]>;
    bundles: Record<ContenderId, BundleSize>;
    bursts: Record<ContenderId, { ok: number; failed: number; firstError?: string | undefined }[]>;
  };
}

/** Raw measurements the results are built from. */
export interface Measurements {
  coldStart: Record<ContenderId, { wallMs: number; inProcessMs: number }[]>;
  p50Ms: Record<ContenderId, number[]>;
  p99Ms: Record<ContenderId, number[]>;
  throughput: Record<number, Record<ContenderId, number[]>>;
  clientCpuUsPerInvoke: Record<number, Record<ContenderId, number[]>>;
  emulatorCpuShare: Record<number, Record<ContenderId, number[]>>;
  bursts: Record<
    ContenderId,
    {
      ok: number;
      failed: number;
      firstError?: string | undefined;
      counters: { tokenRequests: number; domainLookups: number };
    }[]
  >;
  heap: Record<ContenderId, HeapCheckpoint[][]>;
  bundles: Record<ContenderId, BundleSize>;
  emulatorStart: EmulatorStartTimes;
}

type FigureSpec = Omit<Figure, "values" | "ratios" | "repetitions">;

function ratio(value: number, reference: number): number | null {
  return reference === 0 ? null : value / reference;
}

function figure(spec: FigureSpec, samples: Record<ContenderId, number[]>): Figure {
  const values = Object.fromEntries(CONTENDER_IDS.map((id) => [id, spread(samples[id])])) as Record<
    ContenderId,
    Spread
  >;
  const against = (reference: ContenderId) =>
    Object.fromEntries(
      CONTENDER_IDS.map((id) => [id, ratio(values[id].median, values[reference].median)]),
    ) as Record<ContenderId, number | null>;
  return {
    ...spec,
    repetitions: Math.min(...CONTENDER_IDS.map((id) => samples[id].length)),
    values,
    ratios: { vsRawFetch: against("raw-fetch"), vsOfficial: against("official") },
  };
}

function map<T>(source: Record<ContenderId, T>, fn: (value: T) => number[]): Record<ContenderId, number[]> {
  return Object.fromEntries(CONTENDER_IDS.map((id) => [id, fn(source[id])])) as Record<ContenderId, number[]>;
}

/** Heap growth of one run in MB (10^6 bytes): last checkpoint minus the one right after warm-up. */
function heapGrowthMb(checkpoints: HeapCheckpoint[]): number {
  const first = checkpoints[0];
  const last = checkpoints[checkpoints.length - 1];
  return first && last ? (last.heapUsed - first.heapUsed) / 1e6 : Number.NaN;
}

const count = (n: number) => n.toLocaleString("en-US");

/**
 * Builds the figures, ratios and targets from raw measurements.
 *
 * @example
 * ```ts
 * const results = buildResults(measurements, { plan, machine, startedAt, finishedAt, durationMs });
 * ```
 */
export function buildResults(
  m: Measurements,
  meta: { plan: Plan; machine: MachineInfo; startedAt: string; finishedAt: string; durationMs: number },
): BenchResults {
  const { plan } = meta;
  const at = (c: number) => m.throughput[c] as Record<ContenderId, number[]>;
  const figures: Figure[] = [
    figure(
      {
        id: "coldStartMs",
        title: "Cold start: process start → first successful invoke",
        unit: "ms",
        better: "lower",
        method: `wall time from spawning \`node <one-invoke program>\` to its success line (Domain API lookup + token + invoke), fresh process per run, ${plan.coldStartRuns} runs per contender, interleaved`,
      },
      map(m.coldStart, (runs) => runs.map((run) => run.wallMs)),
    ),
    figure(
      {
        id: "warmP50Ms",
        title: "Warm sequential invoke latency, p50",
        unit: "ms",
        better: "lower",
        method: `p50 of ${count(plan.latencyInvokes)} sequential invokes on a warmed-up client; ${plan.latencyRepetitions} repetitions, interleaved`,
      },
      m.p50Ms,
    ),
    figure(
      {
        id: "warmP99Ms",
        title: "Warm sequential invoke latency, p99",
        unit: "ms",
        better: "lower",
        method: `p99 of ${count(plan.latencyInvokes)} sequential invokes on a warmed-up client; ${plan.latencyRepetitions} repetitions, interleaved`,
      },
      m.p99Ms,
    ),
    ...plan.concurrencies.map((c) =>
      figure(
        {
          id: `throughputC${c}`,
          title: `Throughput at concurrency ${c}`,
          unit: "invokes/s",
          better: "higher",
          method: `closed loop: ${c} lane(s) invoking back to back for ${count(plan.throughputMs)} ms after a ${plan.throughputWarmupMs} ms warm-up; ${plan.throughputRepetitions} repetitions, interleaved`,
        },
        at(c),
      ),
    ),
    figure(
      {
        id: "tokenRequests",
        title: `Token requests caused by ${count(plan.burstInvokes)} concurrent invokes on a cold cache`,
        unit: "requests",
        better: "lower",
        method: `fresh process, new client, ${count(plan.burstInvokes)} invokes started at once; requests counted by the emulator's Sentinel token routes; ${plan.burstRepetitions} repetition(s)`,
      },
      map(m.bursts, (runs) => runs.map((run) => run.counters.tokenRequests)),
    ),
    figure(
      {
        id: "heapGrowthMb",
        title: `Heap growth over ${count(plan.heapInvokes)} invokes`,
        unit: "MB",
        better: "lower",
        method: `fresh \`--expose-gc\` process, ${count(plan.heapWarmupInvokes)} warm-up invokes, then ${count(plan.heapInvokes)} invokes at concurrency ${plan.heapConcurrency}; heapUsed after forced GC at the end minus after warm-up (MB = 10^6 bytes); ${plan.heapRepetitions} run(s) per contender, the contenders' processes in parallel (heap after a full GC is not a timing figure); the heap after GC at every ${count(plan.heapCheckpointEvery)} invokes is listed under "Heap trajectory"`,
      },
      map(m.heap, (runs) => runs.map(heapGrowthMb)),
    ),
    figure(
      {
        id: "shippedSizeKb",
        title: "Shipped size: one-invoke program, esbuild-bundled, minified + gzip",
        unit: "kB",
        better: "lower",
        method:
          "esbuild (platform node, ESM, minify, bundle everything) of the same program the cold start runs, gzip level 9 (kB = 1,000 bytes); deterministic, built once; each bundle then completed an invoke",
      },
      map(m.bundles, (bundle) => [bundle.gzipBytes / 1000]),
    ),
  ];
  const supplementary: Figure[] = [
    figure(
      {
        id: "coldStartInProcessMs",
        title: "Cold start measured inside the process (performance.now() at success)",
        unit: "ms",
        better: "lower",
        method:
          "the program's own clock (from Node's process start) when the invoke succeeded; excludes spawn overhead",
      },
      map(m.coldStart, (runs) => runs.map((run) => run.inProcessMs)),
    ),
    ...plan.concurrencies.map((c) =>
      figure(
        {
          id: `clientCpuUsPerInvokeC${c}`,
          title: `Client CPU time per invoke at concurrency ${c}`,
          unit: "µs",
          better: "lower",
          method: "user + system CPU of the client process during the throughput run ÷ invokes completed",
        },
        m.clientCpuUsPerInvoke[c] as Record<ContenderId, number[]>,
      ),
    ),
    ...plan.concurrencies.map((c) =>
      figure(
        {
          id: `emulatorCpuShareC${c}`,
          title: `Emulator CPU busy during the concurrency-${c} throughput run`,
          unit: "% of one core",
          better: "lower",
          method:
            "CPU time of the emulator process ÷ wall time of the run; near 100 % means the emulator, not the client, is the limit",
        },
        map(m.emulatorCpuShare[c] as Record<ContenderId, number[]>, (shares) => shares.map((s) => s * 100)),
      ),
    ),
    figure(
      {
        id: "burstDomainLookups",
        title: `Domain API requests caused by the ${count(plan.burstInvokes)} cold concurrent invokes`,
        unit: "requests",
        better: "lower",
        method: "counted by the emulator during the token-burst runs",
      },
      map(m.bursts, (runs) => runs.map((run) => run.counters.domainLookups)),
    ),
    figure(
      {
        id: "burstFailedInvokes",
        title: `Failed invokes among the ${count(plan.burstInvokes)} cold concurrent invokes`,
        unit: "invokes",
        better: "lower",
        method: "invokes that rejected (or answered a non-2xx status) during the token-burst runs",
      },
      map(m.bursts, (runs) => runs.map((run) => run.failed)),
    ),
    figure(
      {
        id: "bundleMinifiedKb",
        title: "Shipped size before gzip (minified bundle)",
        unit: "kB",
        better: "lower",
        method: "the bundle of the shipped-size figure, before gzip",
      },
      map(m.bundles, (bundle) => [bundle.minifiedBytes / 1000]),
    ),
  ];
  return {
    schemaVersion: 1,
    mode: plan.mode,
    startedAt: meta.startedAt,
    finishedAt: meta.finishedAt,
    durationMs: meta.durationMs,
    machine: meta.machine,
    setup: {
      emulator:
        "@lpkit/emulator in its own Node process (one of the two cores), demo configuration, TLS on port 443 and plain HTTP on port 80 of a random 127.x.y.z address",
      transport:
        "Domain API over plain HTTP (port 80) — LivePerson's own client hard-codes http:// for it; Sentinel and faasGW over HTTPS (port 443), the emulator's throwaway CA trusted via NODE_EXTRA_CA_CERTS; keep-alive as each client does by default",
      workload:
        "invoke the emulator's echo lambda of a Functions V1 account with {conversationId: 'bench', n: 1}; every contender checks the echoed payload",
      plan,
    },
    contenders: CONTENDER_IDS.map((id) => ({ id, ...CONTENDERS[id] })),
    figures,
    supplementary,
    emulatorStart: m.emulatorStart,
    targets: evaluateTargets(figures),
    details: {
      heapCheckpoints: m.heap,
      bundles: m.bundles,
      bursts: Object.fromEntries(
        CONTENDER_IDS.map((id) => [
          id,
          m.bursts[id].map(({ ok, failed, firstError }) => ({ ok, failed, firstError })),
        ]),
      ) as BenchResults["details"]["bursts"],
    },
  };
}

function find(figures: readonly Figure[], id: string): Figure | undefined {
  return figures.find((f) => f.id === id);
}

/**
 * The targets of issue 7, judged on the medians.
 *
 * @example
 * ```ts
 * evaluateTargets(results.figures).filter((target) => target.met === false);
 * ```
 */
export function evaluateTargets(figures: readonly Figure[]): Target[] {
  const targets: Target[] = [];
  const add = (
    id: string,
    description: string,
    threshold: string,
    unit: string,
    actual: number | null | undefined,
    met: (value: number) => boolean,
  ) => {
    const value = actual ?? null;
    targets.push({
      id,
      description,
      threshold,
      unit,
      actual: value,
      met: value === null ? null : met(value),
    });
  };
  const p50 = find(figures, "warmP50Ms");
  const c16 = find(figures, "throughputC16");
  const cold = find(figures, "coldStartMs");
  const tokens = find(figures, "tokenRequests");
  const heap = find(figures, "heapGrowthMb");
  const size = find(figures, "shippedSizeKb");
  add(
    "p50-vs-raw",
    "lpkit warm p50 within 1.10× raw fetch",
    "≤ 1.10×",
    "×",
    p50?.ratios.vsRawFetch.lpkit,
    (v) => v <= 1.1,
  );
  add(
    "c16-vs-raw",
    "lpkit throughput at concurrency 16 at least 0.9× raw fetch",
    "≥ 0.90×",
    "×",
    c16?.ratios.vsRawFetch.lpkit,
    (v) => v >= 0.9,
  );
  add(
    "c16-vs-official",
    "lpkit throughput at concurrency 16 at least 2× the official client's",
    "≥ 2.00×",
    "×",
    c16?.ratios.vsOfficial.lpkit,
    (v) => v >= 2,
  );
  add(
    "cold-vs-official",
    "lpkit cold start no slower than the official client's",
    "≤ 1.00×",
    "×",
    cold?.ratios.vsOfficial.lpkit,
    (v) => v <= 1,
  );
  add(
    "tokens",
    "exactly 1 token request for the concurrent cold invokes (every repetition)",
    "= 1",
    "requests",
    tokens ? tokens.values.lpkit.max : null,
    () => tokens?.values.lpkit.min === 1 && tokens.values.lpkit.max === 1,
  );
  add(
    "heap",
    "lpkit heap growth under 5 MB per 100,000 invokes (worst repetition)",
    "< 5 MB",
    "MB",
    heap?.values.lpkit.max,
    (v) => v < 5,
  );
  add(
    "size",
    "lpkit shipped size at most one fifth of the official client's",
    "≤ 0.20×",
    "×",
    size?.ratios.vsOfficial.lpkit,
    (v) => v <= 0.2,
  );
  return targets;
}

/**
 * Problems with a results object (empty when well formed): every figure has every contender with
 * finite numbers and the planned number of repetitions, ratios are present, and every bundle ran.
 *
 * @example
 * ```ts
 * expect(checkResults(results)).toEqual([]);
 * ```
 */
export function checkResults(results: BenchResults): string[] {
  const problems: string[] = [];
  const plan = results.setup?.plan;
  if (results.schemaVersion !== 1) {
    problems.push("schemaVersion is not 1");
  }
  if (!plan) {
    return [...problems, "setup.plan is missing"];
  }
  const expected: Record<string, number> = {
    coldStartMs: plan.coldStartRuns,
    warmP50Ms: plan.latencyRepetitions,
    warmP99Ms: plan.latencyRepetitions,
    tokenRequests: plan.burstRepetitions,
    heapGrowthMb: plan.heapRepetitions,
    shippedSizeKb: 1,
    ...Object.fromEntries(plan.concurrencies.map((c) => [`throughputC${c}`, plan.throughputRepetitions])),
  };
  const ids = results.figures.map((f) => f.id);
  for (const id of FIGURE_IDS) {
    if (!ids.includes(id)) {
      problems.push(`figure ${id} is missing`);
    }
  }
  for (const f of [...results.figures, ...results.supplementary]) {
    for (const id of CONTENDER_IDS) {
      const value = f.values[id];
      if (!value) {
        problems.push(`${f.id}: no value for ${id}`);
        continue;
      }
      const numbers = [value.median, value.min, value.max, ...value.samples];
      if (!numbers.every(Number.isFinite)) {
        problems.push(`${f.id}/${id}: non-finite number`);
      }
      if (!(value.min <= value.median && value.median <= value.max)) {
        problems.push(`${f.id}/${id}: min ≤ median ≤ max does not hold`);
      }
      const want = expected[f.id];
      if (want !== undefined && value.samples.length !== want) {
        problems.push(`${f.id}/${id}: ${value.samples.length} samples, expected ${want}`);
      }
      for (const [name, reference] of [
        ["vsRawFetch", "raw-fetch"],
        ["vsOfficial", "official"],
      ] as const) {
        const r = f.ratios[name][id];
        if (
          r === undefined ||
          (r === null && f.values[reference].median !== 0) ||
          (r !== null && !Number.isFinite(r))
        ) {
          problems.push(`${f.id}/${id}: bad ratio ${name}`);
        }
      }
    }
  }
  const start = results.emulatorStart;
  if (!start || start.runs !== plan.coldStartRuns) {
    problems.push(`emulatorStart: expected ${plan.coldStartRuns} runs`);
  } else {
    for (const name of ["importMs", "plainMs", "tlsMs"] as const) {
      const value = start[name];
      if (
        value?.samples.length !== start.runs ||
        ![value.median, value.min, value.max].every(Number.isFinite)
      ) {
        problems.push(`emulatorStart.${name}: not ${start.runs} finite samples`);
      }
    }
  }
  for (const id of CONTENDER_IDS) {
    if (results.details.bundles[id]?.ran !== true) {
      problems.push(`bundle of ${id} did not run`);
    }
  }
  if (results.targets.length !== 7) {
    problems.push(`expected 7 targets, got ${results.targets.length}`);
  }
  return problems;
}
