/**
 * `createRedisTokenStore`: the `TokenStore` of `@lpkit/auth` on Redis, with every optional
 * coordination method of that contract (`getEntry`, `setIfLonger`, `deleteIf`, `lease`, shared
 * back-off). Keys are the manager's own (`lpkit:token:1:<account>:<client>:<version>:<host>`);
 * the lease lives at `<key>:lease`, the back-off record at `<key>:backoff`.
 *
 * @module
 */
import {
  type AccessToken,
  type AuthLogger,
  createAccessToken,
  decodeStoredToken,
  encodeStoredToken,
  isUsableToken,
  type SharedBackoff,
  type TokenStore,
} from "@lpkit/auth";
import { InvalidArgumentError, type Now } from "@lpkit/core";
import { assertOptionsObject, describeAs, optionalFunction, optionalWholeNumber } from "@lpkit/core/internal";
import type { BreakerOptions } from "./breaker.js";
import type { SupportedRedisClient } from "./client.js";
import { connectionFrom, type RedisConnection } from "./connection.js";
import { createBodyCodec, type EncryptionOptions, PLAIN_CODEC } from "./encryption.js";
import { assertStoreKey, createEntries } from "./entries.js";
import { createLease } from "./lease.js";

/**
 * Options of {@link createRedisTokenStore}.
 *
 * @example
 * ```ts
 * const options: RedisTokenStoreOptions = { redis: client, encryption: { keys: [{ id: "k1", key }] } };
 * ```
 */
export interface RedisTokenStoreOptions {
  /** A connection from `createRedisConnection` (share one between stores) or a connected client. */
  redis: RedisConnection | SupportedRedisClient;
  /** When `redis` is a client: the deadline of each command, in ms. Default 1000. */
  commandTimeoutMs?: number | undefined;
  /** When `redis` is a client: the circuit breaker settings. */
  breaker?: BreakerOptions | undefined;
  /** Encrypt stored tokens (AES-GCM); the first key encrypts, all decrypt. Default: stored as is. */
  encryption?: EncryptionOptions | undefined;
  /** Prepended to every key (e.g. `"myapp:"`). Default none. */
  keyPrefix?: string | undefined;
  /** The entry leaves Redis this long before the token expires, in ms. Default 5000. */
  expiryMarginMs?: number | undefined;
  /** Largest entry read or written, in bytes; a larger one is deleted. Default 16 384. */
  maxValueBytes?: number | undefined;
  /** The clock (ms since the epoch). Default `Date.now`. */
  now?: Now | undefined;
  /** Told (secret-free: key and reason) when an unreadable entry is deleted. */
  logger?: AuthLogger | undefined;
}

/**
 * A token store on Redis: the whole `TokenStore` contract, plus the connection it uses.
 *
 * @example
 * ```ts
 * const store: RedisTokenStore = createRedisTokenStore({ redis: client });
 * store.redis.stats(); // { state: "closed", sent: 12, timeouts: 0, … }
 * ```
 */
export interface RedisTokenStore extends Required<TokenStore> {
  /** The guarded connection (its breaker state and counters). */
  readonly redis: RedisConnection;
}

/** Maximum lease and back-off length: 10 minutes. */
const MAX_HOLD_MS = 600_000;

function assertToken(token: unknown): asserts token is AccessToken {
  if (!isUsableToken(token, Number.NEGATIVE_INFINITY)) {
    throw new InvalidArgumentError("token", "expected an AccessToken (from getToken or createAccessToken)");
  }
}

function assertTtl(ttlMs: unknown): number {
  if (typeof ttlMs !== "number" || Number.isNaN(ttlMs) || ttlMs < 0) {
    throw new InvalidArgumentError("ttlMs", "expected a number of milliseconds ≥ 0");
  }
  return ttlMs;
}

function checkBackoff(backoff: SharedBackoff): SharedBackoff {
  const b = assertOptionsObject(backoff, "backoff");
  if (typeof b.failures !== "number" || !Number.isInteger(b.failures) || b.failures < 0 || b.failures > 1e6) {
    throw new InvalidArgumentError("backoff.failures", "expected a whole number from 0 to 1000000");
  }
  if (
    b.status !== undefined &&
    (typeof b.status !== "number" || !Number.isInteger(b.status) || b.status < 0 || b.status > 999)
  ) {
    throw new InvalidArgumentError("backoff.status", "expected an HTTP status");
  }
  if (b.code !== undefined && (typeof b.code !== "string" || !/^[A-Za-z0-9_.-]{1,64}$/.test(b.code))) {
    // Only codes, never free text: a message could carry a secret.
    throw new InvalidArgumentError("backoff.code", "expected a code of 1–64 letters, digits, '_', '.', '-'");
  }
  return { failures: b.failures, status: b.status, code: b.code };
}

function parseBackoff(text: string): SharedBackoff | undefined {
  try {
    const v = JSON.parse(text) as { f?: unknown; s?: unknown; c?: unknown };
    return checkBackoff({ failures: v.f as number, status: v.s as number, code: v.c as string });
  } catch {
    return undefined;
  }
}

/**
 * Creates a `TokenStore` on Redis for `createTokenManager({ store })`.
 *
 * @example
 * ```ts
 * import { createClient } from "redis";
 * import { createTokenManager } from "@lpkit/auth";
 * import { createRedisTokenStore, nodeRedisOptions } from "@lpkit/redis";
 *
 * const client = await createClient(nodeRedisOptions({ url: process.env.REDIS_URL })).connect();
 * const store = createRedisTokenStore({ redis: client });
 * const tokens = createTokenManager({ accountId, clientId, clientSecret, version: "v2", domains, store });
 * ```
 */
export function createRedisTokenStore(options: RedisTokenStoreOptions): RedisTokenStore {
  assertOptionsObject(options);
  const now = optionalFunction<Now>(options.now, "now") ?? Date.now;
  const redis = connectionFrom({ ...options, now });
  const prefix = options.keyPrefix ?? "";
  if (typeof prefix !== "string" || /[\s\p{Cc}]/u.test(prefix) || prefix.length > 256) {
    throw new InvalidArgumentError("keyPrefix", "expected a string of at most 256 characters, no whitespace");
  }
  const margin =
    options.expiryMarginMs === 0
      ? 0
      : optionalWholeNumber(options.expiryMarginMs, "expiryMarginMs", 5_000, 1, 3_600_000);
  const maxBytes = optionalWholeNumber(options.maxValueBytes, "maxValueBytes", 16_384, 1, 1_048_576);
  const logger = options.logger;
  const tokens = createEntries({
    redis,
    tag: "t1",
    codec: createBodyCodec(options.encryption),
    maxBytes,
    logger,
  });
  const backoffs = createEntries({ redis, tag: "b1", codec: PLAIN_CODEC, maxBytes: 1_024, logger });
  const full = (key: string) => `${prefix}${assertStoreKey(key)}`;

  /** The stored token as written, with its PTTL; unreadable content is deleted. */
  const readToken = async (operation: string, key: string) => {
    const entry = await tokens.read(operation, key);
    if (!entry) {
      return undefined;
    }
    const token = decodeStoredToken(entry.text);
    if (!token || Math.floor(token.expiresAt) !== entry.expiresAt) {
      await tokens.discard(key, entry.raw, "invalid-content");
      return undefined;
    }
    return { token, ttlMs: entry.ttlMs, raw: entry.raw };
  };

  const setIfLonger = async (key: string, token: AccessToken, ttlMs: number) => {
    const k = full(key);
    assertToken(token);
    const px = Math.min(assertTtl(ttlMs), token.expiresAt - now()) - margin;
    if (px < 1) {
      return false; // would leave Redis before it could be used
    }
    return tokens.write("set", k, encodeStoredToken(token), token.expiresAt, px, "keep-later-expiry");
  };

  const store: RedisTokenStore = {
    redis,
    async get(key) {
      const found = await readToken("get", full(key));
      if (!found) {
        return undefined;
      }
      const t = now();
      const expiresAt = Math.min(
        found.token.expiresAt,
        found.ttlMs === undefined ? Infinity : t + found.ttlMs,
      );
      // Not a spread: `accessToken` is not enumerable (so spreads and Object.values never show it).
      const { accessToken, tokenType, issuedAt } = found.token;
      return expiresAt > t ? createAccessToken({ accessToken, tokenType, issuedAt, expiresAt }) : undefined;
    },
    async getEntry(key) {
      const found = await readToken("getEntry", full(key));
      return found && { token: found.token, ttlMs: found.ttlMs };
    },
    async set(key, token, ttlMs) {
      await setIfLonger(key, token, ttlMs);
    },
    setIfLonger,
    async delete(key) {
      await tokens.remove("delete", full(key));
    },
    async deleteIf(key, accessToken) {
      const k = full(key);
      if (typeof accessToken !== "string" || accessToken === "") {
        throw new InvalidArgumentError("accessToken", "expected the token string to compare with");
      }
      const found = await readToken("deleteIf", k);
      return found?.token.accessToken === accessToken ? tokens.removeIf("deleteIf", k, found.raw) : false;
    },
    lease: (key, ttlMs) => createLease(redis, `${full(key)}:lease`, ttlMs, MAX_HOLD_MS),
    async getBackoff(key) {
      const k = `${full(key)}:backoff`;
      const entry = await backoffs.read("getBackoff", k);
      const backoff = entry && parseBackoff(entry.text);
      if (entry && !backoff) {
        await backoffs.discard(k, entry.raw, "invalid-content");
      }
      return backoff && entry?.ttlMs !== undefined ? { backoff, ttlMs: entry.ttlMs } : undefined;
    },
    async setBackoff(key, backoff, ttlMs) {
      const k = `${full(key)}:backoff`;
      const b = checkBackoff(backoff);
      const ms = Math.ceil(assertTtl(ttlMs));
      if (ms < 1 || ms > MAX_HOLD_MS) {
        throw new InvalidArgumentError("ttlMs", `expected 1 to ${MAX_HOLD_MS} ms`);
      }
      const text = JSON.stringify({ f: b.failures, s: b.status, c: b.code });
      await backoffs.write("setBackoff", k, text, now() + ms, ms, "keep-longer-ttl");
    },
    async clearBackoff(key) {
      await backoffs.remove("clearBackoff", `${full(key)}:backoff`);
    },
  };
  return describeAs(store, () => ({
    kind: "RedisTokenStore",
    keyPrefix: prefix,
    encrypted: options.encryption !== undefined,
    redis: redis.stats(),
  }));
}
