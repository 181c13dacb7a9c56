// A lease holder that is really killed (SIGKILL of a separate process, mid token request): the
// fleet's other processes take the lease over once it lapses and make exactly one more request.
// Real processes, the real emulator, a real redis-server; built files (`pnpm --filter @lpkit/bench test`
// compiles first). No timing is asserted.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type FleetEmulator,
  type FleetWorker,
  startFleet,
  startFleetEmulator,
  stopFleet,
} from "./fleet-host.js";

let workDir: string;
let redis: RedisServer;
let emulator: FleetEmulator;
const workers: FleetWorker[] = [];

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "lpkit-fleet-test-"));
  redis = await startRedisServer();
  emulator = await startFleetEmulator(workDir, { tokenTtlSec: 600 });
});

afterAll(async () => {
  await stopFleet(workers);
  await emulator?.stop();
  await redis?.stop();
  await rm(workDir, { recursive: true, force: true });
});

/** How many lease keys Redis holds. */
async function leases(): Promise<number> {
  const reply = await redis.admin("EVAL", "return #redis.call('KEYS', ARGV[1])", "0", "lpkit:token:*:lease");
  return Number(reply.slice(1));
}

describe("fleet: a lease holder killed mid-request", () => {
  it("the others take the lease over once it lapses: 1 more token request, every call succeeds", async () => {
    const settings = {
      client: "lpkit-redis" as const,
      redisUrl: redis.url,
      clockOffsetMs: 0,
      tokenTtlSec: 600,
    };
    const [holder] = await startFleet(emulator, 1, settings);
    if (!holder) {
      throw new Error("no holder");
    }
    workers.push(holder);
    // The holder's token request hangs at the emulator, so it holds the lease while it waits.
    await emulator.fault({ route: ["sentinel.token.v1", "sentinel.token.v2"], latencyMs: 600_000, times: 1 });
    await emulator.reset();
    holder.fire();
    const giveUp = Date.now() + 60_000; // hang guard
    while ((await leases()) === 0 || (await emulator.counters()).tokenRequests === 0) {
      if (Date.now() > giveUp) {
        throw new Error("the holder never took the lease");
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    holder.kill();

    const others = await startFleet(emulator, 3, settings);
    workers.push(...others);
    const colds = await Promise.all(others.map((worker) => worker.once()));
    expect(colds.map((c) => c.failure)).toEqual([undefined, undefined, undefined]);
    const counters = await emulator.counters();
    expect(counters.tokenRequests).toBe(2); // the dead holder's (never answered) + one take-over
    expect(counters.tokensIssued).toBe(1);
    expect(await leases()).toBe(0); // the new holder released its lease
  });
});
