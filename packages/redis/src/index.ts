/**
 * `@lpkit/redis`: one token (and other shared entries) for a whole fleet of processes, on Redis.
 * A `TokenStore` for `@lpkit/auth` with every coordination method of its contract — reads with the
 * server's TTL, writes that never replace a longer-lived token, compare-and-delete, leases and a
 * shared back-off — plus a small key/value cache on the same connection. Every command has its own
 * deadline, a circuit breaker stops sending to a server that does not answer, every failure is a
 * `StoreError`, and an unreadable entry is deleted, never served. Values can be encrypted (AES-GCM).
 *
 * @example
 * ```ts
 * import { createClient } from "redis";
 * import { createRedisTokenStore, nodeRedisOptions } from "@lpkit/redis";
 *
 * const client = await createClient(nodeRedisOptions({ url: process.env.REDIS_URL })).connect();
 * const store = createRedisTokenStore({ redis: client });
 * ```
 *
 * @module
 */
export { type BreakerOptions, type BreakerState, DEFAULT_BREAKER } from "./breaker.js";
export {
  CACHE_KEY_PREFIX,
  type CacheEntry,
  createRedisCache,
  type RedisCache,
  type RedisCacheOptions,
} from "./cache.js";
export {
  fromIoredis,
  fromNodeRedis,
  type IoredisClientLike,
  type NodeRedisClientLike,
  type RedisClientLike,
  type RedisReply,
  type SupportedRedisClient,
  toRedisClient,
} from "./client.js";
export {
  ioredisOptions,
  type NodeRedisOptionsInput,
  type NodeRedisOptionsWith,
  nodeRedisOptions,
  type RecommendedIoredis,
  type RecommendedNodeRedis,
  type RecommendedNodeRedisSocket,
} from "./client-options.js";
export {
  type CommandOptions,
  createRedisConnection,
  isRedisConnection,
  type RedisConnection,
  type RedisConnectionOptions,
  type RedisConnectionStats,
} from "./connection.js";
export type { CryptoKeyLike, EncryptionKey, EncryptionOptions } from "./encryption.js";
export type { LuaScript } from "./scripts.js";
export { createRedisTokenStore, type RedisTokenStore, type RedisTokenStoreOptions } from "./token-store.js";
