#!/usr/bin/env node
/**
 * `pnpm bench`: starts nginx and the emulator, each in a process of its own, measures every contender
 * (bare transports, openapi-fetch, lpkit on fetch and on its Node transport, LivePerson's official
 * client) against both, and writes BENCHMARKS.md and results.json. `--quick` runs the same steps
 * small (about a minute) and writes to a temp dir; a quick run on a machine without nginx (and no way
 * to install it) measures against the emulator only and says so.
 *
 * @module
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchArgs, parseBenchArgs, USAGE } from "./cli-args.js";
import { describeMachine, loadAverage } from "./machine.js";
import { measureColdStarts } from "./measure/cold-start.js";
import { measureEmulatorStart } from "./measure/emulator-start.js";
import { measureHeapGrowth } from "./measure/heap.js";
import { measureShippedSize } from "./measure/size.js";
import { measureTokenBursts } from "./measure/tokens.js";
import { measureWarm } from "./measure/warm.js";
import { FULL_PLAN, QUICK_PLAN } from "./plan.js";
import { renderReport } from "./report.js";
import { type BenchResults, buildResults, checkResults } from "./results.js";
import { startServers } from "./servers.js";
import { CONTENDER_IDS } from "./workload.js";

/** Repository root (bench/dist/run.js → ../..). */
const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Where a run writes BENCHMARKS.md and results.json. */
export interface OutputPaths {
  report: string;
  results: string;
}

/**
 * The output files for the given options: the committed files for a full run without `--out-dir`, a
 * fresh temp dir for a quick run without it.
 *
 * @example
 * ```ts
 * await outputPaths({ quick: false, outDir: undefined, cpuProfileDir: undefined, help: false });
 * // { report: "<repo>/BENCHMARKS.md", results: "<repo>/bench/results.json" }
 * ```
 */
export async function outputPaths(args: BenchArgs): Promise<OutputPaths> {
  if (args.outDir) {
    await mkdir(args.outDir, { recursive: true });
    return { report: join(args.outDir, "BENCHMARKS.md"), results: join(args.outDir, "results.json") };
  }
  if (args.quick) {
    const dir = await mkdtemp(join(tmpdir(), "lpkit-bench-quick-"));
    return { report: join(dir, "BENCHMARKS.md"), results: join(dir, "results.json") };
  }
  return { report: join(REPO_ROOT, "BENCHMARKS.md"), results: join(REPO_ROOT, "bench", "results.json") };
}

/**
 * Runs the benchmark and writes its outputs; resolves with the results.
 *
 * @example
 * ```ts
 * const results = await runBench({ quick: true, outDir: "/tmp/bench", cpuProfileDir: undefined, help: false });
 * ```
 */
export async function runBench(args: BenchArgs): Promise<{ results: BenchResults; paths: OutputPaths }> {
  const plan = args.quick ? QUICK_PLAN : FULL_PLAN;
  const paths = await outputPaths(args);
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const log = (line: string) =>
    console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1)} s] ${line}`);
  const machine = describeMachine();
  const workDir = await mkdtemp(join(tmpdir(), "lpkit-bench-"));
  if (args.cpuProfileDir) {
    await mkdir(args.cpuProfileDir, { recursive: true });
  }
  const contenders = CONTENDER_IDS;
  /** Records the load average when a phase ends (the machine is shared: see BENCHMARKS.md). */
  const phaseDone = (phase: string) => {
    machine.loadAverageByPhase.push({ phase, loadAverage: loadAverage() });
  };
  const servers = await startServers(workDir, log, { nginxOptional: plan.mode === "quick" });
  log(
    `${plan.mode} run; emulator at ${servers.emulator.url}${servers.nginx ? `, nginx at https://${servers.nginx.ip}` : " (nginx skipped)"} (own processes); load average ${machine.loadAverageStart.join(" / ")}`,
  );
  try {
    const bundles = await measureShippedSize(contenders, servers.env.emulator, workDir);
    log("shipped size done");
    phaseDone("shipped size");
    const coldStart = await measureColdStarts(contenders, servers, plan.coldStartRuns, log);
    phaseDone("cold start");
    const emulatorStart = await measureEmulatorStart(servers.env.emulator, plan.coldStartRuns, log);
    phaseDone("emulator start");
    const profile = { log, cpuProfileDir: args.cpuProfileDir };
    const warmNginx = servers.nginx
      ? await measureWarm(contenders, "nginx", servers, plan, profile)
      : undefined;
    if (warmNginx) {
      phaseDone("warm figures against nginx");
    }
    const warmEmulator = await measureWarm(contenders, "emulator", servers, plan, profile);
    phaseDone("warm figures against the emulator");
    const bursts = await measureTokenBursts(
      contenders,
      servers,
      plan.burstRepetitions,
      plan.burstInvokes,
      log,
    );
    phaseDone("token bursts");
    const heap = await measureHeapGrowth(contenders, servers, plan, log);
    phaseDone("heap growth");
    machine.loadAverageEnd = loadAverage();
    const results = buildResults(
      {
        coldStart,
        warm: { nginx: warmNginx, emulator: warmEmulator },
        heapTarget: servers.nginx ? "nginx" : "emulator",
        bursts,
        heap,
        bundles,
        emulatorStart,
        nginxSkipped: servers.nginxSkipped,
      },
      {
        plan,
        machine,
        startedAt,
        finishedAt: new Date().toISOString(),
        durationMs: performance.now() - started,
      },
    );
    const problems = checkResults(results);
    if (problems.length > 0) {
      throw new Error(`the results are not well formed:\n- ${problems.join("\n- ")}`);
    }
    await writeFile(paths.results, `${JSON.stringify(results, null, 2)}\n`);
    await writeFile(paths.report, renderReport(results));
    log(`wrote ${paths.report} and ${paths.results}`);
    return { results, paths };
  } finally {
    await servers.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = parseBenchArgs(process.argv.slice(2));
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const { results } = await runBench(args);
  for (const target of results.targets) {
    const verdict = target.met === null ? "n/a" : target.met ? "met" : "MISSED";
    console.error(
      `  ${verdict.padEnd(6)} ${target.description}: ${target.actual?.toFixed(2) ?? "n/a"} ${target.unit}`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
