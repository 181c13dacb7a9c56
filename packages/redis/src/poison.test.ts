// Poisoned and unparsable entries on a real redis-server: each is deleted and replaced, never served.

import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisConnection } from "./connection.js";
import { PLAIN_CODEC } from "./encryption.js";
import { createEntries, type PoisonReason } from "./entries.js";
import { closeAllClients, NODE_REDIS, ROOMY_MS, token, tokenKey } from "./test-support/clients.js";
import { createRedisTokenStore, type RedisTokenStoreOptions } from "./token-store.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  closeAllClients();
  await server.stop();
});

const HOUR = 3_600_000;
const keyA = crypto.getRandomValues(new Uint8Array(32));
const keyB = crypto.getRandomValues(new Uint8Array(32));

async function open(options: Partial<RedisTokenStoreOptions> = {}) {
  const { client } = await NODE_REDIS.connect(server);
  const warnings: { message: string; fields: Record<string, unknown> | undefined }[] = [];
  const store = createRedisTokenStore({
    redis: client,
    commandTimeoutMs: ROOMY_MS,
    logger: { warn: (message, fields) => warnings.push({ message, fields }) },
    ...options,
  });
  return { store, warnings };
}

/** Expects `key` to hold poison: a miss, the key gone, one warning with the reason, then healed by a write. */
async function expectHealed(
  key: string,
  reason: PoisonReason,
  options: Partial<RedisTokenStoreOptions> = {},
) {
  const { store, warnings } = await open(options);
  expect(await store.get(key)).toBeUndefined();
  expect(await server.admin("EXISTS", key)).toBe(":0");
  expect(warnings).toEqual([
    { message: "@lpkit/redis: deleted an unreadable entry instead of using it", fields: { key, reason } },
  ]);
  const fresh = token(Date.now() + HOUR);
  expect(await store.setIfLonger(key, fresh, HOUR)).toBe(true);
  expect((await store.get(key))?.accessToken).toBe(fresh.accessToken);
}

describe("poisoned entries", () => {
  it("garbage under the key", async () => {
    const key = tokenKey();
    await server.admin("SET", key, "garbage", "PX", "600000");
    await expectHealed(key, "malformed");
  });

  it("a hash under the key (WRONGTYPE for GET)", async () => {
    const key = tokenKey();
    await server.admin("HSET", key, "f", "v");
    await expectHealed(key, "not-a-string");
  });

  it("a value over maxValueBytes (1 MB)", async () => {
    const key = tokenKey();
    await server.admin("SET", key, `t1.9999999999999.p.${"x".repeat(1_048_576)}`, "PX", "600000");
    await expectHealed(key, "oversized");
  });

  it("the right layout around a body that is not a token", async () => {
    const key = tokenKey();
    const exp = Date.now() + HOUR;
    await server.admin("SET", key, `t1.${exp}.p.{"not":"a token"}`, "PX", "600000");
    await expectHealed(key, "invalid-content");
  });

  it("a token whose layout expiry disagrees with the token's own", async () => {
    const key = tokenKey();
    const t = token(Date.now() + HOUR);
    const body = JSON.stringify([1, t.accessToken, "Bearer", t.expiresAt, t.issuedAt]);
    await server.admin("SET", key, `t1.${t.expiresAt + 86_400_000}.p.${body}`, "PX", "600000");
    await expectHealed(key, "invalid-content");
  });

  it("another record type (a back-off record) under a token key", async () => {
    const key = tokenKey();
    await server.admin("SET", key, `b1.${Date.now() + HOUR}.p.{"f":1}`, "PX", "600000");
    await expectHealed(key, "malformed");
  });

  it("an entry encrypted with a key id this store does not know", async () => {
    const key = tokenKey();
    const { store: writer } = await open({ encryption: { keys: [{ id: "b", key: keyB }] } });
    await writer.set(key, token(Date.now() + HOUR), HOUR);
    await expectHealed(key, "unknown-key", { encryption: { keys: [{ id: "a", key: keyA }] } });
  });

  it("a tampered ciphertext under a known key id", async () => {
    const key = tokenKey();
    const { store: writer } = await open({ encryption: { keys: [{ id: "a", key: keyA }] } });
    await writer.set(key, token(Date.now() + HOUR), HOUR);
    const raw = (await server.admin("GET", key)).split("\r\n")[1]!;
    const flipped = `${raw.slice(0, -3)}${raw.at(-3) === "A" ? "B" : "A"}${raw.slice(-2)}`;
    await server.admin("SET", key, flipped, "PX", "600000");
    await expectHealed(key, "undecryptable", { encryption: { keys: [{ id: "a", key: keyA }] } });
  });

  it("a plain-text entry when this store requires encryption (a foreign writer)", async () => {
    const key = tokenKey();
    const { store: plain } = await open();
    await plain.set(key, token(Date.now() + HOUR), HOUR);
    await expectHealed(key, "plain-text-while-encrypted", { encryption: { keys: [{ id: "a", key: keyA }] } });
  });

  it("setIfLonger replaces poison with a later-looking expiry even before anyone reads it", async () => {
    const key = tokenKey();
    await server.admin("SET", key, "t1.9999999999999.p.garbage-without-ttl"); // no TTL: not ours
    const { store } = await open();
    const fresh = token(Date.now() + HOUR);
    expect(await store.setIfLonger(key, fresh, HOUR)).toBe(true);
    await server.admin("SET", key, "t1.9999999999999.e.unknown.x.y", "PX", "600000"); // unknown key id
    const { store: encrypted } = await open({ encryption: { keys: [{ id: "a", key: keyA }] } });
    expect(await encrypted.setIfLonger(key, fresh, HOUR)).toBe(true);
    expect((await encrypted.get(key))?.accessToken).toBe(fresh.accessToken);
  });

  it("a poisoned back-off record is deleted, not obeyed", async () => {
    const key = tokenKey();
    await server.admin("SET", `${key}:backoff`, `b1.${Date.now() + HOUR}.p.{"f":"lots"}`, "PX", "600000");
    const { store, warnings } = await open();
    expect(await store.getBackoff(key)).toBeUndefined();
    expect(await server.admin("EXISTS", `${key}:backoff`)).toBe(":0");
    expect(warnings[0]?.fields).toEqual({ key: `${key}:backoff`, reason: "invalid-content" });
  });

  it("deleting poison never deletes a good entry written in between (compare-and-delete)", async () => {
    const key = tokenKey();
    const { client } = await NODE_REDIS.connect(server);
    const redis = createRedisConnection({ client, commandTimeoutMs: ROOMY_MS });
    const entries = createEntries({
      redis,
      tag: "t1",
      codec: PLAIN_CODEC,
      maxBytes: 16_384,
      logger: undefined,
    });
    await server.admin("SET", key, "garbage", "PX", "600000");
    // Reader 1 saw the garbage; before it deletes, another process writes a good token.
    const { store } = await open();
    await server.admin("DEL", key);
    const good = token(Date.now() + HOUR);
    await store.set(key, good, HOUR);
    await entries.discard(key, "garbage", "malformed");
    expect((await store.get(key))?.accessToken).toBe(good.accessToken);
  });
});
