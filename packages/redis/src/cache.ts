/**
 * `createRedisCache`: a small key/value store with TTLs on the same connection, layout, deadlines,
 * breaker and encryption as the token store — for Domain API answers, ConsumerJWS and other
 * entries several processes should share. Keys: `lpkit:cache:1:<namespace>:<key>`.
 *
 * @module
 */
import type { AuthLogger } from "@lpkit/auth";
import { InvalidArgumentError, type Now } from "@lpkit/core";
import {
  assertOptionsObject,
  assertWholeNumber,
  describeAs,
  optionalFunction,
  optionalWholeNumber,
} from "@lpkit/core/internal";
import type { BreakerOptions } from "./breaker.js";
import type { SupportedRedisClient } from "./client.js";
import { connectionFrom, type RedisConnection } from "./connection.js";
import { createBodyCodec, type EncryptionOptions } from "./encryption.js";
import { createEntries } from "./entries.js";

/**
 * Prefix of every cache key, with a format version.
 *
 * @example
 * ```ts
 * `${CACHE_KEY_PREFIX}:domains:12345678`; // "lpkit:cache:1:domains:12345678"
 * ```
 */
export const CACHE_KEY_PREFIX = "lpkit:cache:1";

/**
 * Options of {@link createRedisCache}.
 *
 * @example
 * ```ts
 * const options: RedisCacheOptions = { redis, namespace: "consumer-jws", encryption: { keys: [{ id: "k1", key }] } };
 * ```
 */
export interface RedisCacheOptions {
  /** A connection from `createRedisConnection` (share one between stores) or a connected client. */
  redis: RedisConnection | SupportedRedisClient;
  /** When `redis` is a client: the deadline of each command, in ms. Default 1000. */
  commandTimeoutMs?: number | undefined;
  /** When `redis` is a client: the circuit breaker settings. */
  breaker?: BreakerOptions | undefined;
  /** What the entries are, e.g. `domains` or `consumer-jws`: lower-case letters, digits, `-`. */
  namespace: string;
  /** Encrypt values (AES-GCM) — do so for secrets such as a ConsumerJWS. */
  encryption?: EncryptionOptions | undefined;
  /** Largest entry read or written, in bytes; a larger stored one is deleted. Default 65 536. */
  maxValueBytes?: number | undefined;
  /** The clock (ms since the epoch). Default `Date.now`. */
  now?: Now | undefined;
  /** Told (secret-free: key and reason) when an unreadable entry is deleted. */
  logger?: AuthLogger | undefined;
}

/**
 * A cached value.
 *
 * @example
 * ```ts
 * const hit: CacheEntry | undefined = await cache.get("12345678");
 * ```
 */
export interface CacheEntry {
  readonly value: string;
  /** When the writer said it expires (its clock), in ms since the epoch. */
  readonly expiresAt: number;
  /** Remaining lifetime on the Redis server's clock, in ms. */
  readonly ttlMs: number | undefined;
}

/**
 * The cache. Failures reject with `StoreError`; treat them as a miss.
 *
 * @example
 * ```ts
 * await cache.set("12345678", JSON.stringify(domains), 60_000);
 * const hit = await cache.get("12345678");
 * ```
 */
export interface RedisCache {
  /** The entry, or `undefined`; an unreadable one is deleted and reported as a miss. */
  get(key: string): Promise<CacheEntry | undefined>;
  /** Stores `value` for `ttlMs`; with `keepLonger`, not over an entry expiring later. Whether it stored. */
  set(key: string, value: string, ttlMs: number, options?: { keepLonger?: boolean }): Promise<boolean>;
  /** Deletes the entry (with `ifValue`, only while it holds that value). Whether it deleted. */
  delete(key: string, options?: { ifValue?: string }): Promise<boolean>;
  readonly redis: RedisConnection;
}

/**
 * Creates a cache in `namespace`.
 *
 * @example
 * ```ts
 * const jws = createRedisCache({ redis, namespace: "consumer-jws", encryption: { keys: [{ id: "k1", key }] } });
 * await jws.set(consumerId, consumerJws, 55 * 60_000);
 * ```
 */
export function createRedisCache(options: RedisCacheOptions): RedisCache {
  assertOptionsObject(options);
  const now = optionalFunction<Now>(options.now, "now") ?? Date.now;
  if (typeof options.namespace !== "string" || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(options.namespace)) {
    throw new InvalidArgumentError("namespace", "expected 1–63 lower-case letters, digits or '-'");
  }
  const redis = connectionFrom({ ...options, now });
  const maxBytes = optionalWholeNumber(options.maxValueBytes, "maxValueBytes", 65_536, 1, 16_777_216);
  const codec = createBodyCodec(options.encryption);
  const entries = createEntries({ redis, tag: "c1", codec, maxBytes, logger: options.logger });
  const prefix = `${CACHE_KEY_PREFIX}:${options.namespace}:`;
  const full = (key: string) => {
    if (typeof key !== "string" || key.length === 0 || key.length > 1024) {
      throw new InvalidArgumentError("key", "expected a non-empty string of at most 1024 characters");
    }
    try {
      return `${prefix}${encodeURIComponent(key)}`; // any text; encoded, so it prints and logs cleanly
    } catch {
      throw new InvalidArgumentError("key", "expected well-formed text (no lone surrogates)");
    }
  };

  const cache: RedisCache = {
    redis,
    async get(key) {
      const entry = await entries.read("cache-get", full(key));
      return entry && { value: entry.text, expiresAt: entry.expiresAt, ttlMs: entry.ttlMs };
    },
    async set(key, value, ttlMs, setOptions = {}) {
      const k = full(key);
      if (typeof value !== "string") {
        throw new InvalidArgumentError("value", "expected a string (serialise objects first)");
      }
      const ms = assertWholeNumber(ttlMs, "ttlMs", 1, 31_536_000_000);
      const mode =
        assertOptionsObject(setOptions, "options").keepLonger === true ? "keep-later-expiry" : "replace";
      return entries.write("cache-set", k, value, now() + ms, ms, mode);
    },
    async delete(key, deleteOptions = {}) {
      const k = full(key);
      const { ifValue } = assertOptionsObject(deleteOptions, "options");
      if (ifValue === undefined) {
        return entries.remove("cache-delete", k);
      }
      if (typeof ifValue !== "string") {
        throw new InvalidArgumentError("ifValue", "expected a string");
      }
      const entry = await entries.read("cache-delete", k);
      return entry?.text === ifValue ? entries.removeIf("cache-delete", k, entry.raw) : false;
    },
  };
  return describeAs(cache, () => ({
    kind: "RedisCache",
    namespace: options.namespace,
    encrypted: options.encryption !== undefined,
    redis: redis.stats(),
  }));
}
