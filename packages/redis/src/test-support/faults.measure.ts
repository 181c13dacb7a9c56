// Measurements, not tests: `pnpm --filter @lpkit/redis measure` prints what callers see while Redis
// is frozen, paused, killed or flapping, with the production defaults (1 s deadline, breaker 2
// misses / 1 s → 30 s) and a busy process (20 callers, each calling `get` every 10 ms). Numbers go in
// reports; nothing here asserts a time.
import { createTokenManager } from "@lpkit/auth";
import { createEmulator, DEMO } from "@lpkit/emulator";
import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { afterAll, it } from "vitest";
import { createRedisTokenStore, type RedisTokenStore } from "../token-store.js";
import { closeAllClients, FLAVOURS, type Flavour, NODE_REDIS, token, tokenKey } from "./clients.js";

const CALLERS = 20;
const rows: string[] = [];
afterAll(() => {
  closeAllClients();
  process.stdout.write(
    `${[
      "| client | scenario | calls | worst wait ms | p50 ms | calls > 100 ms | sent during fault | timeouts | refused by breaker | offline | most pending past deadline | late replies | first success after the fault ms |",
      "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
      ...rows,
    ].join("\n")}\n`,
  );
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Stats = ReturnType<RedisTokenStore["redis"]["stats"]>;

/** Waits until `get` succeeds again after the fault ended; returns how long that took. */
async function recovery(store: RedisTokenStore, key: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    try {
      await store.get(key);
      return performance.now() - started;
    } catch {
      await sleep(10);
    }
  }
}

/**
 * Runs `fault` while CALLERS callers load the store; `fault` calls `begin()` once the fault is in
 * place and `end()` just before it is lifted, which frame the "during fault" counters.
 */
async function scenario(
  flavour: Flavour,
  name: string,
  fault: (s: RedisServer, begin: () => void, end: () => void) => Promise<void>,
) {
  const server = await startRedisServer();
  const { client } = await flavour.connect(server);
  const store = createRedisTokenStore({ redis: client });
  const key = tokenKey();
  await store.set(key, token(Date.now() + 3_600_000), 3_600_000);
  let stop = false;
  const waits: number[] = [];
  const callers = Array.from({ length: CALLERS }, async () => {
    while (!stop) {
      const started = performance.now();
      await store.get(key).catch(() => undefined);
      waits.push(performance.now() - started);
      await sleep(10);
    }
  });
  await sleep(200);
  let first: Stats = store.redis.stats();
  let last: Stats = first;
  await fault(
    server,
    () => {
      first = store.redis.stats();
    },
    () => {
      last = store.redis.stats();
    },
  );
  const recoveryMs = await recovery(store, key);
  await sleep(200);
  stop = true;
  await Promise.all(callers);
  const final = store.redis.stats();
  waits.sort((a, b) => a - b);
  const d = (k: "sent" | "refused" | "offline" | "timeouts") => last[k] - first[k];
  const cells = [
    flavour.name,
    name,
    waits.length,
    Math.round(waits.at(-1) ?? 0),
    (waits[Math.floor(waits.length / 2)] ?? 0).toFixed(1),
    waits.filter((w) => w > 100).length,
    d("sent"),
    d("timeouts"),
    d("refused"),
    d("offline"),
    final.maxAbandoned,
    final.lateReplies,
    Math.round(recoveryMs),
  ];
  rows.push(`| ${cells.join(" | ")} |`);
  await server.stop();
}

for (const flavour of FLAVOURS) {
  it(`${flavour.name}: SIGSTOP for 5 s`, async () => {
    await scenario(flavour, "SIGSTOP 5 s", async (s, begin, end) => {
      s.pause();
      begin();
      await sleep(5_000);
      end();
      s.resume();
    });
  });

  it(`${flavour.name}: CLIENT PAUSE 3 s`, async () => {
    await scenario(flavour, "CLIENT PAUSE 3000 ALL", async (s, begin, end) => {
      await s.admin("CLIENT", "PAUSE", "3000", "ALL");
      begin();
      await sleep(2_950);
      end();
      await sleep(50);
    });
  });

  it(`${flavour.name}: SIGKILL, down 3 s, restart`, async () => {
    await scenario(flavour, "SIGKILL, 3 s down, restart", async (s, begin, end) => {
      await s.kill();
      begin();
      await sleep(3_000);
      end();
      await s.restart();
    });
  });

  it(`${flavour.name}: flapping for 5 s`, async () => {
    await scenario(flavour, "kill/restart every 500 ms for 5 s", async (s, begin, end) => {
      begin();
      for (let i = 0; i < 5; i++) {
        await s.kill();
        await sleep(500);
        if (i === 4) {
          end();
        }
        await s.restart();
        await sleep(500);
      }
    });
  });
}

it("token manager getToken while Redis is frozen (node-redis, defaults)", async () => {
  const emulator = createEmulator();
  await emulator.start();
  const server = await startRedisServer();
  const make = async () =>
    createTokenManager({
      accountId: DEMO.accountId,
      clientId: DEMO.clientId,
      clientSecret: DEMO.clientSecret,
      version: "v2",
      domains: { sentinel: emulator.url },
      store: createRedisTokenStore({ redis: (await NODE_REDIS.connect(server)).client }),
    });
  const warm = await make();
  const cold = await make();
  await warm.getToken();
  server.pause();
  const waits: Record<"warm" | "cold", number[]> = { warm: [], cold: [] };
  const until = Date.now() + 8_000;
  while (Date.now() < until) {
    for (const [name, m] of [
      ["warm", warm],
      ["cold", cold],
    ] as const) {
      const started = performance.now();
      await m.getToken();
      waits[name].push(performance.now() - started);
    }
    await sleep(10);
  }
  server.resume();
  for (const [name, w] of Object.entries(waits)) {
    const sorted = [...w].sort((a, b) => a - b);
    const cells = [
      "node-redis",
      `token manager (${name}), getToken in a loop, Redis SIGSTOP 8 s`,
      w.length,
      Math.round(sorted.at(-1) ?? 0),
      (sorted[Math.floor(w.length / 2)] ?? 0).toFixed(1),
      w.filter((x) => x > 100).length,
    ];
    rows.push(`| ${cells.join(" | ")} | | | | | | | |`);
  }
  rows.push(
    `| node-redis | Sentinel requests in that run (both managers) | ${emulator.stats().tokens.issued} | | | | | | | | | | |`,
  );
  warm.dispose();
  cold.dispose();
  await server.stop();
  await emulator.stop();
});
