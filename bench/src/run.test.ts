import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QUICK_PLAN } from "./plan.js";
import { type BenchResults, checkResults, FIGURE_IDS } from "./results.js";
import { TARGET_IDS } from "./targets.js";
import { CONTENDER_IDS, CONTENDERS } from "./workload.js";

/**
 * `pnpm bench --quick`, end to end: the built CLI starts nginx and the emulator, runs every contender through
 * every figure and writes its two files into a temp dir. No performance threshold is asserted here;
 * only that the harness produced well-formed results for every contender and figure.
 */
const RUN = fileURLToPath(new URL("../dist/run.js", import.meta.url));
const COMMITTED = [
  fileURLToPath(new URL("../../BENCHMARKS.md", import.meta.url)),
  fileURLToPath(new URL("../results.json", import.meta.url)),
];

async function fingerprint(file: string): Promise<string | undefined> {
  return existsSync(file)
    ? createHash("sha256")
        .update(await readFile(file))
        .digest("hex")
    : undefined;
}

let outDir: string;
let results: BenchResults;
let report: string;
let stderr: string;
let before: (string | undefined)[];

beforeAll(async () => {
  if (!existsSync(RUN)) {
    throw new Error("bench/dist/run.js is missing: run `pnpm --filter @lpkit/bench build` first");
  }
  before = await Promise.all(COMMITTED.map(fingerprint));
  outDir = await mkdtemp(join(tmpdir(), "lpkit-bench-test-"));
  const run = await promisify(execFile)(process.execPath, [RUN, "--quick", "--out-dir", outDir], {
    env: { PATH: process.env.PATH ?? "" },
    // Only a guard against a hung harness: the quick run takes about a minute on a quiet machine.
    timeout: 900_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  stderr = run.stderr;
  results = JSON.parse(await readFile(join(outDir, "results.json"), "utf8")) as BenchResults;
  report = await readFile(join(outDir, "BENCHMARKS.md"), "utf8");
}, 960_000);

afterAll(async () => {
  if (outDir) {
    await rm(outDir, { recursive: true, force: true });
  }
});

describe("pnpm bench --quick", () => {
  it("produces well-formed results for every contender and every figure", () => {
    expect(checkResults(results)).toEqual([]);
    expect(results.mode).toBe("quick");
    expect(results.figures.map((f) => f.id)).toEqual([...FIGURE_IDS]);
    for (const figure of results.figures) {
      expect(Object.keys(figure.values).sort()).toEqual([...CONTENDER_IDS].sort());
      expect(Object.keys(figure.ratios.vsRawFetch).sort()).toEqual([...CONTENDER_IDS].sort());
      expect(Object.keys(figure.ratios.vsOfficial).sort()).toEqual([...CONTENDER_IDS].sort());
    }
    expect(results.targets.map((t) => t.id)).toEqual([...TARGET_IDS]);
  });

  it("measured against nginx and the emulator at c1, c16 and c64 (or says clearly that nginx was skipped)", () => {
    const ids = results.figures.map((f) => f.id);
    for (const c of [1, 16, 64]) {
      expect(ids).toContain(`emulator.throughputC${c}`);
      expect(ids).toContain(`emulator.clientCpuUsC${c}`);
    }
    if (results.setup.nginxSkipped) {
      expect(stderr).toContain("NGINX SKIPPED");
      expect(report).toContain("**nginx was skipped**");
    } else {
      for (const c of [1, 16, 64]) {
        expect(ids).toContain(`nginx.throughputC${c}`);
        expect(ids).toContain(`nginx.clientCpuUsC${c}`);
      }
      expect(report).toContain("## Against nginx: the client's own cost");
      expect(results.ownCpuUs.overNodeTransport?.samples).toHaveLength(QUICK_PLAN.throughputRepetitions);
    }
    // Every figure run against a server says how busy it was (heap after GC is not a timing figure).
    for (const f of results.figures.filter(
      (figure) => figure.target !== null && figure.id !== "heapGrowthMb",
    )) {
      for (const id of CONTENDER_IDS) {
        expect(Number.isFinite(f.serverCpuPercent?.[id]?.median), `${f.id}/${id}`).toBe(true);
      }
    }
  });

  it("counted the token requests through the emulator", () => {
    const tokens = results.figures.find((f) => f.id === "tokenRequests");
    // raw fetch and openapi-fetch fetch their one token by hand before the burst: the counting works.
    expect(tokens?.values["raw-fetch"].samples).toEqual([1]);
    expect(tokens?.values["openapi-fetch"].samples).toEqual([1]);
    for (const id of CONTENDER_IDS) {
      for (const burst of results.details.bursts[id]) {
        expect(burst.ok + burst.failed).toBe(QUICK_PLAN.burstInvokes);
      }
    }
  });

  it("measured the emulator's start time in fresh processes", () => {
    expect(results.emulatorStart.runs).toBe(QUICK_PLAN.coldStartRuns);
    for (const step of [results.emulatorStart.plainMs, results.emulatorStart.tlsMs]) {
      expect(step.samples).toHaveLength(QUICK_PLAN.coldStartRuns);
      expect(step.min).toBeGreaterThan(0);
    }
    expect(report).toContain("### The emulator itself");
  });

  it("bundled, measured and ran every one-invoke program", () => {
    for (const id of CONTENDER_IDS) {
      const bundle = results.details.bundles[id];
      expect(bundle.ran).toBe(true);
      expect(bundle.gzipBytes).toBeGreaterThan(0);
      expect(bundle.minifiedBytes).toBeGreaterThan(bundle.gzipBytes);
    }
  });

  it("recorded machine, Node version and the heap trajectory", () => {
    expect(results.machine.node).toBe(process.version);
    expect(results.machine.cores).toBeGreaterThan(0);
    expect(results.machine.loadAverageEnd).toHaveLength(3);
    for (const id of CONTENDER_IDS) {
      const [run] = results.details.heapCheckpoints[id];
      expect(run?.map((c) => c.invokes)).toEqual([0, 1_000, 2_000]);
    }
  });

  it("wrote BENCHMARKS.md with the tables, the ratios within repetitions and the load averages", () => {
    expect(report).toContain("**Quick run**");
    expect(report).toContain(`Node ${process.version}`);
    for (const heading of ["## Against the emulator", "## Cold start, tokens, heap, size", "## Targets"]) {
      expect(report).toContain(heading);
    }
    expect(report).toContain("Ratio against the official client, within each repetition");
    expect(report).toContain("Ratio against raw fetch (Node's global `fetch`), within each repetition");
    expect(report).toContain("after each phase: shipped size");
    expect(results.machine.loadAverageByPhase.map((p) => p.phase)).toContain(
      "warm figures against the emulator",
    );
    for (const figure of results.figures) {
      expect(report).toContain(figure.title);
    }
    for (const id of CONTENDER_IDS) {
      expect(report).toContain(CONTENDERS[id].name);
    }
    expect(stderr).toContain("wrote");
  });

  it("left the committed BENCHMARKS.md and bench/results.json alone", async () => {
    expect(await Promise.all(COMMITTED.map(fingerprint))).toEqual(before);
  });
});
