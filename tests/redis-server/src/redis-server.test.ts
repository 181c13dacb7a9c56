import { afterAll, describe, expect, it } from "vitest";
import { type RedisServer, redisServerBinary, startRedisServer } from "./index.js";

const servers: RedisServer[] = [];
afterAll(() => Promise.all(servers.map((s) => s.stop())));

describe("the redis-server harness", () => {
  it("starts a server on a free loopback port that answers, and restarts it on the same port after a kill", async () => {
    const server = await startRedisServer();
    servers.push(server);
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    expect(await server.admin("PING")).toBe("+PONG");
    expect(await server.admin("SET", "k", "v")).toBe("+OK");
    expect(await server.admin("GET", "k")).toBe("$1\r\nv");
    await server.kill();
    await expect(server.admin("PING")).rejects.toThrow();
    await server.restart();
    expect(await server.admin("PING")).toBe("+PONG");
    expect(await server.admin("GET", "k")).toBe("$-1"); // nothing persisted
  });

  it("freezes with pause() (the connection opens, nothing answers) and thaws with resume()", async () => {
    const server = await startRedisServer(["--requirepass", "pw-for-the-harness-test"]);
    servers.push(server);
    expect(await server.admin("PING")).toBe("+PONG"); // admin authenticates first
    server.pause();
    // A frozen server never answers, so the deadline's length does not matter here: 1 s.
    await expect(server.adminWithin(1_000, "PING")).rejects.toThrow(/no answer/);
    server.resume();
    expect(await server.admin("PING")).toBe("+PONG");
  });

  it("names how to install redis-server when the binary is missing", () => {
    expect(() => redisServerBinary({ LPKIT_REDIS_SERVER: "/nonexistent/redis-server" })).toThrow(
      /apt-get install -y redis-server/,
    );
  });
});
