/**
 * Runs the fleet scenarios: for each, a fresh emulator (its own rate-limit window), an empty Redis,
 * N workers held at a barrier; then every worker's cold call at once (the cold start), then the
 * steady run with the scenario's faults at their times. Token requests are counted by the emulator,
 * per phase (cold, run, and between fault events).
 *
 * @module
 */
import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { startFleet, startFleetEmulator, stopFleet } from "./fleet-host.js";
import { expectedRotations, type FleetAction, type FleetPlan, type FleetScenario } from "./fleet-plan.js";

/** The outcome of one scenario. */
export interface FleetScenarioResult {
  readonly id: string;
  readonly title: string;
  readonly client: FleetScenario["client"];
  readonly workers: number;
  readonly tokenTtlSec: number;
  readonly tokensPerMinute: number | null;
  readonly durationMs: number;
  readonly skewNote: string | null;
  readonly cold: {
    readonly tokenRequests: number;
    readonly rateLimited: number;
    readonly failed: number;
    readonly worstMs: number;
  };
  readonly run: {
    readonly tokenRequests: number;
    readonly rateLimited: number;
    /** Renewals due between the cold start and the end of the run (see `expectedRotations`). */
    readonly expectedRotations: number;
    /** Distinct tokens the lpkit workers sent (null for the official client: not observable). */
    readonly distinctTokens: number | null;
    readonly calls: number;
    readonly failed: number;
    readonly failures: Readonly<Record<string, number>>;
    readonly expiredSent: number;
    readonly invokesRefused: number;
    readonly waits: number;
    readonly worstWaitMs: number;
    readonly worstCallMs: number;
    readonly fallbacks: number;
  };
  /** Token requests between consecutive events (`from` → `to`, `to` = "end" after the last one). */
  readonly phases: readonly { readonly from: string; readonly to: string; readonly tokenRequests: number }[];
}

/** Every scenario of a plan. */
export interface FleetResults {
  readonly mode: FleetPlan["mode"];
  readonly scenarios: readonly FleetScenarioResult[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function act(action: FleetAction, redis: RedisServer, fault: (down: boolean) => Promise<void>) {
  switch (action) {
    case "sentinel-down":
      return fault(true);
    case "sentinel-up":
      return fault(false);
    case "redis-freeze":
      return redis.pause();
    case "redis-thaw":
      return redis.resume();
    case "redis-kill":
      return redis.kill();
    case "redis-restart":
      return redis.restart();
  }
}

async function runScenario(
  scenario: FleetScenario,
  redis: RedisServer,
  workDir: string,
  startParallel: number,
  log: (line: string) => void,
): Promise<FleetScenarioResult> {
  await redis.admin("FLUSHALL");
  const emulator = await startFleetEmulator(workDir, {
    tokenTtlSec: scenario.tokenTtlSec,
    tokensPerMinute: scenario.tokensPerMinute,
  });
  try {
    const fleet = await startFleet(
      emulator,
      scenario.workers,
      {
        client: scenario.client,
        redisUrl: redis.url,
        clockOffsetMs: 0,
        tokenTtlSec: scenario.tokenTtlSec,
      },
      { parallel: startParallel, configure: (i) => ({ clockOffsetMs: scenario.skewMs?.(i) ?? 0 }) },
    );
    try {
      log(`fleet ${scenario.id}: ${fleet.length} workers ready`);
      await emulator.reset();
      const coldStarted = performance.now();
      const colds = await Promise.all(fleet.map((worker) => worker.once()));
      const coldCounters = await emulator.counters();
      await emulator.reset();
      const phases: { from: string; to: string; tokenRequests: number }[] = [];
      let phaseStart = "start";
      const events = (async () => {
        const started = performance.now();
        for (const event of scenario.events) {
          await sleep(Math.max(0, event.atMs - (performance.now() - started)));
          const counters = await emulator.counters();
          phases.push({ from: phaseStart, to: event.action, tokenRequests: counters.tokenRequests });
          phaseStart = event.action;
          await act(event.action, redis, async (down) => {
            if (down) {
              await emulator.fault({ route: ["sentinel.token.v1", "sentinel.token.v2"], status: 503 });
            } else {
              await emulator.clearFaults();
            }
          });
        }
      })();
      const reports = await Promise.all(
        fleet.map((worker) => worker.run(scenario.durationMs, scenario.intervalMs)),
      );
      await events;
      const elapsedMs = performance.now() - coldStarted;
      const counters = await emulator.counters();
      phases.push({ from: phaseStart, to: "end", tokenRequests: counters.tokenRequests });
      // phases hold cumulative counts so far: turn them into per-phase counts
      const perPhase = phases.map((phase, i) => ({
        ...phase,
        tokenRequests: phase.tokenRequests - (i > 0 ? (phases[i - 1]?.tokenRequests ?? 0) : 0),
      }));
      const failures: Record<string, number> = {};
      for (const report of reports) {
        for (const [name, count] of Object.entries(report.failures)) {
          failures[name] = (failures[name] ?? 0) + count;
        }
      }
      const sum = (pick: (r: (typeof reports)[number]) => number) => reports.reduce((n, r) => n + pick(r), 0);
      const max = (pick: (r: (typeof reports)[number]) => number) => Math.max(0, ...reports.map(pick));
      const tokens = new Set(reports.flatMap((r) => r.tokens));
      const result: FleetScenarioResult = {
        id: scenario.id,
        title: scenario.title,
        client: scenario.client,
        workers: fleet.length,
        tokenTtlSec: scenario.tokenTtlSec,
        tokensPerMinute: scenario.tokensPerMinute ?? null,
        durationMs: scenario.durationMs,
        skewNote: scenario.skewNote ?? null,
        cold: {
          tokenRequests: coldCounters.tokenRequests,
          rateLimited: coldCounters.rateLimited,
          failed: colds.filter((c) => c.failure !== undefined).length,
          worstMs: Math.max(0, ...colds.map((c) => c.ms)),
        },
        run: {
          tokenRequests: counters.tokenRequests,
          rateLimited: counters.rateLimited,
          expectedRotations: expectedRotations(elapsedMs, scenario.tokenTtlSec),
          distinctTokens: scenario.client === "official" ? null : tokens.size,
          calls: sum((r) => r.calls),
          failed: sum((r) => r.failed),
          failures,
          expiredSent: sum((r) => r.expiredSent),
          invokesRefused: counters.invokesRefused,
          waits: sum((r) => r.waits),
          worstWaitMs: max((r) => r.worstWaitMs),
          worstCallMs: max((r) => r.worstMs),
          fallbacks: sum((r) => r.fallbacks),
        },
        phases: scenario.events.length > 0 ? perPhase : [],
      };
      log(
        `fleet ${scenario.id}: cold ${result.cold.tokenRequests} token requests; run ${result.run.tokenRequests} ` +
          `(${result.run.expectedRotations} rotations), ${result.run.failed}/${result.run.calls} failed, ` +
          `${result.run.waits} waits, ${result.run.expiredSent} expired sent`,
      );
      return result;
    } finally {
      await stopFleet(fleet);
    }
  } finally {
    await emulator.stop();
  }
}

/**
 * Runs every scenario of `plan` against one `redis-server` started here (and stopped at the end).
 *
 * @example
 * ```ts
 * const fleet = await measureFleet(QUICK_FLEET_PLAN, workDir, console.error);
 * console.log(fleet.scenarios[0]?.cold.tokenRequests);
 * ```
 */
export async function measureFleet(
  plan: FleetPlan,
  workDir: string,
  log: (line: string) => void,
): Promise<FleetResults> {
  const redis = await startRedisServer();
  try {
    const scenarios: FleetScenarioResult[] = [];
    for (const scenario of plan.scenarios) {
      scenarios.push(await runScenario(scenario, redis, workDir, plan.startParallel, log));
      redis.resume(); // a scenario that failed half-way must not leave the next one a frozen server
    }
    return { mode: plan.mode, scenarios };
  } finally {
    redis.resume();
    await redis.stop();
  }
}
