// No secret — token, Redis password, encryption key — in any error, log line or printed object.
import { inspect } from "node:util";
import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisCache } from "./cache.js";
import { createRedisConnection } from "./connection.js";
import { closeAllClients, FLAVOURS, ROOMY_MS, token, tokenKey } from "./test-support/clients.js";
import { createRedisTokenStore } from "./token-store.js";

const PASSWORD = "redis-pa55word-7f3a";
let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer(["--requirepass", PASSWORD]);
});
afterAll(async () => {
  closeAllClients();
  await server.stop();
});

const everything = (value: unknown) =>
  [inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value) ?? "", String(value)].join("\n");

describe.each(FLAVOURS)("secrets on $name", (flavour) => {
  const url = () => server.url.replace("redis://", `redis://:${PASSWORD}@`);
  const key1 = crypto.getRandomValues(new Uint8Array(32));
  const keyHex = Buffer.from(key1).toString("hex");
  const keyB64 = Buffer.from(key1).toString("base64");

  it("stores, connections, caches and leases print counters and settings only", async () => {
    const { client } = await flavour.connect(
      server,
      flavour.name === "node-redis" ? { url: url() } : { password: PASSWORD },
    );
    const redis = createRedisConnection({ client, commandTimeoutMs: ROOMY_MS });
    const store = createRedisTokenStore({ redis, encryption: { keys: [{ id: "k1", key: key1 }] } });
    const cache = createRedisCache({
      redis,
      namespace: "jws",
      encryption: { keys: [{ id: "k1", key: key1 }] },
    });
    const key = tokenKey();
    const t = token(Date.now() + 3_600_000);
    await store.set(key, t, 3_600_000);
    await cache.set("c", t.accessToken, 60_000);
    const lease = await store.lease(key, 5_000);
    for (const printed of [store, redis, cache, lease, await store.get(key), await store.getEntry(key)].map(
      everything,
    )) {
      for (const secret of [PASSWORD, t.accessToken, keyHex, keyB64]) {
        expect(printed).not.toContain(secret);
      }
    }
    await lease?.release();
  });

  it("errors while Redis is frozen or answering errors carry no token and no raw cause", async () => {
    const { client } = await flavour.connect(
      server,
      flavour.name === "node-redis" ? { url: url() } : { password: PASSWORD },
    );
    const store = createRedisTokenStore({ redis: client, commandTimeoutMs: 200 });
    const key = tokenKey();
    const t = token(Date.now() + 3_600_000);
    const errors: unknown[] = [];
    server.pause();
    errors.push(await store.set(key, t, 3_600_000).catch((e: unknown) => e));
    errors.push(await store.deleteIf(key, t.accessToken).catch((e: unknown) => e));
    errors.push(await store.set(key, t, 3_600_000).catch((e: unknown) => e)); // breaker open now
    server.resume();
    for (const error of errors) {
      expect(error).toMatchObject({ code: "ERR_STORE" });
      expect((error as Error).cause).toBeUndefined();
      const printed = everything(error);
      expect(printed).not.toContain(t.accessToken);
      expect(printed).not.toContain(PASSWORD);
    }
  });

  it("log lines about deleted entries name the key and the reason only", async () => {
    const { client } = await flavour.connect(
      server,
      flavour.name === "node-redis" ? { url: url() } : { password: PASSWORD },
    );
    const lines: string[] = [];
    const store = createRedisTokenStore({
      redis: client,
      commandTimeoutMs: ROOMY_MS,
      logger: { warn: (message, fields) => lines.push(everything({ message, fields })) },
    });
    const key = tokenKey();
    const t = token(Date.now() + 3_600_000);
    const { client: raw } = await flavour.connect(
      server,
      flavour.name === "node-redis" ? { url: url() } : { password: PASSWORD },
    );
    const admin = createRedisConnection({ client: raw, commandTimeoutMs: ROOMY_MS });
    await admin.command("poison", ["SET", key, `t1.1.p.[1,"${t.accessToken}",`, "PX", "60000"]);
    expect(await store.get(key)).toBeUndefined();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("invalid-content");
    expect(lines[0]).not.toContain(t.accessToken);
  });
});
