// Consumer of @lpkit/redis as installed from the registry: ESM import, run against a real
// redis-server this consumer starts (LPKIT_REDIS_SERVER or redis-server on PATH) on a free loopback
// port. The client is the package's one-method interface over a small RESP reader written here, so
// nothing but @lpkit/redis and node built-ins is imported.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inspect } from "node:util";
import { createRedisCache, createRedisConnection, createRedisTokenStore } from "@lpkit/redis";

const port = await new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const { port: p } = s.address();
    s.close(() => resolve(p));
  });
});
const dir = mkdtempSync(join(tmpdir(), "lpkit-redis-consumer-"));
const server = spawn(
  process.env.LPKIT_REDIS_SERVER || "redis-server",
  ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
  { stdio: "ignore" },
);
server.once("error", (error) => {
  console.error(`cannot start redis-server (apt-get install -y redis-server): ${error.message}`);
  process.exit(1);
});

/** A RESP2 client: pipelined commands, replies in order. */
function respClient() {
  const waiting = [];
  let buffer = Buffer.alloc(0);
  let connected = false;
  const socket = createConnection({ host: "127.0.0.1", port });
  socket.on("connect", () => {
    connected = true;
  });
  socket.on("close", () => {
    connected = false;
  });
  socket.on("error", () => {});
  const parse = (at) => {
    const eol = buffer.indexOf("\r\n", at);
    if (eol < 0) {
      return undefined;
    }
    const kind = String.fromCharCode(buffer[at]);
    const line = buffer.toString("utf8", at + 1, eol);
    if (kind === "+") {
      return { value: line, end: eol + 2 };
    }
    if (kind === "-") {
      return { value: new Error(line), end: eol + 2 };
    }
    if (kind === ":") {
      return { value: Number(line), end: eol + 2 };
    }
    if (kind === "$") {
      const size = Number(line);
      if (size < 0) {
        return { value: null, end: eol + 2 };
      }
      if (buffer.length < eol + 2 + size + 2) {
        return undefined;
      }
      return { value: buffer.toString("utf8", eol + 2, eol + 2 + size), end: eol + 2 + size + 2 };
    }
    const items = [];
    let end = eol + 2;
    for (let i = 0; i < Number(line); i++) {
      const item = parse(end);
      if (!item) {
        return undefined;
      }
      items.push(item.value);
      end = item.end;
    }
    return { value: Number(line) < 0 ? null : items, end };
  };
  socket.on("data", (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (let reply = parse(0); reply; reply = buffer.length > 0 ? parse(0) : undefined) {
      buffer = buffer.subarray(reply.end);
      const { resolve, reject } = waiting.shift();
      reply.value instanceof Error ? reject(reply.value) : resolve(reply.value);
    }
  });
  return {
    isReady: () => connected,
    command: (args) =>
      new Promise((resolve, reject) => {
        waiting.push({ resolve, reject });
        socket.write(
          `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join("")}`,
        );
      }),
    close: () => socket.destroy(),
  };
}

let client;
try {
  for (let i = 0; ; i++) {
    client = respClient();
    await new Promise((r) => setTimeout(r, 50));
    if (client.isReady() && (await client.command(["PING"])) === "PONG") {
      break;
    }
    client.close();
    if (i > 100) {
      throw new Error("redis-server did not start");
    }
  }

  const redis = createRedisConnection({ client, commandTimeoutMs: 1_000 });
  const store = createRedisTokenStore({ redis });
  const key = "lpkit:token:1:12345678:consumer:v2:va.sentinel.liveperson.net";
  const now = Date.now();
  const token = (label, lifeMs) => ({
    accessToken: `eyJhbGciOiJSUzI1NiJ9.e30.${label}`,
    tokenType: "Bearer",
    expiresAt: now + lifeMs,
    issuedAt: now,
  });
  const long = token("long", 3_600_000);
  assert.equal(await store.setIfLonger(key, long, 3_600_000), true);
  assert.equal(await store.setIfLonger(key, token("short", 600_000), 600_000), false);
  assert.equal((await store.get(key)).accessToken, long.accessToken);
  const entry = await store.getEntry(key);
  assert.ok(entry.ttlMs > 3_500_000 && entry.ttlMs <= 3_595_000);
  assert.doesNotMatch(inspect(await store.get(key)), /\.long/);

  const lease = await store.lease(key, 5_000);
  assert.ok(lease);
  assert.equal(await store.lease(key, 5_000), undefined);
  assert.equal(await lease.release(), true);

  await store.setBackoff(key, { failures: 2, status: 503 }, 5_000);
  assert.deepEqual((await store.getBackoff(key)).backoff, { failures: 2, status: 503, code: undefined });
  assert.equal(await store.deleteIf(key, long.accessToken), true);

  const keyBytes = crypto.getRandomValues(new Uint8Array(32));
  const jws = createRedisCache({
    redis,
    namespace: "consumer-jws",
    encryption: { keys: [{ id: "k1", key: keyBytes }] },
  });
  await jws.set("c1", "eyJhbGciOiJSUzI1NiJ9.e30.jws-secret", 60_000);
  assert.equal((await jws.get("c1")).value, "eyJhbGciOiJSUzI1NiJ9.e30.jws-secret");
  assert.doesNotMatch(String(await client.command(["GET", "lpkit:cache:1:consumer-jws:c1"])), /jws-secret/);

  await client.command(["SET", key, "garbage", "PX", "60000"]);
  assert.equal(await store.get(key), undefined);
  assert.equal(await client.command(["EXISTS", key]), 0);

  server.kill("SIGSTOP");
  await assert.rejects(
    createRedisTokenStore({ redis: client, commandTimeoutMs: 200 }).get(key),
    (error) => error.code === "ERR_STORE" && error.reason === "timeout" && error.name === "StoreError",
  );
  server.kill("SIGCONT");
  console.log("consumer ok: @lpkit/redis");
} finally {
  client?.close();
  server.kill("SIGKILL");
  rmSync(dir, { recursive: true, force: true });
}
