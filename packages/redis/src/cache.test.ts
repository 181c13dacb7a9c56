// The key/value cache on a real redis-server, through both client libraries.

import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisCache } from "./cache.js";
import { createRedisConnection } from "./connection.js";
import { closeAllClients, FLAVOURS, ROOMY_MS } from "./test-support/clients.js";
import { createRedisTokenStore } from "./token-store.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  closeAllClients();
  await server.stop();
});

let n = 0;
const unique = (label: string) => `${label}-${++n}`;

describe.each(FLAVOURS)("cache on $name", (flavour) => {
  const connect = async () =>
    createRedisConnection({ client: (await flavour.connect(server)).client, commandTimeoutMs: ROOMY_MS });

  it("stores a value with a TTL under lpkit:cache:1:<namespace>:<key> and reads it back with its PTTL", async () => {
    const cache = createRedisCache({ redis: await connect(), namespace: "domains" });
    const key = unique("acct 1/2"); // any text: it is URI-encoded in the Redis key
    const value = JSON.stringify({ sentinel: "va.sentinel.liveperson.net" });
    expect(await cache.set(key, value, 60_000)).toBe(true);
    const hit = await cache.get(key);
    expect(hit?.value).toBe(value);
    expect(hit?.ttlMs).toBeGreaterThan(30_000);
    expect(hit?.expiresAt).toBeGreaterThan(Date.now());
    expect(await server.admin("EXISTS", `lpkit:cache:1:domains:${encodeURIComponent(key)}`)).toBe(":1");
    expect(await cache.delete(key)).toBe(true);
    expect(await cache.get(key)).toBeUndefined();
  });

  it("replaces by default; with keepLonger it keeps an entry that expires later", async () => {
    const cache = createRedisCache({ redis: await connect(), namespace: "domains" });
    const key = unique("k");
    await cache.set(key, "first", 60_000);
    expect(await cache.set(key, "second", 1_000)).toBe(true);
    expect((await cache.get(key))?.value).toBe("second");
    await cache.set(key, "long", 60_000);
    expect(await cache.set(key, "short", 1_000, { keepLonger: true })).toBe(false);
    expect((await cache.get(key))?.value).toBe("long");
    expect(await cache.set(key, "longer", 120_000, { keepLonger: true })).toBe(true);
    expect((await cache.get(key))?.value).toBe("longer");
  });

  it("deletes with ifValue only while the entry holds that value", async () => {
    const cache = createRedisCache({ redis: await connect(), namespace: "domains" });
    const key = unique("k");
    await cache.set(key, "mine", 60_000);
    expect(await cache.delete(key, { ifValue: "theirs" })).toBe(false);
    expect(await cache.delete(key, { ifValue: "mine" })).toBe(true);
    expect(await cache.get(key)).toBeUndefined();
  });

  it("encrypts values (e.g. a ConsumerJWS) so the Redis value holds none of it", async () => {
    const key1 = crypto.getRandomValues(new Uint8Array(32));
    const jws = createRedisCache({
      redis: await connect(),
      namespace: "consumer-jws",
      encryption: { keys: [{ id: "k1", key: key1 }] },
    });
    const consumerJws = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjb25zdW1lci0x${unique("x")}.signature-part`;
    await jws.set("consumer-1", consumerJws, 60_000);
    const raw = await server.admin("GET", "lpkit:cache:1:consumer-jws:consumer-1");
    expect(raw).toContain("c1.");
    expect(raw).not.toContain("signature-part");
    expect((await jws.get("consumer-1"))?.value).toBe(consumerJws);
  });

  it("namespaces do not see each other's entries, nor the token store's", async () => {
    const redis = await connect();
    const a = createRedisCache({ redis, namespace: "a" });
    const b = createRedisCache({ redis, namespace: "b" });
    const key = unique("same");
    await a.set(key, "in a", 60_000);
    expect(await b.get(key)).toBeUndefined();
    const tokens = createRedisTokenStore({ redis });
    expect(await tokens.get(`lpkit:cache:1:a:${key}`)).toBeUndefined(); // a cache entry is not a token
  });

  it("validates namespace, key, value and TTL before sending", async () => {
    const redis = await connect();
    expect(() => createRedisCache({ redis, namespace: "Has Caps" })).toThrow(/namespace/);
    const cache = createRedisCache({ redis, namespace: "v" });
    const before = redis.stats().sent;
    await expect(cache.set("k", 42 as never, 1_000)).rejects.toThrow(/value/);
    await expect(cache.set("k", "v", 0)).rejects.toThrow(/ttlMs/);
    await expect(cache.set("k", "v", 1.5)).rejects.toThrow(/ttlMs/);
    await expect(cache.get("")).rejects.toThrow(/key/);
    await expect(cache.set("k", "x".repeat(70_000), 1_000)).rejects.toMatchObject({ code: "ERR_STORE" });
    expect(redis.stats().sent).toBe(before);
  });
});
