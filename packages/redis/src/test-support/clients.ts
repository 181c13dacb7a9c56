/**
 * Test helpers: real clients of both flavours against a test server, and tokens.
 *
 * @module
 */
import { type AccessToken, createAccessToken } from "@lpkit/auth";
import type { RedisServer } from "@lpkit/redis-test-server";
import { Redis } from "ioredis";
import { createClient } from "redis";
import type { SupportedRedisClient } from "../client.js";
import { ioredisOptions, nodeRedisOptions } from "../client-options.js";

/** A connected client and how to drop it. */
export interface TestClient {
  readonly client: SupportedRedisClient;
  /** Closes the connection abruptly (no QUIT): what the server sees when a process dies. */
  destroy(): void;
}

/** One client library. */
export interface Flavour {
  readonly name: "node-redis" | "ioredis";
  connect(server: RedisServer, overrides?: Record<string, unknown>): Promise<TestClient>;
}

const opened = new Set<TestClient>();

/** Closes every client the tests opened (call in afterAll). */
export function closeAllClients(): void {
  for (const c of opened) {
    c.destroy();
  }
  opened.clear();
}

export const NODE_REDIS: Flavour = {
  name: "node-redis",
  async connect(server, overrides = {}) {
    const client = createClient(nodeRedisOptions({ url: server.url, ...overrides }));
    client.on("error", () => {}); // the store reports failures; the client must not crash the test
    await client.connect();
    const handle: TestClient = {
      client,
      destroy: () => {
        if (client.isOpen) {
          client.destroy();
        }
      },
    };
    opened.add(handle);
    return handle;
  },
};

export const IOREDIS: Flavour = {
  name: "ioredis",
  async connect(server, overrides = {}) {
    const client = new Redis(server.url, ioredisOptions({ lazyConnect: true, ...overrides }));
    client.on("error", () => {});
    await client.connect();
    const handle: TestClient = { client, destroy: () => client.disconnect() };
    opened.add(handle);
    return handle;
  },
};

export const FLAVOURS: readonly Flavour[] = [NODE_REDIS, IOREDIS];

let counter = 0;

/** A token string that is unique and recognisable in output (so leaks are easy to find). */
export function tokenText(label = "t"): string {
  counter += 1;
  return `eyJhbGciOiJSUzI1NiJ9.eyJsYWJlbCI6IiR7bGFiZWx9In0.secret-${label}-${counter}-${Math.random().toString(36).slice(2)}`;
}

/** A token expiring at `expiresAt`. */
export function token(expiresAt: number, label = "t"): AccessToken {
  return createAccessToken({
    accessToken: tokenText(label),
    tokenType: "Bearer",
    expiresAt,
    issuedAt: expiresAt - 3_600_000,
  });
}

/** A unique key in the token layout. */
export function tokenKey(label = "k"): string {
  counter += 1;
  return `lpkit:token:1:12345678:${label}-${counter}:v2:va.sentinel.liveperson.net`;
}

/**
 * The command deadline of the tests whose subject is not the deadline: no busy CI machine reaches
 * it, so a command that has to get through does (the product's 1 s default is a fleet's choice, not
 * a test's; the deadline itself is under test in faults.test.ts, with real freezes).
 */
export const ROOMY_MS = 10_000;

/** Polls `check` every 20 ms until it returns true or `withinMs` passes (a hang guard, not a time bound). */
export async function eventually(check: () => Promise<boolean> | boolean, withinMs = 60_000): Promise<void> {
  const giveUp = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > giveUp) {
      throw new Error(`condition not met within ${withinMs} ms`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
