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
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type BenchArgs, parseBenchArgs, USAGE } from "./cli-args.js";
import { FULL_FLEET_PLAN, QUICK_FLEET_PLAN } from "./fleet/fleet-plan.js";
import { renderFleetSection, spliceFleetSection } from "./fleet/fleet-report.js";
import { type FleetResults, measureFleet } from "./fleet/measure-fleet.js";
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
  /** The fleet's figures. */
  fleet: string;
}

/**
 * The output files for the given options: the committed files for a full run without `--out-dir`, a
 * fresh temp dir for a quick run without it.
 *
 * @example
 * ```ts
 * await outputPaths({ quick: false, outDir: undefined, cpuProfileDir: undefined, only: undefined, help: false });
 * // { report: "<repo>/BENCHMARKS.md", results: "<repo>/bench/results.json", fleet: "<repo>/bench/fleet-results.json" }
 * ```
 */
export async function outputPaths(args: BenchArgs): Promise<OutputPaths> {
  if (args.outDir) {
    await mkdir(args.outDir, { recursive: true });
    return inDir(args.outDir);
  }
  if (args.quick) {
    return inDir(await mkdtemp(join(tmpdir(), "lpkit-bench-quick-")));
  }
  return {
    report: join(REPO_ROOT, "BENCHMARKS.md"),
    results: join(REPO_ROOT, "bench", "results.json"),
    fleet: join(REPO_ROOT, "bench", "fleet-results.json"),
  };
}

function inDir(dir: string): OutputPaths {
  return {
    report: join(dir, "BENCHMARKS.md"),
    results: join(dir, "results.json"),
    fleet: join(dir, "fleet-results.json"),
  };
}

/** What a run measured: the clients' figures and the fleet's, unless `--only` left one out. */
export interface BenchRun {
  results: BenchResults | undefined;
  fleet: FleetResults | undefined;
  paths: OutputPaths;
}

/**
 * Runs the benchmark and writes its outputs; resolves with the results. `--only fleet` keeps the
 * clients' part of an existing BENCHMARKS.md and replaces its fleet section.
 *
 * @example
 * ```ts
 * const { fleet } = await runBench({ quick: true, outDir: "/tmp/bench", cpuProfileDir: undefined, only: "fleet", help: false });
 * ```
 */
export async function runBench(args: BenchArgs): Promise<BenchRun> {
  const paths = await outputPaths(args);
  const started = performance.now();
  const log = (line: string) =>
    console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1)} s] ${line}`);
  let report: string | undefined;
  let results: BenchResults | undefined;
  if (args.only !== "fleet") {
    results = await runClients(args, log);
    report = renderReport(results);
    await writeFile(paths.results, `${JSON.stringify(results, null, 2)}\n`);
  }
  let fleet: FleetResults | undefined;
  if (args.only !== "clients") {
    const workDir = await mkdtemp(join(tmpdir(), "lpkit-bench-fleet-"));
    try {
      fleet = await measureFleet(args.quick ? QUICK_FLEET_PLAN : FULL_FLEET_PLAN, workDir, log);
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
    await writeFile(paths.fleet, `${JSON.stringify(fleet, null, 2)}\n`);
    report ??= existsSync(paths.report) ? await readFile(paths.report, "utf8") : "# Benchmarks\n";
    report = spliceFleetSection(report, renderFleetSection(fleet));
  }
  await writeFile(paths.report, report ?? "");
  log(`wrote ${paths.report}${results ? ` and ${paths.results}` : ""}${fleet ? ` and ${paths.fleet}` : ""}`);
  return { results, fleet, paths };
}

/**
 * Measures the four clients' figures (everything but the fleet).
 *
 * @example
 * ```ts
 * const results = await runClients(args, console.error);
 * ```
 */
async function runClients(args: BenchArgs, log: (line: string) => void): Promise<BenchResults> {
  const plan = args.quick ? QUICK_PLAN : FULL_PLAN;
  const started = performance.now();
  const startedAt = new Date().toISOString();
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
    return results;
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
  for (const target of results?.targets ?? []) {
    const verdict = target.met === null ? "n/a" : target.met ? "met" : "MISSED";
    console.error(
      `  ${verdict.padEnd(6)} ${target.description}: ${target.actual?.toFixed(2) ?? "n/a"} ${target.unit}`,
    );
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // Exit through process.exit on a signal, so the harnesses' exit hooks stop what they started
  // (redis-server, the emulator, the fleet's workers) instead of leaving orphans.
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => process.exit(130));
  }
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exitCode = 1;
  });
}
