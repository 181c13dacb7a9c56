/**
 * Whether a results object is well formed: every figure for every contender, finite numbers, the
 * planned number of repetitions, ratios and server CPU where they belong, every bundle ran, every
 * target judged. Used by `pnpm bench` before it writes anything, and by the harness's tests.
 *
 * @module
 */
import type { Figure } from "./figures.js";
import { type BenchResults, FIGURE_IDS } from "./results.js";
import type { Spread } from "./stats.js";
import { TARGET_IDS } from "./targets.js";
import { CONTENDER_IDS } from "./workload.js";

function spreadProblems(name: string, value: Spread | undefined | null, want?: number): string[] {
  if (!value) {
    return [`${name}: missing`];
  }
  const problems: string[] = [];
  if (![value.median, value.min, value.max, ...value.samples].every(Number.isFinite)) {
    problems.push(`${name}: non-finite number`);
  }
  if (!(value.min <= value.median && value.median <= value.max)) {
    problems.push(`${name}: min ≤ median ≤ max does not hold`);
  }
  if (want !== undefined && value.samples.length !== want) {
    problems.push(`${name}: ${value.samples.length} samples, expected ${want}`);
  }
  return problems;
}

function figureProblems(f: Figure, want: number | undefined): string[] {
  const problems: string[] = [];
  for (const id of CONTENDER_IDS) {
    problems.push(...spreadProblems(`${f.id}/${id}`, f.values[id], want));
    for (const [name, reference] of [
      ["vsOfficial", "official"],
      ["vsRawFetch", "raw-fetch"],
    ] as const) {
      const r = f.ratios[name][id];
      const referenceIsZero = f.values[reference]?.samples.some((v) => v === 0) ?? false;
      if (r === undefined || (r === null && !referenceIsZero)) {
        problems.push(`${f.id}/${id}: bad ratio ${name}`);
      } else if (r !== null) {
        problems.push(...spreadProblems(`${f.id}/${id} ${name}`, r));
      }
    }
    // Every figure measured against a server says how busy that server was.
    if (f.target !== null && f.id !== "heapGrowthMb") {
      problems.push(...spreadProblems(`${f.id}/${id} server CPU`, f.serverCpuPercent?.[id]));
    }
  }
  return problems;
}

/**
 * Problems with a results object (empty when well formed).
 *
 * @example
 * ```ts
 * expect(checkResults(results)).toEqual([]);
 * ```
 */
export function checkResults(results: BenchResults): string[] {
  const problems: string[] = [];
  const plan = results.setup?.plan;
  if (results.schemaVersion !== 2) {
    problems.push("schemaVersion is not 2");
  }
  if (!plan) {
    return [...problems, "setup.plan is missing"];
  }
  const expected: Record<string, number> = {
    coldStartMs: plan.coldStartRuns,
    coldStartInProcessMs: plan.coldStartRuns,
    tokenRequests: plan.burstRepetitions,
    heapGrowthMb: plan.heapRepetitions,
    shippedSizeKb: 1,
  };
  for (const target of ["nginx", "emulator"] as const) {
    expected[`${target}.warmP50Ms`] = plan.latencyRepetitions;
    expected[`${target}.warmP99Ms`] = plan.latencyRepetitions;
    for (const c of plan.concurrencies[target]) {
      expected[`${target}.throughputC${c}`] = plan.throughputRepetitions;
      expected[`${target}.clientCpuUsC${c}`] = plan.throughputRepetitions;
    }
  }
  const ids = results.figures.map((f) => f.id);
  const nginxSkipped = typeof results.setup.nginxSkipped === "string";
  for (const id of FIGURE_IDS) {
    if (nginxSkipped && id.startsWith("nginx.")) {
      if (ids.includes(id)) {
        problems.push(`figure ${id} is present although nginx was skipped`);
      }
      continue;
    }
    if (!ids.includes(id)) {
      problems.push(`figure ${id} is missing`);
    }
  }
  for (const f of [...results.figures, ...results.supplementary]) {
    problems.push(...figureProblems(f, expected[f.id]));
  }
  const start = results.emulatorStart;
  if (!start || start.runs !== plan.coldStartRuns) {
    problems.push(`emulatorStart: expected ${plan.coldStartRuns} runs`);
  } else {
    for (const name of ["importMs", "plainMs", "tlsMs"] as const) {
      if (spreadProblems(name, start[name], start.runs).length > 0) {
        problems.push(`emulatorStart.${name}: not ${start.runs} finite samples`);
      }
    }
  }
  for (const id of CONTENDER_IDS) {
    if (results.details.bundles[id]?.ran !== true) {
      problems.push(`bundle of ${id} did not run`);
    }
  }
  const judged = results.targets.map((t) => t.id);
  if (judged.join() !== TARGET_IDS.join()) {
    problems.push(`expected the targets ${TARGET_IDS.join(", ")}, got ${judged.join(", ")}`);
  }
  for (const target of results.targets) {
    // Without nginx the targets judged on its figures cannot be judged; every other one must be.
    if (nginxSkipped && target.basis.startsWith("nginx.")) {
      if (target.actual !== null) {
        problems.push(`target ${target.id} was judged although nginx was skipped`);
      }
      continue;
    }
    if (target.actual === null || !Number.isFinite(target.actual) || target.met === null) {
      problems.push(`target ${target.id} was not judged`);
    }
  }
  for (const name of ["overNodeTransport", "overFetch"] as const) {
    const value = results.ownCpuUs?.[name];
    if (nginxSkipped) {
      if (value !== null) {
        problems.push(`ownCpuUs.${name} is set although nginx was skipped`);
      }
      continue;
    }
    problems.push(...spreadProblems(`ownCpuUs.${name}`, value, plan.throughputRepetitions));
  }
  return problems;
}
