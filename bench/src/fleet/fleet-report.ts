/**
 * The fleet section of BENCHMARKS.md, and how a fleet-only run (`pnpm bench --only fleet`) puts it
 * into an existing report without touching the other figures.
 *
 * @module
 */
import type { FleetResults, FleetScenarioResult } from "./measure-fleet.js";

/** Markers around the fleet section, so a fleet-only run can replace it in place. */
export const FLEET_START = "<!-- fleet:start -->";
export const FLEET_END = "<!-- fleet:end -->";

const ms = (value: number) => (value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`);

function failures(result: FleetScenarioResult): string {
  const named = Object.entries(result.run.failures)
    .map(([name, count]) => `${count}× ${name}`)
    .join(", ");
  return named ? `${result.run.failed} (${named})` : String(result.run.failed);
}

function row(r: FleetScenarioResult): string {
  const tokens = r.run.distinctTokens === null ? "n/a" : String(r.run.distinctTokens);
  const waits = r.client === "official" ? "n/a" : `${r.run.waits} (worst ${ms(r.run.worstWaitMs)})`;
  const expired = r.client === "official" ? `${r.run.invokesRefused} refused` : String(r.run.expiredSent);
  return (
    `| ${r.title} | ${r.workers} | ${r.cold.tokenRequests} | ${r.run.tokenRequests} | ${r.run.expectedRotations} | ` +
    `${tokens} | ${r.cold.rateLimited + r.run.rateLimited} | ${failures(r)} / ${r.cold.failed} | ${expired} | ` +
    `${waits} | ${ms(r.run.worstCallMs)} | ${r.run.fallbacks} |`
  );
}

function phases(r: FleetScenarioResult): string {
  return r.phases.map((p) => `${p.from} → ${p.to}: ${p.tokenRequests}`).join("; ");
}

/**
 * The fleet section (between {@link FLEET_START} and {@link FLEET_END}).
 *
 * @example
 * ```ts
 * const markdown = renderFleetSection(await measureFleet(FULL_FLEET_PLAN, dir, log));
 * ```
 */
export function renderFleetSection(fleet: FleetResults): string {
  const first = fleet.scenarios[0];
  const quick =
    fleet.mode === "quick"
      ? ["", "> **Quick run**: a smoke test of the harness; do not read these numbers as results."]
      : [];
  const lines = [
    FLEET_START,
    "## Fleet: one token per rotation across N processes (issue 19)",
    ...quick,
    "",
    `N real \`node\` processes (workers), each with its own token manager, against one emulator (its own`,
    `process; tokens of ${first?.tokenTtlSec ?? "?"} s; Sentinel rate limit ${first?.tokensPerMinute ?? "none"} tokens per client per minute`,
    `in the comparison rows) and one Debian \`redis-server\`. All workers start, wait at a barrier, make`,
    `their first call at once (the cold start), then invoke every few hundred ms for the run. Token requests`,
    `are counted by the emulator. Produced by \`pnpm bench\` (\`pnpm bench --only fleet\` for this section alone).`,
    "",
    "| scenario | processes | cold-start token requests | token requests during the run | rotations in the run | distinct tokens sent | 429s | failed calls (run / cold) | expired tokens sent | waits > 100 ms with a valid token | slowest call | fell back to a local fetch |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...fleet.scenarios.map(row),
    "",
    "Token requests per phase of the fault scenarios (the fault starts before the soft window opens and ends",
    "before the token in hand expires):",
    "",
    ...fleet.scenarios
      .filter((r) => r.phases.length > 0 || r.skewNote)
      .map((r) => `- **${r.title}**: ${r.skewNote ?? phases(r)}.`),
    "",
    "Reading it: *rotations* = renewals the run calls for (one each half token lifetime, when lpkit's soft",
    "window opens; the official client is set to refresh at the same point). *Waits* are calls that took",
    "over 100 ms to get their token while the last token that process sent was still valid (on a machine",
    "at load 20–40 a few may be scheduling, not waiting). The official client's tokens are not visible to",
    "the harness: its expired column counts invokes the emulator refused with 401.",
    FLEET_END,
  ];
  return `${lines.join("\n")}\n`;
}

/**
 * Puts `section` into `report`: replaces an existing fleet section, or appends it.
 *
 * @example
 * ```ts
 * spliceFleetSection("# Benchmarks\n", "<!-- fleet:start -->\n…\n<!-- fleet:end -->\n");
 * ```
 */
export function spliceFleetSection(report: string, section: string): string {
  const start = report.indexOf(FLEET_START);
  const end = report.indexOf(FLEET_END);
  if (start >= 0 && end > start) {
    const after = report.slice(end + FLEET_END.length).replace(/^\n/, "");
    return `${report.slice(0, start)}${section}${after}`;
  }
  return `${report.replace(/\n*$/, "\n\n")}${section}`;
}
