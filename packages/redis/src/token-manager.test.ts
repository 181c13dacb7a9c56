// @lpkit/auth's token manager, as it is today, on this store against a real redis-server and the
// emulator: tokens are shared, and a frozen, dead or poisoned Redis never fails a caller — store
// failures fall back to the process-local copy.
import { createTokenManager, type TokenManager } from "@lpkit/auth";
import { createEmulator, DEMO } from "@lpkit/emulator";
import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeAllClients, FLAVOURS, ROOMY_MS } from "./test-support/clients.js";
import { createRedisTokenStore, type RedisTokenStore } from "./token-store.js";

// The deadline of the frozen-Redis test, where it is under test; the others get a roomy one, since
// a write that missed a 300 ms deadline on a busy machine made a second manager fetch its own token.
const DEADLINE_MS = 1_000;
const emulator = createEmulator();
const servers: RedisServer[] = [];
const managers: TokenManager[] = [];
beforeAll(() => emulator.start());
afterAll(() => emulator.stop());
afterEach(async () => {
  for (const m of managers.splice(0)) {
    m.dispose();
  }
  closeAllClients();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  emulator.resetStats();
});

describe.each(FLAVOURS)("token manager on the $name store", (flavour) => {
  const setup = async (count: number, commandTimeoutMs = ROOMY_MS) => {
    const server = await startRedisServer();
    servers.push(server);
    const stores: RedisTokenStore[] = [];
    for (let i = 0; i < count; i++) {
      const { client } = await flavour.connect(server);
      stores.push(createRedisTokenStore({ redis: client, commandTimeoutMs }));
    }
    const made = stores.map((store) =>
      createTokenManager({
        accountId: DEMO.accountId,
        clientId: DEMO.clientId,
        clientSecret: DEMO.clientSecret,
        version: "v2",
        domains: { sentinel: emulator.url },
        store,
      }),
    );
    managers.push(...made);
    return { server, stores, managers: made };
  };

  it("a second manager (another process) reuses the first one's token from Redis", async () => {
    const {
      managers: [a, b],
    } = await setup(2);
    const first = await a!.getToken();
    const second = await b!.getToken();
    expect(second.accessToken).toBe(first.accessToken);
    expect(emulator.stats().tokens.issued).toBe(1);
  });

  it("Redis frozen: warm and cold managers still get tokens; each waits at most one or two deadlines", async () => {
    const {
      server,
      managers: [warm, cold],
    } = await setup(2, DEADLINE_MS);
    const token = await warm!.getToken();
    server.pause();
    const waits: number[] = [];
    for (const manager of [warm!, cold!, warm!, cold!]) {
      const started = performance.now();
      const got = await manager.getToken();
      waits.push(performance.now() - started);
      expect(got.expiresAt).toBeGreaterThan(Date.now());
      if (manager === warm) {
        expect(got.accessToken).toBe(token.accessToken); // its local copy
      }
    }
    server.resume();
    // Read + write of the cold manager's first call are the most one call can wait for.
    expect(Math.max(...waits)).toBeLessThan(2 * DEADLINE_MS * 5);
    expect(emulator.stats().tokens.issued).toBe(2); // the cold one fetched its own: Redis was the problem
  });

  it("Redis killed: every call still succeeds, fetching once per manager", async () => {
    const { server, managers: ms } = await setup(3);
    await server.kill();
    const tokens = await Promise.all(ms.map((m) => m.getToken()));
    for (const t of tokens) {
      expect(t.expiresAt).toBeGreaterThan(Date.now());
    }
    await Promise.all(ms.map((m) => m.getToken()));
    expect(emulator.stats().tokens.issued).toBe(3);
  });

  it("a poisoned entry is replaced by a fresh token, not served", async () => {
    const {
      server,
      managers: [a],
    } = await setup(1);
    const key = `lpkit:token:1:${DEMO.accountId}:${DEMO.clientId}:v2:${encodeURIComponent(emulator.url)}`;
    await server.admin("SET", key, "garbage", "PX", "600000");
    const t = await a!.getToken();
    expect(t.accessToken.split(".")).toHaveLength(3);
    expect((await server.admin("GET", key)).split("\r\n")[1]).toMatch(/^t1\.\d+\.p\./);
  });
});
