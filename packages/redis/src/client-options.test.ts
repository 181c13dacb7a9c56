import { Redis } from "ioredis";
import { createClient } from "redis";
import { describe, expect, it } from "vitest";
import { ioredisOptions, nodeRedisOptions } from "./client-options.js";

describe("nodeRedisOptions", () => {
  it("turns off the offline queue, pings idle sockets and never stops reconnecting", () => {
    const options = nodeRedisOptions({ url: "redis://127.0.0.1:6379" });
    expect(options).toMatchObject({
      url: "redis://127.0.0.1:6379",
      disableOfflineQueue: true,
      pingInterval: 2_000,
      socket: { connectTimeout: 2_000, socketTimeout: 5_000 },
    });
    expect(options.pingInterval).toBeLessThan(options.socket.socketTimeout);
    const socketTimeout = Object.assign(new Error("Socket timeout"), { name: "SocketTimeoutError" });
    for (const retries of [0, 1, 5, 50, 10_000]) {
      const delay = options.socket.reconnectStrategy(retries, socketTimeout);
      expect(delay).toBeGreaterThanOrEqual(50);
      expect(delay).toBeLessThan(2_200);
    }
  });

  it("lets every option the caller passes win, socket options included", () => {
    const options = nodeRedisOptions({
      disableOfflineQueue: false,
      socket: { tls: true, host: "redis.internal", socketTimeout: 9_000 },
    });
    expect(options.disableOfflineQueue).toBe(false);
    expect(options.socket).toMatchObject({
      tls: true,
      host: "redis.internal",
      socketTimeout: 9_000,
      connectTimeout: 2_000,
    });
  });

  it("type-checks against the real createClient / Redis signatures", () => {
    // Compiled by `tsc --noEmit`; never connects.
    const compile = () => {
      const ca = [Buffer.from("ca")];
      createClient(nodeRedisOptions());
      createClient(nodeRedisOptions({ url: "rediss://h", socket: { tls: true, ca, host: "h" } }));
      new Redis("redis://h", ioredisOptions({ tls: { ca }, lazyConnect: true }));
    };
    expect(typeof compile).toBe("function");
  });
});

describe("ioredisOptions", () => {
  it("never queues or re-sends, keeps reconnecting, and leaves deadlines to the connection (10 s backstop)", () => {
    const options = ioredisOptions({ lazyConnect: true });
    expect(options).toMatchObject({
      lazyConnect: true,
      enableOfflineQueue: false,
      commandTimeout: 10_000,
      maxRetriesPerRequest: 1,
      autoResendUnfulfilledCommands: false,
      connectTimeout: 2_000,
    });
    expect(options.retryStrategy(1_000)).toBeLessThan(2_200);
    expect(ioredisOptions({ commandTimeout: 250 }).commandTimeout).toBe(250);
  });
});
