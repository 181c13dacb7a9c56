// The guard logic (deadline, breaker, pending cap, error mapping) against a scripted client, so
// each rule is exercised exactly; the same rules against a real, frozen redis-server are in
// faults.test.ts.
import { StoreError } from "@lpkit/core";
import { describe, expect, it, vi } from "vitest";
import type { RedisClientLike, RedisReply } from "./client.js";
import { createRedisConnection } from "./connection.js";

/** A client whose replies the test controls: each command waits until answered. */
function scriptedClient() {
  const calls: { args: readonly string[]; answer: (r: RedisReply) => void; fail: (e: Error) => void }[] = [];
  let ready = true;
  const client: RedisClientLike = {
    command: (args) =>
      new Promise((answer, fail) => {
        calls.push({ args, answer, fail });
      }),
    isReady: () => ready,
  };
  return {
    client,
    calls,
    setReady: (value: boolean) => {
      ready = value;
    },
  };
}

function clock() {
  let t = 5_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const TIMEOUT_MS = 30; // small on purpose: the deadline itself is under test

describe("createRedisConnection", () => {
  it("resolves replies and counts what it sent", async () => {
    const s = scriptedClient();
    const redis = createRedisConnection({ client: s.client, commandTimeoutMs: TIMEOUT_MS });
    const pending = redis.command("get", ["GET", "k"]);
    s.calls[0]!.answer("v");
    expect(await pending).toBe("v");
    expect(redis.stats()).toMatchObject({ state: "closed", sent: 1, pending: 0, timeouts: 0 });
  });

  it("rejects with a timeout StoreError when no answer arrives by the deadline, and counts the abandoned command", async () => {
    const s = scriptedClient();
    const redis = createRedisConnection({ client: s.client, commandTimeoutMs: TIMEOUT_MS });
    const started = Date.now();
    const error = await redis.command("get", ["GET", "k"]).catch((e: unknown) => e);
    // Lower bound only (no upper bound on wall-clock time in tests): it did wait for the deadline.
    expect(Date.now() - started).toBeGreaterThanOrEqual(TIMEOUT_MS - 5);
    expect(error).toBeInstanceOf(StoreError);
    expect(error).toMatchObject({
      code: "ERR_STORE",
      reason: "timeout",
      operation: "get",
      timeoutMs: TIMEOUT_MS,
    });
    expect(redis.stats()).toMatchObject({ timeouts: 1, pending: 1, abandoned: 1, maxAbandoned: 1 });
    s.calls[0]!.answer("late");
    await Promise.resolve();
    await Promise.resolve();
    expect(redis.stats()).toMatchObject({ pending: 0, abandoned: 0, lateReplies: 1 });
  });

  it("opens the breaker after two deadline misses and then sends nothing until the probe time", async () => {
    const s = scriptedClient();
    const c = clock();
    const redis = createRedisConnection({ client: s.client, commandTimeoutMs: TIMEOUT_MS, now: c.now });
    await expect(redis.command("get", ["GET", "a"])).rejects.toMatchObject({ reason: "timeout" });
    await expect(redis.command("get", ["GET", "b"])).rejects.toMatchObject({ reason: "timeout" });
    expect(redis.state).toBe("open");
    for (let i = 0; i < 10; i++) {
      await expect(redis.command("get", ["GET", "c"])).rejects.toMatchObject({ reason: "circuit-open" });
    }
    expect(s.calls).toHaveLength(2); // nothing piled onto the dead socket
    expect(redis.stats()).toMatchObject({ refused: 10, abandoned: 2 });
    c.advance(1_000);
    const probe = redis.command("ping", ["PING"]);
    await expect(redis.command("get", ["GET", "d"])).rejects.toMatchObject({ reason: "circuit-open" });
    s.calls[2]!.answer("PONG");
    expect(await probe).toBe("PONG");
    expect(redis.state).toBe("closed");
  });

  it("a late reply to an abandoned command lets the next command probe at once", async () => {
    const s = scriptedClient();
    const c = clock();
    const redis = createRedisConnection({ client: s.client, commandTimeoutMs: TIMEOUT_MS, now: c.now });
    await expect(redis.command("get", ["GET", "a"])).rejects.toMatchObject({ reason: "timeout" });
    await expect(redis.command("get", ["GET", "b"])).rejects.toMatchObject({ reason: "timeout" });
    s.calls[0]!.answer("late");
    await new Promise((r) => setTimeout(r, 0));
    const next = redis.command("get", ["GET", "c"]);
    s.calls[2]!.answer("fresh");
    expect(await next).toBe("fresh");
    expect(redis.state).toBe("closed");
  });

  it("refuses at once, without sending, while the client is not connected", async () => {
    const s = scriptedClient();
    s.setReady(false);
    const redis = createRedisConnection({ client: s.client });
    await expect(redis.command("get", ["GET", "k"])).rejects.toMatchObject({ reason: "offline" });
    expect(s.calls).toHaveLength(0);
    expect(redis.stats().offline).toBe(1);
  });

  it("a burst beyond maxPending on a healthy server is refused but does not open the breaker", async () => {
    const s = scriptedClient();
    const redis = createRedisConnection({ client: s.client, maxPending: 2 });
    const burst = [0, 1, 2, 3, 4].map(() => redis.command("get", ["GET", "k"]).catch((e: unknown) => e));
    for (const call of s.calls) {
      call.answer("v");
    }
    const results = await Promise.all(burst);
    expect(results.filter((r) => r === "v")).toHaveLength(2);
    expect(results.filter((r) => r instanceof StoreError && r.reason === "overloaded")).toHaveLength(3);
    expect(redis.state).toBe("closed");
  });

  it("once the client is connected again, the open breaker lets a probe through at once", async () => {
    const s = scriptedClient();
    const c = clock();
    const redis = createRedisConnection({ client: s.client, now: c.now });
    s.setReady(false);
    for (let i = 0; i < 3; i++) {
      await expect(redis.command("get", ["GET", "k"])).rejects.toMatchObject({ reason: "offline" });
    }
    expect(redis.state).toBe("open");
    s.setReady(true);
    const probe = redis.command("get", ["GET", "k"]); // no clock advance needed
    s.calls[0]!.answer("v");
    expect(await probe).toBe("v");
    expect(redis.state).toBe("closed");
  });

  it("refuses commands beyond maxPending", async () => {
    const s = scriptedClient();
    const redis = createRedisConnection({
      client: s.client,
      maxPending: 2,
      breaker: { failureThreshold: 100 },
    });
    const a = redis.command("get", ["GET", "a"]);
    const b = redis.command("get", ["GET", "b"]);
    await expect(redis.command("get", ["GET", "c"])).rejects.toMatchObject({ reason: "overloaded" });
    s.calls[0]!.answer(null);
    s.calls[1]!.answer(null);
    await Promise.all([a, b]);
    expect(redis.stats()).toMatchObject({ overloaded: 1, sent: 2 });
  });

  it("maps an error reply to reason 'command' with the server's code only, and keeps the breaker closed", async () => {
    const s = scriptedClient();
    const redis = createRedisConnection({ client: s.client });
    for (let i = 0; i < 3; i++) {
      const p = redis.command("get", ["GET", "k"]);
      s.calls[i]!.fail(
        new Error("WRONGTYPE Operation against a key holding the wrong kind of value 'tok-123'"),
      );
      const error = await p.catch((e: unknown) => e);
      expect(error).toMatchObject({ reason: "command", redisCode: "WRONGTYPE" });
      expect(String((error as Error).message)).not.toContain("tok-123");
    }
    expect(redis.state).toBe("closed");
  });

  it("maps a connection error to reason 'offline' and counts it towards the breaker", async () => {
    const s = scriptedClient();
    const redis = createRedisConnection({ client: s.client });
    for (let i = 0; i < 2; i++) {
      const p = redis.command("get", ["GET", "k"]);
      s.calls[i]!.fail(
        Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:6379"), { code: "ECONNREFUSED" }),
      );
      await expect(p).rejects.toMatchObject({ reason: "offline" });
    }
    expect(redis.state).toBe("open");
  });

  it("runs scripts with EVALSHA and falls back to EVAL once on NOSCRIPT", async () => {
    const s = scriptedClient();
    const redis = createRedisConnection({ client: s.client });
    const script = { name: "t", source: "return 1" };
    const p = redis.script("t", script, ["k"], ["a"]);
    // The SHA-1 is computed asynchronously (WebCrypto): wait for the command, however long that takes.
    await vi.waitFor(() => expect(s.calls).toHaveLength(1), { timeout: 60_000, interval: 5 });
    expect(s.calls[0]!.args).toEqual(["EVALSHA", "e0e1f9fabfc9d4800c877a703b823ac0578ff8db", "1", "k", "a"]);
    s.calls[0]!.fail(new Error("NOSCRIPT No matching script. Please use EVAL."));
    await vi.waitFor(() => expect(s.calls).toHaveLength(2), { timeout: 60_000, interval: 5 });
    expect(s.calls[1]!.args).toEqual(["EVAL", "return 1", "1", "k", "a"]);
    s.calls[1]!.answer(1);
    expect(await p).toBe(1);
  });

  it("checks its options before sending anything, and prints only counters", () => {
    const s = scriptedClient();
    expect(() => createRedisConnection({ client: {} as RedisClientLike })).toThrow(/client/);
    expect(() => createRedisConnection({ client: s.client, commandTimeoutMs: 0 })).toThrow(
      /commandTimeoutMs/,
    );
    expect(() => createRedisConnection({ client: s.client, breaker: { openMs: -1 } })).toThrow(
      /breaker.openMs/,
    );
    const redis = createRedisConnection({ client: s.client });
    expect(JSON.parse(JSON.stringify(redis))).toMatchObject({
      kind: "RedisConnection",
      state: "closed",
      sent: 0,
    });
  });
});
