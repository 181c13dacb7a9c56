// Consumer of @lpkit/redis, type-checked (never run) under nodenext and bundler resolution. No Redis
// client library is installed here: the package's types must not need one.
import {
  type CacheEntry,
  createRedisCache,
  createRedisConnection,
  createRedisTokenStore,
  type EncryptionOptions,
  ioredisOptions,
  nodeRedisOptions,
  type RedisClientLike,
  type RedisConnectionStats,
  type RedisTokenStore,
} from "@lpkit/redis";

const client: RedisClientLike = { command: async () => null, isReady: () => true };
const redis = createRedisConnection({ client, commandTimeoutMs: 1_000, breaker: { openMs: 500 } });
const encryption: EncryptionOptions = { keys: [{ id: "k1", key: new Uint8Array(32) }] };
const store: RedisTokenStore = createRedisTokenStore({ redis, encryption, keyPrefix: "app:" });
const cache = createRedisCache({ redis, namespace: "domains" });
const options = nodeRedisOptions({ url: "redis://127.0.0.1:6379", socket: { tls: true } });
const io = ioredisOptions({ lazyConnect: true });

export async function run(): Promise<string> {
  const lease = await store.lease("k", 3_000);
  const entry = await store.getEntry("k");
  const hit: CacheEntry | undefined = await cache.get("12345678");
  const stats: RedisConnectionStats = store.redis.stats();
  return `${lease ? await lease.release() : false} ${entry?.ttlMs} ${hit?.value} ${stats.state} ${options.socket.socketTimeout} ${io.commandTimeout}`;
}

// @ts-expect-error a namespace is required
createRedisCache({ redis });
