// The distributed single flight of @lpkit/auth on this store, end to end: a real redis-server, the
// emulator, and token managers that each have their own Redis connection (what separate processes
// have). Cross-process runs — 50 real processes, a lease holder really killed, rotations — are in
// bench/src/fleet (`pnpm bench --only fleet`).
import { createTokenManager, type TokenManager, tokenCacheKey } from "@lpkit/auth";
import { TokenRequestError } from "@lpkit/core";
import { createEmulator, DEMO } from "@lpkit/emulator";
import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { closeAllClients, FLAVOURS, type Flavour, NODE_REDIS, ROOMY_MS } from "./test-support/clients.js";
import { createRedisTokenStore } from "./token-store.js";

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
  emulator.clearFaults();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
  emulator.resetStats();
});

const key = () =>
  tokenCacheKey({
    accountId: DEMO.accountId,
    clientId: DEMO.clientId,
    version: "v2",
    sentinelHost: emulator.url,
  });

/** `count` managers, each on a connection of its own to one fresh server. */
async function fleet(
  count: number,
  flavour: Flavour = NODE_REDIS,
  retry: { baseDelayMs?: number; maxDelayMs?: number; maxRetries?: number } = {
    baseDelayMs: 50,
    maxDelayMs: 100,
  },
) {
  const server = await startRedisServer();
  servers.push(server);
  const made: TokenManager[] = [];
  for (let i = 0; i < count; i++) {
    const { client } = await flavour.connect(server);
    made.push(
      createTokenManager({
        accountId: DEMO.accountId,
        clientId: DEMO.clientId,
        clientSecret: DEMO.clientSecret,
        version: "v2",
        domains: { sentinel: emulator.url },
        store: createRedisTokenStore({ redis: client, commandTimeoutMs: ROOMY_MS }),
        retry,
      }),
    );
  }
  managers.push(...made);
  return { server, managers: made };
}

describe.each(FLAVOURS)("distributed single flight on the $name store", (flavour) => {
  it("12 cold managers with their own connections: 1 Sentinel request, one token, the lease released", async () => {
    const { server, managers: ms } = await fleet(12, flavour);
    const tokens = await Promise.all(ms.map((m) => m.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(emulator.stats().tokens.issued).toBe(1);
    expect(await server.admin("EXISTS", `${key()}:lease`)).toBe(":0");
    expect(await server.admin("EXISTS", key())).toBe(":1");
  });
});

describe("distributed single flight: failures", () => {
  it("Sentinel 503: one holder's attempts for everyone; the others fail at once from the shared back-off", async () => {
    // Retry-After 30 s: the shared back-off outlives the test however busy the machine is (with
    // the short retry delays above alone it lasted ~100 ms, and a slow run saw it lapse).
    const { server, managers: ms } = await fleet(6, NODE_REDIS, {
      baseDelayMs: 50,
      maxDelayMs: 100,
      maxRetries: 0,
    });
    emulator.fault({ route: "sentinel.token.v2", status: 503, retryAfter: 30 });
    const [first, ...rest] = ms as [TokenManager, ...TokenManager[]];
    const holderError = await first.getToken().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(holderError).toBeInstanceOf(TokenRequestError);
    const attempts = emulator.stats().requests.byRoute["sentinel.token.v2"]?.total;
    expect(attempts).toBe(1); // one process's attempt (no retries here)
    expect(await server.admin("EXISTS", `${key()}:backoff`)).toBe(":1");
    const errors = await Promise.all(
      rest.map((m) =>
        m.getToken().then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );
    for (const error of errors) {
      expect(error).toBeInstanceOf(TokenRequestError);
      expect(error).toMatchObject({ status: 503 });
      expect(String((error as Error).message)).toContain("backing off across processes");
    }
    expect(emulator.stats().requests.byRoute["sentinel.token.v2"]?.total).toBe(1); // none from the 5 others
  });

  it("a stored token with CR/LF (well-formed entry, poisoned token) is deleted and replaced, never served", async () => {
    const {
      server,
      managers: [m],
    } = await fleet(1);
    const poisoned = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJTZW50aW5lbCJ9.c2ln\r\nX-Injected: 1";
    const expiresAt = Date.now() + 3_600_000;
    const body = JSON.stringify([1, poisoned, "Bearer", expiresAt, Date.now()]);
    await server.admin("SET", key(), `t1.${expiresAt}.p.${body}`, "PX", "600000");
    const authorization = await m!.authorization();
    expect(authorization).not.toContain("\n");
    expect(authorization).not.toContain("X-Injected");
    const stored = await server.admin("GET", key());
    expect(stored).not.toContain("X-Injected");
    expect(stored).toContain(authorization.slice("Bearer ".length));
    expect(emulator.stats().tokens.issued).toBe(1);
  });

  it("Redis killed: every manager fetches alone while it is down; after the restart the fleet shares again", async () => {
    const { server, managers: ms } = await fleet(4);
    await server.kill();
    const down = await Promise.all(ms.map((m) => m.getToken()));
    expect(down.every((t) => t.expiresAt > Date.now())).toBe(true);
    expect(emulator.stats().tokens.issued).toBe(4); // Redis was the problem: one request per process
    await server.restart();
    // Fresh managers (processes started after the restart) share one new token again.
    const { client } = await NODE_REDIS.connect(server);
    const fresh = [0, 1, 2].map(() =>
      createTokenManager({
        accountId: DEMO.accountId,
        clientId: DEMO.clientId,
        clientSecret: DEMO.clientSecret,
        version: "v2",
        domains: { sentinel: emulator.url },
        store: createRedisTokenStore({ redis: client, commandTimeoutMs: ROOMY_MS }),
      }),
    );
    managers.push(...fresh);
    const shared = await Promise.all(fresh.map((m) => m.getToken()));
    expect(new Set(shared.map((t) => t.accessToken)).size).toBe(1);
    expect(emulator.stats().tokens.issued).toBe(5);
  });
});
