/**
 * The machine-readable results (`bench/results.json`): every figure per contender and target with
 * its per-repetition samples, ratios taken within each repetition, the servers' CPU share, and the
 * targets.
 *
 * @module
 */
import { type Figure, figure, mapContenders } from "./figures.js";
import type { MachineInfo } from "./machine.js";
import type { EmulatorStartTimes } from "./measure/emulator-start.js";
import type { BundleSize } from "./measure/size.js";
import type { WarmResults } from "./measure/warm.js";
import type { Plan } from "./plan.js";
import type { HeapCheckpoint } from "./protocol.js";
import { type Spread, spread } from "./stats.js";
import { evaluateTargets, ownCpuUs, type Target } from "./targets.js";
import { AGAINST, count, warmFigures } from "./warm-figures.js";
import { CONTENDER_IDS, CONTENDERS, type ContenderId, type TargetId } from "./workload.js";

export { checkResults } from "./check-results.js";
export type { Figure } from "./figures.js";
export type { Target } from "./targets.js";

/** Ids of the warm figures of one target, in table order. */
export function warmFigureIds(target: TargetId): string[] {
  return [
    `${target}.warmP50Ms`,
    `${target}.warmP99Ms`,
    `${target}.throughputC1`,
    `${target}.throughputC16`,
    `${target}.throughputC64`,
    `${target}.clientCpuUsC1`,
    `${target}.clientCpuUsC16`,
    `${target}.clientCpuUsC64`,
  ];
}

/** Ids of the figures that are not warm figures of one target. */
export const OTHER_FIGURE_IDS = ["coldStartMs", "tokenRequests", "heapGrowthMb", "shippedSizeKb"] as const;

/** Ids of the headline figures, in table order. */
export const FIGURE_IDS: readonly string[] = [
  ...warmFigureIds("nginx"),
  ...warmFigureIds("emulator"),
  ...OTHER_FIGURE_IDS,
];

/** Everything a run measured. */
export interface BenchResults {
  schemaVersion: 2;
  mode: Plan["mode"];
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  machine: MachineInfo;
  setup: {
    targets: Record<TargetId, string>;
    /** Why nginx was not measured (a quick run on a machine without it); absent when it was. */
    nginxSkipped?: string | undefined;
    transport: string;
    workload: string;
    plan: Plan;
  };
  contenders: { id: ContenderId; name: string; description: string }[];
  figures: Figure[];
  supplementary: Figure[];
  /** lpkit's own CPU per invoke above its transport at c16 against nginx, per repetition (µs). */
  ownCpuUs: { overNodeTransport: Spread | null; overFetch: Spread | null };
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
  coldStart: Record<ContenderId, { wallMs: number; inProcessMs: number; emulatorCpuShare: number }[]>;
  /** `nginx` is absent only when a quick run skipped it. */
  warm: { nginx?: WarmResults | undefined; emulator: WarmResults };
  /** The target the heap figure ran against (nginx; the emulator when nginx was skipped). */
  heapTarget: TargetId;
  bursts: Record<
    ContenderId,
    {
      ok: number;
      failed: number;
      firstError?: string | undefined;
      counters: { tokenRequests: number; domainLookups: number };
      emulatorCpuShare: number;
    }[]
  >;
  heap: Record<ContenderId, HeapCheckpoint[][]>;
  bundles: Record<ContenderId, BundleSize>;
  emulatorStart: EmulatorStartTimes;
  /** Why nginx was skipped (quick runs only), or `undefined`. */
  nginxSkipped?: string | undefined;
}

/** Heap growth of one run in MB (10^6 bytes): last checkpoint minus the one right after warm-up. */
function heapGrowthMb(checkpoints: HeapCheckpoint[]): number {
  const first = checkpoints[0];
  const last = checkpoints[checkpoints.length - 1];
  return first && last ? (last.heapUsed - first.heapUsed) / 1e6 : Number.NaN;
}

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
  const burstShare = mapContenders(m.bursts, (runs) => runs.map((run) => run.emulatorCpuShare));
  const coldShare = mapContenders(m.coldStart, (runs) => runs.map((run) => run.emulatorCpuShare));
  const all = [
    ...(m.warm.nginx ? warmFigures("nginx", m.warm.nginx, plan) : []),
    ...warmFigures("emulator", m.warm.emulator, plan),
  ];
  const other: Figure[] = [
    figure(
      {
        id: "coldStartMs",
        target: "emulator",
        title: "Cold start: process start → first successful invoke, against the emulator",
        unit: "ms",
        better: "lower",
        method: `wall time from spawning \`node <one-invoke program>\` to its success line (Domain API lookup + token + invoke), fresh process per run, ${plan.coldStartRuns} runs per contender, interleaved`,
      },
      mapContenders(m.coldStart, (runs) => runs.map((run) => run.wallMs)),
      coldShare,
    ),
    figure(
      {
        id: "tokenRequests",
        target: "emulator",
        title: `Token requests caused by ${count(plan.burstInvokes)} concurrent invokes on a cold cache`,
        unit: "requests",
        better: "lower",
        method: `fresh process, new client, ${count(plan.burstInvokes)} invokes started at once against the emulator; requests counted by its Sentinel token routes; ${plan.burstRepetitions} repetition(s)`,
      },
      mapContenders(m.bursts, (runs) => runs.map((run) => run.counters.tokenRequests)),
      burstShare,
    ),
    figure(
      {
        id: "heapGrowthMb",
        target: m.heapTarget,
        title: `Heap growth over ${count(plan.heapInvokes)} invokes`,
        unit: "MB",
        better: "lower",
        method: `fresh \`--expose-gc\` process ${AGAINST[m.heapTarget]}, ${count(plan.heapWarmupInvokes)} warm-up invokes, then ${count(plan.heapInvokes)} invokes at concurrency ${plan.heapConcurrency}; heapUsed after forced GC at the end minus after warm-up (MB = 10^6 bytes); ${plan.heapRepetitions} run(s) per contender, the contenders' processes in parallel (heap after a full GC is not a timing figure); the heap after GC at every ${count(plan.heapCheckpointEvery)} invokes is listed under "Heap trajectory"`,
      },
      mapContenders(m.heap, (runs) => runs.map(heapGrowthMb)),
    ),
    figure(
      {
        id: "shippedSizeKb",
        target: null,
        title: "Shipped size: one-invoke program, esbuild-bundled, minified + gzip",
        unit: "kB",
        better: "lower",
        method:
          "esbuild (platform node, ESM, minify, bundle everything) of the same program the cold start runs, gzip level 9 (kB = 1,000 bytes); deterministic, built once; each bundle then completed an invoke",
      },
      mapContenders(m.bundles, (bundle) => [bundle.gzipBytes / 1000]),
    ),
  ];
  const byId = new Map([...all, ...other].map((f) => [f.id, f]));
  const figures = FIGURE_IDS.map((id) => byId.get(id)).filter((f): f is Figure => f !== undefined);
  const supplementary: Figure[] = [
    ...all.filter((f) => !(FIGURE_IDS as readonly string[]).includes(f.id)),
    figure(
      {
        id: "coldStartInProcessMs",
        target: "emulator",
        title: "Cold start measured inside the process (performance.now() at success)",
        unit: "ms",
        better: "lower",
        method:
          "the program's own clock (from Node's process start) when the invoke succeeded; excludes spawn overhead",
      },
      mapContenders(m.coldStart, (runs) => runs.map((run) => run.inProcessMs)),
      coldShare,
    ),
    figure(
      {
        id: "burstDomainLookups",
        target: "emulator",
        title: `Domain API requests caused by the ${count(plan.burstInvokes)} cold concurrent invokes`,
        unit: "requests",
        better: "lower",
        method: "counted by the emulator during the token-burst runs",
      },
      mapContenders(m.bursts, (runs) => runs.map((run) => run.counters.domainLookups)),
      burstShare,
    ),
    figure(
      {
        id: "burstFailedInvokes",
        target: "emulator",
        title: `Failed invokes among the ${count(plan.burstInvokes)} cold concurrent invokes`,
        unit: "invokes",
        better: "lower",
        method: "invokes that rejected (or answered a non-2xx status) during the token-burst runs",
      },
      mapContenders(m.bursts, (runs) => runs.map((run) => run.failed)),
      burstShare,
    ),
    figure(
      {
        id: "bundleMinifiedKb",
        target: null,
        title: "Shipped size before gzip (minified bundle)",
        unit: "kB",
        better: "lower",
        method: "the bundle of the shipped-size figure, before gzip",
      },
      mapContenders(m.bundles, (bundle) => [bundle.minifiedBytes / 1000]),
    ),
  ];
  const own = ownCpuUs(figures);
  return {
    schemaVersion: 2,
    mode: plan.mode,
    startedAt: meta.startedAt,
    finishedAt: meta.finishedAt,
    durationMs: meta.durationMs,
    machine: meta.machine,
    setup: {
      targets: {
        nginx:
          "Debian's nginx in one process of its own (master_process off) on a random 127.x.y.z address, ports 443 (TLS, throwaway certificate) and 80; it answers the Domain API lookup (the emulator's list with faasGW moved to nginx) and every invoke with fixed bodies; Sentinel stays the emulator's, so tokens are real",
        emulator:
          "@lpkit/emulator in its own Node process, demo configuration, TLS on port 443 and plain HTTP on port 80 of another random 127.x.y.z address",
      },
      transport:
        "Domain API over plain HTTP (port 80) — LivePerson's own client hard-codes http:// for it; Sentinel and faasGW over HTTPS (port 443), both throwaway CAs trusted via NODE_EXTRA_CA_CERTS; keep-alive as each client does by default",
      nginxSkipped: m.nginxSkipped,
      workload:
        "invoke the echo lambda of a Functions V1 account with {conversationId: 'bench', n: 1}; every contender checks the echoed payload",
      plan,
    },
    contenders: CONTENDER_IDS.map((id) => ({ id, ...CONTENDERS[id] })),
    figures,
    supplementary,
    ownCpuUs: {
      overNodeTransport: own.node.length > 0 ? spread(own.node) : null,
      overFetch: own.fetch.length > 0 ? spread(own.fetch) : null,
    },
    emulatorStart: m.emulatorStart,
    targets: evaluateTargets(figures, plan.heapInvokes),
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
