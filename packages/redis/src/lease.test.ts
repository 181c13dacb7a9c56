// Leases on a real redis-server, through both client libraries.

import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAllClients, eventually, FLAVOURS, ROOMY_MS, tokenKey } from "./test-support/clients.js";
import { createRedisTokenStore } from "./token-store.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  closeAllClients();
  await server.stop();
});

const pttl = async (key: string) => Number((await server.admin("PTTL", key)).slice(1));

describe.each(FLAVOURS)("leases on $name", (flavour) => {
  const open = async () =>
    createRedisTokenStore({ redis: (await flavour.connect(server)).client, commandTimeoutMs: ROOMY_MS });

  it("of 20 concurrent contenders on 5 connections, exactly one wins", async () => {
    const stores = await Promise.all(Array.from({ length: 5 }, open));
    const key = tokenKey();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => stores[i % 5]!.lease(key, 10_000)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    await results.find(Boolean)?.release();
  });

  it("release frees the lease for the next contender; a second release says it had nothing", async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const key = tokenKey();
    const lease = await a.lease(key, 10_000);
    expect(lease).toBeDefined();
    expect(await b.lease(key, 10_000)).toBeUndefined();
    expect(await lease!.release()).toBe(true);
    expect(await lease!.release()).toBe(false);
    const next = await b.lease(key, 10_000);
    expect(next).toBeDefined();
    await next!.release();
  });

  it("extend lengthens only the holder's own lease", async () => {
    const store = await open();
    const key = tokenKey();
    const lease = await store.lease(key, 2_000);
    expect(await pttl(`${key}:lease`)).toBeLessThanOrEqual(2_000);
    expect(await lease!.extend(60_000)).toBe(true);
    expect(await pttl(`${key}:lease`)).toBeGreaterThan(30_000);
    await lease!.release();
    expect(await lease!.extend(60_000)).toBe(false);
    expect(await server.admin("EXISTS", `${key}:lease`)).toBe(":0");
  });

  it("a holder whose lease lapsed can neither release nor extend the next holder's lease", async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const key = tokenKey();
    const stale = await a.lease(key, 150);
    expect(stale).toBeDefined();
    await eventually(async () => (await server.admin("EXISTS", `${key}:lease`)) === ":0");
    const current = await b.lease(key, 60_000);
    expect(current).toBeDefined();
    expect(await stale!.release()).toBe(false);
    expect(await stale!.extend(60_000)).toBe(false);
    expect(await pttl(`${key}:lease`)).toBeGreaterThan(30_000);
    expect(await a.lease(key, 1_000)).toBeUndefined();
    await current!.release();
  });

  it("a holder that dies (its connection drops) costs one lease TTL, then a contender wins", async () => {
    const holder = await flavour.connect(server);
    const key = tokenKey();
    const dying = createRedisTokenStore({ redis: holder.client, commandTimeoutMs: ROOMY_MS });
    const waiter = await open();
    // A TTL no busy machine outlives between these lines; its end is then brought forward in
    // Redis, as the passing of time would (with a 500 ms lease, a slow connect let it lapse first).
    expect(await dying.lease(key, 60_000)).toBeDefined();
    holder.destroy();
    expect(await waiter.lease(key, 10_000)).toBeUndefined(); // still held right after the death
    expect(await server.admin("PEXPIRE", `${key}:lease`, "200")).toBe(":1");
    let won: Awaited<ReturnType<typeof waiter.lease>>;
    await eventually(async () => {
      won = await waiter.lease(key, 10_000);
      return won !== undefined;
    });
    expect(won).toBeDefined();
    await won!.release();
  });
});
