// CPU starvation (a fleet of processes booting on a 2-core machine): a process blocked past a
// command's deadline runs its timers before it reads its socket, so a reply already waiting there
// must still be taken — starvation alone must not count as a Redis timeout (nor open the breaker
// and send the whole fleet to Sentinel on its own). Real redis-server, real socket.
import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisConnection } from "./connection.js";
import { closeAllClients, FLAVOURS } from "./test-support/clients.js";

let server: RedisServer;
beforeAll(async () => {
  server = await startRedisServer();
});
afterAll(async () => {
  closeAllClients();
  await server.stop();
});

/** Blocks this process's event loop, as a starved process is blocked. */
function block(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describe.each(FLAVOURS)("a starved process on $name", (flavour) => {
  it("takes the reply that waited on the socket past the deadline instead of calling it a timeout", async () => {
    const { client } = await flavour.connect(server);
    const connection = createRedisConnection({ client, commandTimeoutMs: 1_000 });
    await connection.command("warm-up", ["PING"]);
    const pending = connection.command("ping", ["PING"]);
    block(1_500); // Redis answers meanwhile; the answer waits unread while the deadline passes
    await expect(pending).resolves.toBe("PONG");
    expect(connection.stats()).toMatchObject({ timeouts: 0 });
  });
});
