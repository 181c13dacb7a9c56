// The token store against a real redis-server, through both client libraries.

import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisConnection } from "./connection.js";
import { closeAllClients, FLAVOURS, ROOMY_MS, token, tokenKey } from "./test-support/clients.js";
import { createRedisTokenStore } from "./token-store.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  closeAllClients();
  await server.stop();
});

const HOUR = 3_600_000;

describe.each(FLAVOURS)("token store on $name", (flavour) => {
  const open = async (options: Record<string, unknown> = {}) => {
    const { client } = await flavour.connect(server);
    return createRedisTokenStore({ redis: client, commandTimeoutMs: ROOMY_MS, ...options });
  };

  it("round-trips a token under the manager's own key, with a TTL tied to the token's expiry", async () => {
    const store = await open();
    const key = tokenKey();
    const t = token(Date.now() + HOUR);
    await store.set(key, t, HOUR);
    const back = await store.get(key);
    expect(back?.accessToken).toBe(t.accessToken);
    expect(back?.tokenType).toBe("Bearer");
    expect(back?.issuedAt).toBe(t.issuedAt);
    const pttl = Number((await server.admin("PTTL", key)).slice(1));
    expect(pttl).toBeGreaterThan(HOUR - 5_000 - 60_000); // expiry margin 5 s, wide slack for a slow box
    expect(pttl).toBeLessThanOrEqual(HOUR - 5_000);
    await store.delete(key);
    expect(await store.get(key)).toBeUndefined();
  });

  it("never replaces an entry that expires later, and replaces one that expires sooner", async () => {
    const store = await open();
    const key = tokenKey();
    const now = Date.now();
    const long = token(now + 2 * HOUR, "long");
    const short = token(now + HOUR, "short");
    const longer = token(now + 3 * HOUR, "longer");
    expect(await store.setIfLonger(key, long, 2 * HOUR)).toBe(true);
    expect(await store.setIfLonger(key, short, HOUR)).toBe(false);
    await store.set(key, short, HOUR); // plain set follows the same rule
    expect((await store.get(key))?.accessToken).toBe(long.accessToken);
    expect(await store.setIfLonger(key, long, 2 * HOUR)).toBe(false); // same expiry: kept
    expect(await store.setIfLonger(key, longer, 3 * HOUR)).toBe(true);
    expect((await store.get(key))?.accessToken).toBe(longer.accessToken);
  });

  it("keeps the longest of many concurrent writers", async () => {
    const stores = await Promise.all([open(), open(), open()]);
    const key = tokenKey();
    const now = Date.now();
    const tokens = Array.from({ length: 30 }, (_, i) =>
      token(now + HOUR + ((i * 7919) % 30) * 1_000, `w${i}`),
    );
    await Promise.all(tokens.map((t, i) => stores[i % 3]!.setIfLonger(key, t, t.expiresAt - now)));
    const best = tokens.reduce((a, b) => (b.expiresAt > a.expiresAt ? b : a));
    expect((await stores[0]!.get(key))?.accessToken).toBe(best.accessToken);
  });

  it("does not store a token that would leave Redis before it could be used", async () => {
    const store = await open();
    const key = tokenKey();
    expect(await store.setIfLonger(key, token(Date.now() + 3_000), 3_000)).toBe(false); // < 5 s margin
    expect(await server.admin("EXISTS", key)).toBe(":0");
  });

  it("getEntry returns the token as written with the server's PTTL; get clamps expiry to now + PTTL", async () => {
    let now = 1_900_000_000_000; // this process's clock is far ahead of the writer's
    const writer = await open();
    const reader = await open({ now: () => now });
    const key = tokenKey();
    const t = token(Date.now() + HOUR);
    await writer.set(key, t, HOUR);
    await server.admin("PEXPIRE", key, "60000"); // the server's view: one minute left
    const entry = await reader.getEntry(key);
    expect(entry?.token.expiresAt).toBe(t.expiresAt);
    expect(entry?.ttlMs).toBeGreaterThan(50_000);
    expect(entry?.ttlMs).toBeLessThanOrEqual(60_000);
    now = Date.now() - 10 * 60_000; // reader's clock ten minutes behind: the token looks valid for 70 min
    const clamped = await reader.get(key);
    expect(clamped?.expiresAt).toBeLessThanOrEqual(now + 60_000);
    expect(clamped?.accessToken).toBe(t.accessToken);
  });

  it("deleteIf removes the entry only while it holds the rejected token", async () => {
    const store = await open();
    const key = tokenKey();
    const a = token(Date.now() + HOUR, "a");
    const b = token(Date.now() + 2 * HOUR, "b");
    await store.set(key, a, HOUR);
    await store.set(key, b, 2 * HOUR); // another process refreshed meanwhile
    expect(await store.deleteIf(key, a.accessToken)).toBe(false);
    expect((await store.get(key))?.accessToken).toBe(b.accessToken);
    expect(await store.deleteIf(key, b.accessToken)).toBe(true);
    expect(await store.get(key)).toBeUndefined();
    expect(await store.deleteIf(key, b.accessToken)).toBe(false);
  });

  it("encrypts at rest: the value in Redis holds no token, and a store with the same key reads it", async () => {
    const key1 = crypto.getRandomValues(new Uint8Array(32));
    const encrypted = await open({ encryption: { keys: [{ id: "k1", key: key1 }] } });
    const sameKey = await open({ encryption: { keys: [{ id: "k1", key: key1 }] } });
    const key = tokenKey();
    const t = token(Date.now() + HOUR);
    await encrypted.set(key, t, HOUR);
    const raw = await server.admin("GET", key);
    expect(raw).toMatch(/^\$\d+\r\nt1\.\d+\.e\.k1\./);
    expect(raw).not.toContain(t.accessToken);
    expect(raw).not.toContain(t.accessToken.slice(-12));
    expect((await sameKey.get(key))?.accessToken).toBe(t.accessToken);
  });

  it("applies keyPrefix to the token, lease and back-off keys", async () => {
    const store = await open({ keyPrefix: "tenant-a:" });
    const key = tokenKey();
    await store.set(key, token(Date.now() + HOUR), HOUR);
    const lease = await store.lease(key, 5_000);
    await store.setBackoff(key, { failures: 1 }, 5_000);
    expect(
      await server.admin("EXISTS", `tenant-a:${key}`, `tenant-a:${key}:lease`, `tenant-a:${key}:backoff`),
    ).toBe(":3");
    await lease?.release();
  });

  it("shares a back-off record that never shortens and clears on success", async () => {
    const store = await open();
    const other = await open();
    const key = tokenKey();
    expect(await store.getBackoff(key)).toBeUndefined();
    await store.setBackoff(key, { failures: 2, status: 503, code: "ERR_TOKEN_REQUEST" }, 20_000);
    await other.setBackoff(key, { failures: 1 }, 1_000); // shorter: ignored
    const seen = await other.getBackoff(key);
    expect(seen?.backoff).toEqual({ failures: 2, status: 503, code: "ERR_TOKEN_REQUEST" });
    expect(seen?.ttlMs).toBeGreaterThan(10_000);
    await other.setBackoff(key, { failures: 3, status: 429 }, 40_000); // longer: replaces
    expect((await store.getBackoff(key))?.backoff).toEqual({ failures: 3, status: 429, code: undefined });
    await store.clearBackoff(key);
    expect(await other.getBackoff(key)).toBeUndefined();
  });

  it("refuses a back-off record that could carry free text, and bad arguments, before sending", async () => {
    const store = await open();
    const key = tokenKey();
    const before = store.redis.stats().sent;
    await expect(
      store.setBackoff(key, { failures: 1, code: "invalid client: secret=abc" }, 1_000),
    ).rejects.toThrow(/backoff.code/);
    await expect(store.setBackoff(key, { failures: -1 }, 1_000)).rejects.toThrow(/backoff.failures/);
    await expect(store.setBackoff(key, { failures: 1 }, 0)).rejects.toThrow(/ttlMs/);
    await expect(store.set(key, { accessToken: "" } as never, 1_000)).rejects.toThrow(/token/);
    await expect(store.get("has space")).rejects.toThrow(/key/);
    await expect(store.lease(key, 0)).rejects.toThrow(/ttlMs/);
    expect(store.redis.stats().sent).toBe(before);
  });

  it("shares one connection (and its breaker) between stores", async () => {
    const { client } = await flavour.connect(server);
    const redis = createRedisConnection({ client, commandTimeoutMs: ROOMY_MS });
    const a = createRedisTokenStore({ redis });
    const b = createRedisTokenStore({ redis, keyPrefix: "b:" });
    expect(a.redis).toBe(b.redis);
    expect(() => createRedisTokenStore({ redis, commandTimeoutMs: 5 })).toThrow(/on the connection/);
  });
});
