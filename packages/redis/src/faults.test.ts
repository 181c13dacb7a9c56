// Redis frozen, paused, killed and flapping — on a real redis-server, with real clients. Each
// scenario starts its own server. Deadlines are the thing under test here, so elapsed times are
// checked: a lower bound (the deadline was honoured) and an upper bound of 5× the deadline (it fired
// at all), never anything tighter.
import { StoreError } from "@lpkit/core";
import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { createClient } from "redis";
import { afterEach, describe, expect, it } from "vitest";
import {
  closeAllClients,
  eventually,
  FLAVOURS,
  NODE_REDIS,
  ROOMY_MS,
  token,
  tokenKey,
} from "./test-support/clients.js";
import { createRedisTokenStore } from "./token-store.js";

// The command deadline under test. At least 1 s: a command that must get through (after a resume, a
// restart) has to survive a busy machine; the faults themselves last longer than two deadlines.
const DEADLINE_MS = 1_000;
const HOUR = 3_600_000;
const servers: RedisServer[] = [];
afterEach(async () => {
  closeAllClients();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

async function server(extra: string[] = []) {
  const s = await startRedisServer(extra);
  servers.push(s);
  return s;
}

async function timed<T>(work: Promise<T>): Promise<{ ms: number; error: unknown; value: T | undefined }> {
  const started = performance.now();
  try {
    const value = await work;
    return { ms: performance.now() - started, error: undefined, value };
  } catch (error) {
    return { ms: performance.now() - started, error, value: undefined };
  }
}

describe.each(FLAVOURS)("faults on $name", (flavour) => {
  const setup = async () => {
    const s = await server();
    const { client } = await flavour.connect(s);
    const store = createRedisTokenStore({
      redis: client,
      commandTimeoutMs: DEADLINE_MS,
      breaker: { failureThreshold: 2, openMs: 500, maxOpenMs: 4_000 },
    });
    const key = tokenKey();
    const t = token(Date.now() + HOUR);
    // Written through a store with a generous deadline: the setup is not what is under test.
    await createRedisTokenStore({ redis: client, commandTimeoutMs: ROOMY_MS }).set(key, t, HOUR);
    return { s, store, key, t };
  };

  it("SIGSTOP mid-command: the deadline fires, the breaker opens and sends nothing more, SIGCONT recovers", async () => {
    const { s, store, key, t } = await setup();
    s.pause();
    const first = await timed(store.get(key));
    expect(first.error).toMatchObject({ code: "ERR_STORE", reason: "timeout", operation: "get" });
    expect(first.ms).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
    expect(first.ms).toBeLessThan(DEADLINE_MS * 5);
    const second = await timed(store.get(key));
    expect(second.error).toMatchObject({ reason: "timeout" });
    expect(store.redis.state).toBe("open");

    const sentBefore = store.redis.stats().sent;
    const refused = await Promise.all(Array.from({ length: 50 }, () => timed(store.get(key))));
    for (const r of refused) {
      expect(r.error).toMatchObject({ reason: "circuit-open" }); // not sent: see the counters below
    }
    expect(store.redis.stats()).toMatchObject({ sent: sentBefore, abandoned: 2, maxAbandoned: 2 });

    s.resume();
    await eventually(() => store.redis.stats().lateReplies === 2);
    expect(store.redis.stats()).toMatchObject({ abandoned: 0, pending: 0 });
    expect((await store.get(key))?.accessToken).toBe(t.accessToken); // the next command probes and closes
    expect(store.redis.state).toBe("closed");
  });

  it("SIGKILL: commands fail at once as offline, the breaker opens; after a restart the store works again", async () => {
    const { s, store, key } = await setup();
    await s.kill();
    const failures = [];
    for (let i = 0; i < 5; i++) {
      failures.push(await timed(store.get(key)));
    }
    for (const f of failures) {
      expect(f.error).toBeInstanceOf(StoreError);
      expect(["offline", "circuit-open"]).toContain((f.error as StoreError).reason);
      expect(f.ms).toBeLessThan(DEADLINE_MS * 5);
    }
    expect(store.redis.state).not.toBe("closed");

    await s.restart();
    const fresh = token(Date.now() + HOUR);
    await eventually(async () => {
      try {
        return await store.setIfLonger(key, fresh, HOUR); // the data died with the server
      } catch {
        return false;
      }
    });
    expect((await store.get(key))?.accessToken).toBe(fresh.accessToken);
    expect(store.redis.state).toBe("closed");
  });

  it("CLIENT PAUSE: waits are bounded by the deadline and the store recovers when the pause ends", async () => {
    const { s, store, key, t } = await setup();
    // Longer than two deadlines, so both commands below time out and the breaker opens.
    expect(await s.admin("CLIENT", "PAUSE", String(DEADLINE_MS * 5), "ALL")).toBe("+OK");
    const first = await timed(store.get(key));
    expect(first.error).toMatchObject({ reason: "timeout" });
    expect(first.ms).toBeLessThan(DEADLINE_MS * 5);
    await timed(store.get(key));
    expect(store.redis.state).toBe("open");
    await eventually(async () => {
      try {
        return (await store.get(key))?.accessToken === t.accessToken;
      } catch {
        return false;
      }
    });
  });

  it("a SET NX that missed its deadline but ran later does not leave an orphan lease", async () => {
    const { s, store, key } = await setup();
    s.pause();
    const attempt = await timed(store.lease(key, 60_000));
    expect(attempt.error).toMatchObject({ reason: "timeout", operation: "lease" });
    s.resume();
    // The late "OK" arrives and the lease is released at once — long before its 60 s TTL.
    await eventually(async () => (await s.admin("EXISTS", `${key}:lease`)) === ":0", 30_000);
    const next = createRedisTokenStore({
      redis: (await flavour.connect(s)).client,
      commandTimeoutMs: ROOMY_MS,
    });
    const lease = await next.lease(key, 5_000);
    expect(lease).toBeDefined();
    await lease!.release();
  });

  it("flapping (killed and restarted three times): every call settles within its deadline, then all is well", async () => {
    const { s, store, key } = await setup();
    let stop = false;
    const settled: number[] = [];
    const caller = (async () => {
      while (!stop) {
        const r = await timed(store.get(key));
        settled.push(r.ms);
        await new Promise((res) => setTimeout(res, 20));
      }
    })();
    for (let i = 0; i < 3; i++) {
      await s.kill();
      await new Promise((res) => setTimeout(res, 300));
      await s.restart();
      await new Promise((res) => setTimeout(res, 300));
    }
    stop = true;
    await caller;
    expect(settled.length).toBeGreaterThan(10);
    expect(Math.max(...settled)).toBeLessThan(DEADLINE_MS * 5);
    const fresh = token(Date.now() + HOUR);
    await eventually(async () => {
      try {
        return await store.setIfLonger(key, fresh, HOUR);
      } catch {
        return false;
      }
    });
    expect((await store.get(key))?.accessToken).toBe(fresh.accessToken);
  });
});

describe("node-redis reconnection after a socket timeout", () => {
  it("nodeRedisOptions keeps reconnecting after a frozen server's socket is torn down (the default gives up)", async () => {
    const s = await server();
    // A socket timeout a starved test process cannot outlast between two pings (with 800 ms, one
    // stall of the event loop would tear the idle socket down before the freeze this test is about).
    const tuned = await NODE_REDIS.connect(s, { pingInterval: 250, socket: { socketTimeout: 2_500 } });
    const plain = createClient({ url: s.url, socket: { socketTimeout: 2_500 } });
    plain.on("error", () => {});
    await plain.connect();
    const tunedClient = tuned.client as ReturnType<typeof createClient>;
    await new Promise((r) => setTimeout(r, 3_000)); // idle longer than socketTimeout: pings keep it open
    expect(tunedClient.isReady).toBe(true);
    s.pause();
    await eventually(() => !tunedClient.isReady, 60_000);
    s.resume();
    await eventually(() => tunedClient.isReady, 60_000);
    expect(await tunedClient.sendCommand(["PING"])).toBe("PONG");
    // The default strategy stopped for good after its socket timed out.
    await eventually(() => !plain.isOpen, 60_000);
    expect(plain.isOpen).toBe(false);
  });
});
