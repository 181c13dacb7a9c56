import { describe, expect, it } from "vitest";
import type { MachineInfo } from "./machine.js";
import type { BundleSize } from "./measure/size.js";
import { QUICK_PLAN } from "./plan.js";
import { formatNumber, formatRatio, renderReport } from "./report.js";
import { buildResults, checkResults, FIGURE_IDS, type Measurements } from "./results.js";
import { spread } from "./stats.js";
import { CONTENDER_IDS, CONTENDERS, type ContenderId } from "./workload.js";

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
  packages: { "@lpkit/auth": "0.1.0" },
};

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
      reps(plan.coldStartRuns, (rep) => ({ wallMs: 100 * (i + 1) + rep, inProcessMs: 90 * (i + 1) })),
    ),
    p50Ms: each((_, i) => reps(plan.latencyRepetitions, (rep) => (i + 1) * (1 + rep / 10))),
    p99Ms: each((_, i) => reps(plan.latencyRepetitions, () => (i + 1) * 5)),
    throughput: Object.fromEntries(
      plan.concurrencies.map((c) => [
        c,
        each((_, i) => reps(plan.throughputRepetitions, () => (c * 100) / (i + 1))),
      ]),
    ),
    clientCpuUsPerInvoke: Object.fromEntries(
      plan.concurrencies.map((c) => [
        c,
        each((_, i) => reps(plan.throughputRepetitions, () => 100 * (i + 1))),
      ]),
    ),
    emulatorCpuShare: Object.fromEntries(
      plan.concurrencies.map((c) => [c, each(() => reps(plan.throughputRepetitions, () => 0.5))]),
    ),
    bursts: each((id) =>
      reps(plan.burstRepetitions, () => ({
        ok: plan.burstInvokes,
        failed: 0,
        counters: {
          tokenRequests: id === "official" ? plan.burstInvokes : 1,
          domainLookups: id === "official" ? plan.burstInvokes : 1,
        },
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

  it("has every figure for every contender, with the planned repetitions", () => {
    expect(results.figures.map((f) => f.id)).toEqual([...FIGURE_IDS]);
    expect(checkResults(results)).toEqual([]);
    const cold = results.figures.find((f) => f.id === "coldStartMs");
    expect(cold?.values.lpkit.samples).toHaveLength(plan.coldStartRuns);
  });

  it("gives ratios of medians against raw fetch and against the official client", () => {
    const p50 = results.figures.find((f) => f.id === "warmP50Ms");
    const raw = p50?.values["raw-fetch"].median as number;
    expect(p50?.ratios.vsRawFetch["raw-fetch"]).toBe(1);
    expect(p50?.ratios.vsRawFetch.lpkit).toBeCloseTo((p50?.values.lpkit.median as number) / raw);
    expect(p50?.ratios.vsOfficial.official).toBe(1);
  });

  it("judges the targets on the medians", () => {
    const byId = Object.fromEntries(results.targets.map((t) => [t.id, t]));
    expect(results.targets).toHaveLength(7);
    expect(byId["p50-vs-raw"]?.met).toBe(false); // lpkit is 3× raw fetch in the synthetic data
    expect(byId["c16-vs-official"]?.actual).toBeCloseTo(4 / 3); // official is 4× slower, lpkit 3×
    expect(byId.tokens?.met).toBe(true);
    expect(byId.size?.actual).toBeCloseTo(0.15);
    expect(byId.size?.met).toBe(true);
    expect(byId.heap?.actual).toBeCloseTo(3);
  });

  it("reports a missing contender, bad numbers and bundles that did not run", () => {
    const broken = buildResults(measurements(), meta);
    const p99 = broken.figures.find((f) => f.id === "warmP99Ms");
    if (p99) {
      p99.values.lpkit = { median: Number.NaN, min: 1, max: 2, samples: [1] };
    }
    broken.details.bundles.official.ran = false;
    broken.figures = broken.figures.filter((f) => f.id !== "heapGrowthMb");
    broken.emulatorStart.tlsMs = { median: 1, min: 1, max: 1, samples: [1] };
    const problems = checkResults(broken);
    expect(problems).toContain(`emulatorStart.tlsMs: not ${plan.coldStartRuns} finite samples`);
    expect(problems).toContain("figure heapGrowthMb is missing");
    expect(problems).toContain("warmP99Ms/lpkit: non-finite number");
    expect(problems).toContain("bundle of official did not run");
  });
});

describe("renderReport", () => {
  const report = renderReport(buildResults(measurements(), meta));

  it("states machine, Node version and date", () => {
    expect(report).toContain("Test CPU, **2 cores**");
    expect(report).toContain("Node v20.20.2");
    expect(report).toContain("2026-01-02");
  });

  it("has the table, both ratio tables, the targets and every contender", () => {
    for (const heading of [
      "## Results",
      "### Ratio against raw fetch",
      "### Ratio against the official client",
      "## Targets",
    ]) {
      expect(report).toContain(heading);
    }
    for (const id of CONTENDER_IDS) {
      expect(report).toContain(CONTENDERS[id].name);
    }
    expect(report).toMatch(
      /\| Throughput at concurrency 16 \(invokes\/s, higher is better\) \| 1,600 \| 800 \| 533 \| 400 \|/,
    );
    expect(report).toContain("**missed**");
  });

  it("prints counts without decimals and small values with two", () => {
    expect(report).toMatch(
      /\| Token requests caused by 200 concurrent invokes on a cold cache \(requests, lower is better\) \| 1 \| 1 \| 1 \| 200 \|/,
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
