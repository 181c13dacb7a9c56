/**
 * The "Observations from this run" of BENCHMARKS.md, computed from the run's own numbers so they stay
 * true when the numbers change.
 *
 * @module
 */
import { formatNumber, formatRatio } from "./report-tables.js";
import type { BenchResults, Figure } from "./results.js";
import { BARE_TRANSPORTS, CONTENDER_IDS, CONTENDERS, type ContenderId } from "./workload.js";

function find(results: BenchResults, id: string): Figure | undefined {
  return results.figures.find((f) => f.id === id) ?? results.supplementary.find((f) => f.id === id);
}

const name = (id: ContenderId) => CONTENDERS[id].name;
const list = (ids: readonly ContenderId[], value: (id: ContenderId) => string) =>
  ids.map((id) => `${name(id)} ${value(id)}`).join(", ");

/** Who limited the throughput at c16 against `target`: the server, the client, or neither. */
function limits(results: BenchResults, target: "nginx" | "emulator"): string | undefined {
  const rps = find(results, `${target}.throughputC16`);
  const cpu = find(results, `${target}.clientCpuUsC16`);
  if (!rps || !cpu || !rps.serverCpuPercent) {
    return undefined;
  }
  const server = rps.serverCpuPercent;
  const client = (id: ContenderId) => (cpu.values[id].median * rps.values[id].median) / 1e4;
  const busiestServer = Math.max(...CONTENDER_IDS.map((id) => server[id].median));
  const verdict =
    busiestServer >= 85
      ? `The ${target} is close to saturation for some contenders: there, throughput differences are compressed and the client CPU per invoke is the figure to read.`
      : `The ${target} never saturated its core: throughput follows each client's CPU cost (and the two cores shared with everything else on the machine, see the load average).`;
  return `- At concurrency 16 against ${target === "nginx" ? "nginx" : "the emulator"} the server process was busy ${CONTENDER_IDS.map((id) => `${formatNumber(server[id].median)} %`).join(" / ")} of one core and the client process ${CONTENDER_IDS.map((id) => `${formatNumber(client(id))} %`).join(" / ")} (${CONTENDER_IDS.map(name).join(" / ")}, medians). ${verdict}`;
}

/**
 * The observation lines.
 *
 * @example
 * ```ts
 * lines.push(...observations(results));
 * ```
 */
export function observations(results: BenchResults): string[] {
  const lines: string[] = [];
  for (const target of ["nginx", "emulator"] as const) {
    const line = limits(results, target);
    if (line) {
      lines.push(line);
    }
  }
  const cpu = find(results, "nginx.clientCpuUsC16");
  const own = results.ownCpuUs;
  if (cpu && own.overNodeTransport && own.overFetch) {
    const us = (id: ContenderId) => `${formatNumber(cpu.values[id].median)} µs`;
    lines.push(
      `- Client CPU per invoke at concurrency 16 against nginx: ${list(CONTENDER_IDS, us)}. lpkit's own layers (resolver, token manager, deadline, retry policy, envelope, bounded reading, validation) cost ${formatNumber(own.overNodeTransport.median)} µs per invoke above bare undici on the Node transport and ${formatNumber(own.overFetch.median)} µs above raw fetch on the default path (per-repetition differences, medians). The transport sets the rest: bare ${list(BARE_TRANSPORTS, us)}.`,
    );
  }
  const c16 = find(results, "nginx.throughputC16");
  if (c16) {
    const vs = (id: ContenderId) => formatRatio(c16.ratios.vsOfficial[id]?.median ?? null);
    lines.push(
      `- Throughput at concurrency 16 against nginx, relative to the official client within each repetition: ${list(CONTENDER_IDS, vs)}.`,
    );
  }
  const lookups = find(results, "burstDomainLookups");
  const tokens = find(results, "tokenRequests");
  if (lookups && tokens) {
    const both = (id: ContenderId) =>
      `${formatNumber(tokens.values[id].median)} token / ${formatNumber(lookups.values[id].median)} Domain API requests`;
    lines.push(
      `- Cold burst (single flight): the official client sent ${both("official")}; lpkit ${both("lpkit")}; lpkit on the Node transport ${both("lpkit-node")}.`,
    );
  }
  const bundles = results.details.bundles;
  const top = (id: ContenderId) =>
    bundles[id].byPackage
      .slice(0, 4)
      .map((p) => `${p.name} ${formatNumber(p.bytes / 1000)} kB`)
      .join(", ");
  lines.push(`- Largest parts of the lpkit bundle (minified): ${top("lpkit")}.`);
  lines.push(`- Largest parts of the lpkit (Node transport) bundle (minified): ${top("lpkit-node")}.`);
  lines.push(`- Largest parts of the official client's bundle (minified): ${top("official")}.`);
  const inProcess = find(results, "coldStartInProcessMs")?.values.lpkit.median;
  const wall = find(results, "coldStartMs")?.values.lpkit.median;
  if (inProcess !== undefined && wall !== undefined) {
    lines.push(
      `- Of lpkit's ${formatNumber(wall)} ms cold start, ${formatNumber(inProcess)} ms pass inside the process (Node's own start, loading modules, three HTTP exchanges); the rest is spawning the process.`,
    );
  }
  return lines;
}
