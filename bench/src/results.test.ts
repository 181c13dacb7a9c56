import { describe, expect, it } from "vitest";
import type { MachineInfo } from "./machine.js";
import type { BundleSize } from "./measure/size.js";
import type { WarmResults } from "./measure/warm.js";
import { QUICK_PLAN } from "./plan.js";
import { formatNumber, formatRatio, renderReport } from "./report.js";
import { buildResults, checkResults, FIGURE_IDS, type Measurements } from "./results.js";
import { spread } from "./stats.js";
import { TARGET_IDS } from "./targets.js";
import { CONTENDER_IDS, CONTENDERS, type ContenderId, type TargetId } from "./workload.js";

const plan = QUICK_PLAN;

function each<T>(make: (id: ContenderId, index: number) => T): Record<ContenderId, T> {
  return Object.fromEntries(CONTENDER_IDS.map((id, index) => [id, make(id, index)])) as Record<
    ContenderId,
    T
  >;
}

const machine: MachineInfo = {
  cpuModel: "Test CPU",
  cores: 2,
  memoryGb: 8,
  os: "Linux test",
  node: "v20.20.2",
  v8: "11",
  loadAverageStart: [0.1, 0.2, 0.3],
  loadAverageEnd: [0.4, 0.5, 0.6],
  loadAverageByPhase: [
    { phase: "cold start", loadAverage: [0.2, 0.3, 0.4] },
    { phase: "warm figures against nginx", loadAverage: [3, 2, 1] },
  ],
  packages: { "@lpkit/auth": "0.1.0" },
};

/** Synthetic warm results of one target: contender i is (i + 1)× slower than raw fetch. */
function warm(target: TargetId): WarmResults {
  const reps = <T>(n: number, value: (rep: number) => T): T[] =>
    Array.from({ length: n }, (_, rep) => value(rep));
  const byConcurrency = (value: (c: number, i: number) => number) =>
    Object.fromEntries(
      plan.concurrencies[target].map((c) => [
        c,
        each((_, i) => reps(plan.throughputRepetitions, () => value(c, i))),
      ]),
    );
  return {
    p50Ms: each((_, i) => reps(plan.latencyRepetitions, (rep) => (i + 1) * (1 + rep / 10))),
    p99Ms: each((_, i) => reps(plan.latencyRepetitions, () => (i + 1) * 5)),
    latencyServerCpuShare: each(() => reps(plan.latencyRepetitions, () => 0.25)),
    throughput: byConcurrency((c, i) => (c * 100) / (i + 1)),
    clientCpuUsPerInvoke: byConcurrency((_, i) => 100 * (i + 1)),
    serverCpuShare: byConcurrency(() => 0.5),
  };
}

/** Synthetic measurements: contender i is (i + 1)× slower than raw fetch, the official client sends N tokens. */
function measurements(): Measurements {
  const reps = <T>(n: number, value: (rep: number) => T): T[] =>
    Array.from({ length: n }, (_, rep) => value(rep));
  const bundle = (kb: number): BundleSize => ({
    minifiedBytes: kb * 3000,
    gzipBytes: kb * 1000,
    byPackage: [{ name: "(program)", bytes: kb * 3000 }],
    ran: true,
  });
  return {
    coldStart: each((_, i) =>
      reps(plan.coldStartRuns, (rep) => ({
        wallMs: 100 * (i + 1) + rep,
        inProcessMs: 90 * (i + 1),
        emulatorCpuShare: 0.3,
      })),
    ),
    warm: { nginx: warm("nginx"), emulator: warm("emulator") },
    heapTarget: "nginx",
    bursts: each((id) =>
      reps(plan.burstRepetitions, () => ({
        ok: plan.burstInvokes,
        failed: 0,
        counters: {
          tokenRequests: id === "official" ? plan.burstInvokes : 1,
          domainLookups: id === "official" ? plan.burstInvokes : 1,
        },
        emulatorCpuShare: 0.4,
      })),
    ),
    heap: each((_, i) =>
      reps(plan.heapRepetitions, () => [
        { invokes: 0, heapUsed: 10e6, rss: 50e6 },
        { invokes: plan.heapInvokes, heapUsed: 10e6 + (i + 1) * 1e6, rss: 50e6 },
      ]),
    ),
    bundles: each((id) => bundle(id === "official" ? 100 : id === "lpkit" ? 15 : 1)),
    emulatorStart: {
      runs: plan.coldStartRuns,
      importMs: spread(reps(plan.coldStartRuns, (rep) => 80 + rep)),
      plainMs: spread(reps(plan.coldStartRuns, (rep) => 20 + rep)),
      tlsMs: spread(reps(plan.coldStartRuns, (rep) => 300 + rep)),
    },
  };
}

const meta = {
  plan,
  machine,
  startedAt: "2026-01-02T03:04:05.000Z",
  finishedAt: "2026-01-02T03:05:05.000Z",
  durationMs: 60_000,
};

describe("buildResults", () => {
  const results = buildResults(measurements(), meta);
  const byId = (id: string) => results.figures.find((f) => f.id === id);

  it("has every figure for every contender and both targets, with the planned repetitions", () => {
    expect(results.figures.map((f) => f.id)).toEqual([...FIGURE_IDS]);
    expect(checkResults(results)).toEqual([]);
    expect(byId("coldStartMs")?.values.lpkit.samples).toHaveLength(plan.coldStartRuns);
    for (const target of ["nginx", "emulator"] as const) {
      for (const c of [1, 16, 64]) {
        expect(byId(`${target}.throughputC${c}`)?.values["lpkit-node"].samples).toHaveLength(
          plan.throughputRepetitions,
        );
        expect(byId(`${target}.clientCpuUsC${c}`)?.values["node-https"].median).toBe(200);
      }
    }
  });

  it("takes ratios within each repetition, against raw fetch and against the official client", () => {
    const p50 = byId("nginx.warmP50Ms");
    expect(p50?.ratios.vsRawFetch["raw-fetch"]?.median).toBe(1);
    // lpkit is 5× raw fetch in every repetition although both drift from repetition to repetition.
    expect(p50?.ratios.vsRawFetch.lpkit?.samples).toEqual([5, 5]);
    expect(p50?.ratios.vsOfficial.official?.median).toBe(1);
    expect(byId("nginx.throughputC16")?.ratios.vsOfficial["lpkit-node"]?.median).toBeCloseTo(7 / 6);
  });

  it("reports the server's CPU busy under every figure measured against a server", () => {
    expect(byId("nginx.throughputC16")?.serverCpuPercent?.lpkit.median).toBe(50);
    expect(byId("emulator.warmP50Ms")?.serverCpuPercent?.official.median).toBe(25);
    expect(byId("tokenRequests")?.serverCpuPercent?.lpkit.median).toBe(40);
    expect(byId("coldStartMs")?.serverCpuPercent?.lpkit.median).toBe(30);
    expect(byId("shippedSizeKb")?.serverCpuPercent).toBeUndefined();
  });

  it("judges the targets on per-repetition comparisons", () => {
    const target = Object.fromEntries(results.targets.map((t) => [t.id, t]));
    expect(results.targets.map((t) => t.id)).toEqual([...TARGET_IDS]);
    expect(target["node-c16-vs-official"]?.actual).toBeCloseTo(7 / 6);
    expect(target["node-c16-vs-official"]?.met).toBe(false);
    expect(target["node-c16-vs-bare"]?.actual).toBeCloseTo(3 / 6);
    expect(target["node-cpu-vs-official"]?.actual).toBeCloseTo(6 / 7);
    expect(target["own-cpu"]?.actual).toBe(300); // 600 µs − 300 µs
    expect(results.ownCpuUs.overFetch?.median).toBe(400); // 500 µs − 100 µs
    expect(target["fetch-p50-vs-raw"]?.met).toBe(false);
    expect(target.tokens?.met).toBe(true);
    expect(target.size?.actual).toBeCloseTo(0.15);
    expect(target.size?.met).toBe(true);
    // The worse of the two lpkit contenders, scaled from the plan's invokes to 100,000.
    expect(target.heap?.actual).toBeCloseTo((6 * 100_000) / plan.heapInvokes);
    expect(target.heap?.met).toBe(false);
  });

  it("reports a missing contender, bad numbers and bundles that did not run", () => {
    const broken = buildResults(measurements(), meta);
    const p99 = broken.figures.find((f) => f.id === "nginx.warmP99Ms");
    if (p99) {
      p99.values.lpkit = { median: Number.NaN, min: 1, max: 2, samples: [1] };
    }
    broken.details.bundles.official.ran = false;
    broken.figures = broken.figures.filter((f) => f.id !== "heapGrowthMb");
    broken.emulatorStart.tlsMs = { median: 1, min: 1, max: 1, samples: [1] };
    const problems = checkResults(broken);
    expect(problems).toContain(`emulatorStart.tlsMs: not ${plan.coldStartRuns} finite samples`);
    expect(problems).toContain("figure heapGrowthMb is missing");
    expect(problems).toContain("nginx.warmP99Ms/lpkit: non-finite number");
    expect(problems).toContain("bundle of official did not run");
  });

  it("accepts a quick run without nginx only when it says nginx was skipped", () => {
    const withoutNginx = { ...measurements(), heapTarget: "emulator" as const };
    withoutNginx.warm = { emulator: withoutNginx.warm.emulator };
    const skipped = buildResults({ ...withoutNginx, nginxSkipped: "nginx is not installed" }, meta);
    expect(checkResults(skipped)).toEqual([]);
    expect(skipped.figures.some((f) => f.id.startsWith("nginx."))).toBe(false);
    expect(skipped.targets.find((t) => t.id === "node-emulator-vs-bare")?.actual).not.toBeNull();
    const silent = buildResults(withoutNginx, meta);
    expect(checkResults(silent)).toContain("figure nginx.throughputC16 is missing");
    expect(renderReport(skipped)).toContain("**nginx was skipped** in this run (nginx is not installed)");
  });
});

describe("renderReport", () => {
  const report = renderReport(buildResults(measurements(), meta));

  it("states machine, Node version, date and the load average of every phase", () => {
    expect(report).toContain("Test CPU, **2 cores**");
    expect(report).toContain("Node v20.20.2");
    expect(report).toContain("2026-01-02");
    expect(report).toContain(
      "at start 0.1 / 0.2 / 0.3, at end 0.4 / 0.5 / 0.6; after each phase: cold start 0.2 / 0.3 / 0.4",
    );
    expect(report).toContain("The machine is shared");
    expect(report).toContain(
      "Load average (1/5/15 min) of the machine when these figures started: 0.2 / 0.3 / 0.4; when they ended: 3 / 2 / 1.",
    );
  });

  it("has a section per target with both ratio tables, the targets and every contender", () => {
    for (const heading of [
      "## Against nginx: the client's own cost",
      "## Against the emulator",
      "## Cold start, tokens, heap, size",
      "## Targets",
      "## lpkit's own cost above its transport",
    ]) {
      expect(report).toContain(heading);
    }
    expect(report.match(/Ratio against the official client, within each repetition/g)).toHaveLength(3);
    for (const id of CONTENDER_IDS) {
      expect(report).toContain(CONTENDERS[id].name);
    }
    expect(report).toContain(
      "| Throughput at concurrency 16, against nginx (invokes/s, higher is better) | 1,600 | 800 | 533 | 400 | 320 | 267 | 229 |",
    );
    expect(report).toContain(
      "| ↳ nginx CPU busy meanwhile (% of one core) | 50 | 50 | 50 | 50 | 50 | 50 | 50 |",
    );
    expect(report).toContain("| ↳ emulator CPU busy meanwhile (% of one core) |");
    expect(report).toContain("**missed**");
  });

  it("prints counts without decimals and small values with two", () => {
    expect(report).toContain(
      "| Token requests caused by 200 concurrent invokes on a cold cache (requests, lower is better) | 1 | 1 | 1 | 1 | 1 | 1 | 200 |",
    );
    expect(formatNumber(0.1534)).toBe("0.15");
    expect(formatNumber(12.345)).toBe("12.3");
    expect(formatNumber(1234.5)).toBe("1,235");
    expect(formatRatio(1.234)).toBe("1.23×");
    expect(formatRatio(0.0048)).toBe("0.0048×");
    expect(formatRatio(1000)).toBe("1,000×");
    expect(formatRatio(null)).toBe("n/a");
  });

  it("reports the emulator's start time as a figure of its own", () => {
    expect(report).toContain("### The emulator itself");
    expect(report).toMatch(/\| start with TLS \(generates a CA and a certificate\) \| 301 \(300–301\) \|/);
  });

  it("marks a quick run as not for reading", () => {
    expect(report).toContain("**Quick run**");
  });
});
