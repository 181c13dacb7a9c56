/**
 * Renders BENCHMARKS.md from the results: machine and setup, the table (median with min–max), every
 * figure as a ratio against raw fetch and against the official client, the targets, and how each
 * figure is measured.
 *
 * @module
 */
import type { BenchResults, Figure } from "./results.js";
import type { Spread } from "./stats.js";
import { CONTENDER_IDS, CONTENDERS, type ContenderId } from "./workload.js";

/**
 * A number with as many decimals as its size deserves.
 *
 * @example
 * ```ts
 * formatNumber(1234.5); // "1,235"
 * formatNumber(1.234);  // "1.23"
 * formatNumber(1);      // "1"
 * ```
 */
export function formatNumber(value: number): string {
  const abs = Math.abs(value);
  const digits = abs >= 100 || Number.isInteger(value) ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function cell(value: Spread): string {
  if (value.min === value.max) {
    return formatNumber(value.median);
  }
  return `${formatNumber(value.median)} (${formatNumber(value.min)}–${formatNumber(value.max)})`;
}

/**
 * A ratio: two decimals, or two significant digits when tiny, or none when huge.
 *
 * @example
 * ```ts
 * formatRatio(1.234);  // "1.23×"
 * formatRatio(0.0048); // "0.0048×"
 * formatRatio(1000);   // "1,000×"
 * ```
 */
export function formatRatio(value: number | null): string {
  if (value === null) {
    return "n/a";
  }
  if (value >= 100) {
    return `${Math.round(value).toLocaleString("en-US")}×`;
  }
  return value !== 0 && value < 0.1 ? `${value.toPrecision(2)}×` : `${value.toFixed(2)}×`;
}

function header(first: string): string[] {
  const names = CONTENDER_IDS.map((id) => CONTENDERS[id].name);
  return [`| ${first} | ${names.join(" | ")} |`, `| --- | ${CONTENDER_IDS.map(() => "---:").join(" | ")} |`];
}

function label(f: Figure): string {
  return `${f.title} (${f.unit}, ${f.better} is better)`;
}

function valueTable(figures: readonly Figure[]): string[] {
  return [
    ...header("Figure — median (min–max)"),
    ...figures.map((f) => `| ${label(f)} | ${CONTENDER_IDS.map((id) => cell(f.values[id])).join(" | ")} |`),
  ];
}

function ratioTable(figures: readonly Figure[], which: "vsRawFetch" | "vsOfficial"): string[] {
  return [
    ...header("Figure — ratio of medians"),
    ...figures.map(
      (f) =>
        `| ${f.title} (${f.better} is better) | ${CONTENDER_IDS.map((id) => formatRatio(f.ratios[which][id])).join(" | ")} |`,
    ),
  ];
}

function versions(results: BenchResults): string {
  return Object.entries(results.machine.packages)
    .map(([name, version]) => `${name} ${version}`)
    .join(", ");
}

function figure(results: BenchResults, id: string): Figure | undefined {
  return results.figures.find((f) => f.id === id) ?? results.supplementary.find((f) => f.id === id);
}

function median(results: BenchResults, id: string, contender: ContenderId): number | undefined {
  return figure(results, id)?.values[contender].median;
}

function heapTrajectory(results: BenchResults): string[] {
  const runs = CONTENDER_IDS.map((id) => results.details.heapCheckpoints[id][0] ?? []);
  const marks = runs[0]?.map((checkpoint) => checkpoint.invokes) ?? [];
  return [
    "| heapUsed after GC (MB) at invokes | " +
      CONTENDER_IDS.map((id) => CONTENDERS[id].name).join(" | ") +
      " |",
    `| --- | ${CONTENDER_IDS.map(() => "---:").join(" | ")} |`,
    ...marks.map(
      (mark, i) =>
        `| ${mark.toLocaleString("en-US")} | ${runs.map((run) => (run[i] ? formatNumber(run[i].heapUsed / 1e6) : "n/a")).join(" | ")} |`,
    ),
  ];
}

/** Observations computed from this run's numbers (so they stay true when the numbers change). */
function observations(results: BenchResults): string[] {
  const lines: string[] = [];
  const name = (id: ContenderId) => CONTENDERS[id].name;
  const share16 = figure(results, "emulatorCpuShareC16");
  const cpu16 = figure(results, "clientCpuUsPerInvokeC16");
  const c16 = figure(results, "throughputC16");
  if (share16 && cpu16 && c16) {
    const clientShare = (id: ContenderId) => (cpu16.values[id].median * c16.values[id].median) / 1e4;
    const busiest = Math.max(...CONTENDER_IDS.map((id) => share16.values[id].median));
    const busiestClient = Math.max(...CONTENDER_IDS.map(clientShare));
    lines.push(
      `- At concurrency 16 the emulator process was busy ${CONTENDER_IDS.map((id) => `${formatNumber(share16.values[id].median)} %`).join(" / ")} of one core and the client process ${CONTENDER_IDS.map((id) => `${formatNumber(clientShare(id))} %`).join(" / ")} (${CONTENDER_IDS.map(name).join(" / ")}, medians). ${
        busiest >= 85
          ? "The emulator is close to saturation, so throughput differences between contenders are compressed."
          : busiestClient >= 85
            ? "The client process is the limit: throughput follows the client's CPU cost per invoke."
            : "Neither process saturates its core: the rest of the limit is waiting on the other process and sharing the two cores with everything else on the machine (see the load average), which is why the client CPU time per invoke — the figure least affected by that — is reported too."
      }`,
    );
  }
  if (cpu16) {
    const us = (id: ContenderId) => cpu16.values[id].median;
    lines.push(
      `- Client CPU per invoke at concurrency 16: ${CONTENDER_IDS.map((id) => `${name(id)} ${formatNumber(us(id))} µs`).join(", ")}. Of lpkit's ${formatNumber(us("lpkit"))} µs, ${formatNumber(us("raw-fetch"))} µs is what \`fetch\` itself costs (raw fetch) and ${formatNumber(us("lpkit") - us("raw-fetch"))} µs is lpkit's own layers on top (token manager, deadline, retry policy, bounded reading, validation); lpkit's invoke path calls \`fetch\` directly, while going through openapi-fetch costs ${formatNumber(us("openapi-fetch") - us("raw-fetch"))} µs (bare openapi-fetch − raw fetch).`,
    );
  }
  const lookups = figure(results, "burstDomainLookups");
  const tokens = figure(results, "tokenRequests");
  if (lookups && tokens) {
    lines.push(
      `- Cold burst: the official client sent ${formatNumber(tokens.values.official.median)} token requests and ${formatNumber(lookups.values.official.median)} Domain API requests (no single flight); lpkit ${formatNumber(tokens.values.lpkit.median)} and ${formatNumber(lookups.values.lpkit.median)}.`,
    );
  }
  const bundles = results.details.bundles;
  const top = (id: ContenderId) =>
    bundles[id].byPackage
      .slice(0, 4)
      .map((p) => `${p.name} ${formatNumber(p.bytes / 1000)} kB`)
      .join(", ");
  lines.push(`- Largest parts of the lpkit bundle (minified): ${top("lpkit")}.`);
  lines.push(`- Largest parts of the official client's bundle (minified): ${top("official")}.`);
  const inProcess = median(results, "coldStartInProcessMs", "lpkit");
  const wall = median(results, "coldStartMs", "lpkit");
  if (inProcess !== undefined && wall !== undefined) {
    lines.push(
      `- Of lpkit's ${formatNumber(wall)} ms cold start, ${formatNumber(inProcess)} ms pass inside the process (Node's own start, loading modules, three HTTP exchanges); the rest is spawning the process.`,
    );
  }
  return lines;
}

/**
 * The whole BENCHMARKS.md.
 *
 * @example
 * ```ts
 * await writeFile("BENCHMARKS.md", renderReport(results));
 * ```
 */
export function renderReport(results: BenchResults): string {
  const m = results.machine;
  const plan = results.setup.plan;
  const date = results.startedAt.slice(0, 10);
  const quick =
    results.mode === "quick"
      ? [
          "",
          "> **Quick run** (`pnpm bench --quick`): a smoke test of the harness with tiny repetitions. Do not read these numbers as results.",
        ]
      : [];
  const targetRows = results.targets.map((t) => {
    const actual =
      t.actual === null
        ? "n/a"
        : t.unit === "×"
          ? `${t.actual.toFixed(2)}×`
          : `${formatNumber(t.actual)} ${t.unit}`;
    return `| ${t.description} | ${t.threshold} | ${actual} | ${t.met === null ? "n/a" : t.met ? "met" : "**missed**"} |`;
  });
  const lines = [
    "# Benchmarks",
    "",
    `Generated by \`pnpm bench\` on ${date} (${results.mode} run, ${formatNumber(results.durationMs / 1000)} s). Do not edit by hand: run \`pnpm bench\` again; the same numbers are in [\`bench/results.json\`](bench/results.json).`,
    ...quick,
    "",
    "Four ways to invoke a LivePerson function, measured side by side in one run on one machine, against",
    "`@lpkit/emulator` on loopback:",
    "",
    ...CONTENDER_IDS.map((id) => `- **${CONTENDERS[id].name}** — ${CONTENDERS[id].description}`),
    "",
    "## Machine",
    "",
    `- ${m.cpuModel}, **${m.cores} cores**, ${m.memoryGb} GB RAM, ${m.os}`,
    `- Node ${m.node} (V8 ${m.v8}); ${versions(results)}`,
    `- Load average (1/5/15 min) at start ${m.loadAverageStart.join(" / ")}, at end ${m.loadAverageEnd.join(" / ")}`,
    "",
    `With ${m.cores} cores, the emulator runs in a process of its own and the measured client in another, so a`,
    "client's CPU time is its own; but the two compete with each other and with anything else running on the",
    "machine (the load average above shows how busy it was). Contenders are measured in interleaved repetitions",
    "with a rotating order so that drifts in the machine's load affect all of them alike, and every figure is",
    "reported as the median with the min–max over the repetitions.",
    "",
    "## Setup",
    "",
    `- Emulator: ${results.setup.emulator}.`,
    `- Transport: ${results.setup.transport}.`,
    `- Workload: ${results.setup.workload}.`,
    "- Every process that runs a contender preloads the same DNS guard: `adminlogin.liveperson.net` (hard-coded",
    "  in the official client) resolves to the emulator's address; every other name is refused. Nothing leaves",
    "  the machine.",
    "",
    "## Results",
    "",
    ...valueTable(results.figures),
    "",
    "### Ratio against raw fetch",
    "",
    ...ratioTable(results.figures, "vsRawFetch"),
    "",
    "### Ratio against the official client",
    "",
    ...ratioTable(results.figures, "vsOfficial"),
    "",
    "For throughput a ratio above 1 is better; for every other figure below 1 is better.",
    "",
    "## Targets",
    "",
    "| Target | Threshold | lpkit | |",
    "| --- | --- | ---: | --- |",
    ...targetRows,
    "",
    "## Supplementary figures",
    "",
    ...valueTable(results.supplementary),
    "",
    "### The emulator itself",
    "",
    `Start time of \`@lpkit/emulator\` in a fresh process (${results.emulatorStart.runs} runs; ms, median (min–max)). Only reported here: tests never assert how fast it starts.`,
    "",
    "| step | ms |",
    "| --- | ---: |",
    `| \`import("@lpkit/emulator")\` | ${cell(results.emulatorStart.importMs)} |`,
    `| start, plain HTTP, demo configuration | ${cell(results.emulatorStart.plainMs)} |`,
    `| start with TLS (generates a CA and a certificate) | ${cell(results.emulatorStart.tlsMs)} |`,
    "",
    "### Heap trajectory (first run)",
    "",
    ...heapTrajectory(results),
    "",
    "### Observations from this run",
    "",
    ...observations(results),
    "",
    "## How each figure is measured",
    "",
    ...[...results.figures, ...results.supplementary].map((f) => `- **${f.title}**: ${f.method}.`),
    "",
    "## Reproduce",
    "",
    "```sh",
    "pnpm bench            # full run (under 10 minutes); rewrites BENCHMARKS.md and bench/results.json",
    "pnpm bench --quick    # under a minute; writes to a temp dir (the test suite runs this)",
    "pnpm bench --cpu-prof /tmp/profiles   # also write V8 CPU profiles of the warm-figure workers",
    "```",
    "",
    `Plan of this run: ${plan.coldStartRuns} cold starts, ${plan.latencyRepetitions}×${plan.latencyInvokes} latency invokes, ${plan.throughputRepetitions}×${plan.throughputMs} ms per concurrency level, ${plan.burstRepetitions}×${plan.burstInvokes}-invoke bursts, ${plan.heapRepetitions}×${plan.heapInvokes} heap invokes per contender.`,
    "Binding the emulator to ports 80 and 443 (needed by the official client) requires root or `CAP_NET_BIND_SERVICE`.",
    "",
  ];
  return lines.join("\n");
}
