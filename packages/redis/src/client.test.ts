import { describe, expect, it } from "vitest";
import { fromIoredis, fromNodeRedis, isClientTimeout, replyErrorCode, toRedisClient } from "./client.js";

class ErrorReply extends Error {}
class SimpleError extends ErrorReply {}
class ReplyError extends Error {}

describe("client adapters", () => {
  it("detects node-redis, ioredis and ready-made clients by shape", async () => {
    const sent: unknown[] = [];
    const nodeRedis = {
      sendCommand: async (args: readonly string[]) => {
        sent.push(args);
        return "OK";
      },
      isReady: true,
    };
    const ioredis = {
      call: async (name: string, args: string[]) => {
        sent.push([name, ...args]);
        return 1;
      },
      status: "ready",
    };
    expect(await toRedisClient(nodeRedis).command(["SET", "k", "v"])).toBe("OK");
    expect(await toRedisClient(ioredis).command(["DEL", "k"])).toBe(1);
    expect(sent).toEqual([
      ["SET", "k", "v"],
      ["DEL", "k"],
    ]);
    const own = { command: async () => null };
    expect(toRedisClient(own)).toBe(own);
    expect(toRedisClient(nodeRedis).isReady?.()).toBe(true);
    expect(toRedisClient({ ...ioredis, status: "reconnecting" }).isReady?.()).toBe(false);
  });

  it("normalises replies: buffers to strings, nested arrays, undefined to null", async () => {
    const client = fromNodeRedis({
      sendCommand: async () => [Buffer.from("v"), 3, undefined, [new Uint8Array([104, 105])]],
      isReady: true,
    });
    expect(await client.command(["X"])).toEqual(["v", 3, null, ["hi"]]);
  });

  it("rejects anything that is not a client with an InvalidArgumentError", () => {
    for (const bad of [null, 42, {}, { sendCommand: 1 }, { call() {} }]) {
      expect(() => toRedisClient(bad)).toThrow(expect.objectContaining({ code: "ERR_INVALID_ARGUMENT" }));
    }
    expect(() => fromNodeRedis({} as never)).toThrow(/node-redis/);
    expect(() => fromIoredis({} as never)).toThrow(/ioredis/);
    expect(() => toRedisClient({ command() {}, isReady: true })).toThrow(/isReady/);
  });

  it("tells error replies from connection failures", () => {
    expect(replyErrorCode(new SimpleError("WRONGTYPE Operation against a key"))).toBe("WRONGTYPE");
    expect(replyErrorCode(new ReplyError("NOSCRIPT No matching script"))).toBe("NOSCRIPT");
    expect(replyErrorCode(new Error("OOM command not allowed"))).toBe("OOM");
    expect(replyErrorCode(new Error("The client is closed"))).toBeUndefined();
    expect(replyErrorCode(new Error("Connection is closed."))).toBeUndefined();
    expect(
      replyErrorCode(Object.assign(new Error("ECONNREFUSED x"), { code: "ECONNREFUSED" })),
    ).toBeUndefined();
    expect(replyErrorCode("ERR not an error object")).toBeUndefined();
  });

  it("recognises the clients' own command timeouts", () => {
    class TimeoutError extends Error {}
    expect(isClientTimeout(new Error("Command timed out"))).toBe(true);
    expect(isClientTimeout(new TimeoutError("Timeout"))).toBe(true);
    expect(isClientTimeout(new Error("Connection is closed."))).toBe(false);
  });
});
