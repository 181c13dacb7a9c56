/**
 * What the fleet measurement runs: scenarios of N worker processes against one emulator (short-lived
 * tokens, Sentinel rate limit) and one real `redis-server`, with faults scheduled during the run.
 *
 * @module
 */
import type { FleetClient } from "./protocol.js";

/** Something the parent does to the fleet's surroundings at `atMs` after the run started. */
export type FleetAction =
  /** Sentinel answers 503 to every token request. */
  | "sentinel-down"
  | "sentinel-up"
  /** SIGSTOP / SIGCONT the redis-server. */
  | "redis-freeze"
  | "redis-thaw"
  /** SIGKILL the redis-server / start it again on the same port (empty). */
  | "redis-kill"
  | "redis-restart";

/** One scenario. */
export interface FleetScenario {
  readonly id: string;
  readonly title: string;
  readonly client: FleetClient;
  readonly workers: number;
  readonly tokenTtlSec: number;
  /** The emulator's Sentinel rate limit (tokens per client per minute); none when undefined. */
  readonly tokensPerMinute: number | undefined;
  /** The steady run after the cold start. */
  readonly durationMs: number;
  /** Each worker invokes every `intervalMs`. */
  readonly intervalMs: number;
  readonly events: readonly { readonly atMs: number; readonly action: FleetAction }[];
  /** Worker i's clock runs `skew(i)` ms ahead (negative: behind). */
  readonly skewMs?: ((index: number) => number) | undefined;
  /** Skew as written in the report. */
  readonly skewNote?: string | undefined;
}

/** A fleet plan: its scenarios and how many workers start at once. */
export interface FleetPlan {
  readonly mode: "full" | "quick";
  readonly startParallel: number;
  readonly scenarios: readonly FleetScenario[];
}

/**
 * The token renewals `durationMs` after a cold start call for: lpkit renews when a token's soft window opens,
 * half-way through its life for short-lived tokens (the official client is configured the same), so
 * one renewal every `tokenTtlSec / 2` seconds.
 *
 * @example
 * ```ts
 * expectedRotations(60_000, 20); // 6
 * ```
 */
export function expectedRotations(durationMs: number, tokenTtlSec: number): number {
  return Math.floor(durationMs / ((tokenTtlSec * 1000) / 2));
}

function comparison(workers: number, tokenTtlSec: number, durationMs: number, intervalMs: number) {
  const base = { workers, tokenTtlSec, tokensPerMinute: 2 * workers, durationMs, intervalMs, events: [] };
  return [
    { ...base, id: "redis", title: "lpkit + @lpkit/redis (shared)", client: "lpkit-redis" as const },
    {
      ...base,
      id: "memory",
      title: "lpkit, in-memory store (each process alone)",
      client: "lpkit-memory" as const,
    },
    {
      ...base,
      id: "official",
      title: "liveperson-functions-client@2.2.0 (each process alone)",
      client: "official" as const,
    },
  ];
}

function faults(workers: number, tokenTtlSec: number, intervalMs: number): FleetScenario[] {
  const ttl = tokenTtlSec * 1000;
  // The soft window opens at ttl/2: each fault starts shortly before and covers it, and ends
  // before the token in hand expires (ttl), so a fleet that keeps serving its token never fails.
  const from = Math.round(ttl * 0.4);
  const to = Math.round(ttl * 0.85);
  const base = { workers, tokenTtlSec, tokensPerMinute: undefined, durationMs: ttl * 1.5, intervalMs };
  const outage = [
    { atMs: from, action: "sentinel-down" as const },
    { atMs: to, action: "sentinel-up" as const },
  ];
  return [
    {
      ...base,
      id: "outage-redis",
      title: "Sentinel 503 over a rotation, shared",
      client: "lpkit-redis",
      events: outage,
    },
    {
      ...base,
      id: "outage-memory",
      title: "Sentinel 503 over a rotation, in-memory",
      client: "lpkit-memory",
      events: outage,
    },
    {
      ...base,
      id: "redis-frozen",
      title: "redis-server SIGSTOP over a rotation",
      client: "lpkit-redis",
      events: [
        { atMs: from, action: "redis-freeze" },
        { atMs: to, action: "redis-thaw" },
      ],
    },
    {
      ...base,
      id: "redis-killed",
      title: "redis-server SIGKILL over a rotation, then restarted",
      client: "lpkit-redis",
      events: [
        { atMs: from, action: "redis-kill" },
        { atMs: to, action: "redis-restart" },
      ],
    },
    {
      // ±10 min only means something for tokens that outlive it (a process 10 min ahead judges a
      // shorter token expired on arrival, as any client would): 30-minute tokens here.
      ...base,
      tokenTtlSec: 1800,
      id: "skew",
      title: "clocks ±10 min apart (30-min tokens)",
      client: "lpkit-redis",
      events: [],
      skewMs: (index) => [0, 600_000, -600_000][index % 3] ?? 0,
      skewNote: "a third of the workers +10 min, a third −10 min",
    },
  ];
}

/** The full run: 50 processes over ≥ 5 rotations of 20-second tokens; the faults with 20 processes. */
export const FULL_FLEET_PLAN: FleetPlan = {
  mode: "full",
  startParallel: 10,
  scenarios: [...comparison(50, 20, 60_000, 500), ...faults(20, 20, 500)],
};

/** The quick run: the comparison and two faults, 4 processes, 4-second tokens. */
export const QUICK_FLEET_PLAN: FleetPlan = {
  mode: "quick",
  startParallel: 4,
  scenarios: [
    ...comparison(4, 4, 4_000, 250),
    ...faults(4, 4, 250).filter((s) => s.id === "outage-redis" || s.id === "redis-frozen"),
  ],
};
