/**
 * The Connector facade's own options, checked once (each bad one is an `InvalidArgumentError`
 * naming it) with their defaults: the two caches and the store deadline.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { assertOptionsObject, optionalDuration, optionalImplementation } from "@lpkit/core/internal";
import type { ConnectorStore } from "./connector-store.js";
import type { ConnectorCacheOptions, LivePersonConnectorOptions } from "./connector-types.js";

/** Default entries per cache kept in the process. */
export const DEFAULT_MAX_ENTRIES = 100_000;
/** Largest `maxEntries` accepted (ten million). */
export const MAX_ENTRIES_LIMIT = 10_000_000;
/** Default TTL of a stored ConsumerJWS: 30 days (it never expires; the TTL only cleans the store). */
export const DEFAULT_JWS_STORE_TTL_MS = 30 * 24 * 3600_000;
/** Default TTL of a stored consumer ↔ conversation entry: 7 days. */
export const DEFAULT_CONVERSATION_STORE_TTL_MS = 7 * 24 * 3600_000;
/** Default time limit of one store call, in ms. */
export const DEFAULT_STORE_TIMEOUT_MS = 1_000;

/** One checked cache option. */
export interface CacheSettings {
  readonly maxEntries: number;
  readonly store: ConnectorStore | undefined;
  readonly storeTtlMs: number;
}

function cache(value: ConnectorCacheOptions | undefined, name: string, ttl: number): CacheSettings {
  if (value === undefined) {
    return { maxEntries: DEFAULT_MAX_ENTRIES, store: undefined, storeTtlMs: ttl };
  }
  const options = assertOptionsObject(value, name);
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1 || maxEntries > MAX_ENTRIES_LIMIT) {
    throw new InvalidArgumentError(
      `${name}.maxEntries`,
      `expected a whole number from 1 to ${MAX_ENTRIES_LIMIT}`,
    );
  }
  const storeTtlMs = optionalDuration(options.storeTtlMs, `${name}.storeTtlMs`, ttl);
  if (storeTtlMs < 1_000) {
    throw new InvalidArgumentError(`${name}.storeTtlMs`, "expected at least 1000 milliseconds");
  }
  return {
    maxEntries,
    store: optionalImplementation<ConnectorStore>(
      options.store,
      `${name}.store`,
      ["get", "set", "delete"],
      "a store with get, set and delete (e.g. createRedisCache of @lpkit/redis)",
    ),
    storeTtlMs,
  };
}

/** The facade's own settings. */
export interface ConnectorFacadeSettings {
  readonly consumerJws: CacheSettings;
  readonly conversations: CacheSettings;
  readonly storeTimeoutMs: number;
}

/**
 * Checks the facade's own options.
 *
 * @example
 * ```ts
 * resolveFacadeOptions({ consumerJws: { maxEntries: 1_000_000 } }).consumerJws.maxEntries; // 1000000
 * ```
 */
export function resolveFacadeOptions(
  options: Pick<LivePersonConnectorOptions, "consumerJws" | "conversations" | "storeTimeoutMs">,
): ConnectorFacadeSettings {
  return {
    consumerJws: cache(options.consumerJws, "consumerJws", DEFAULT_JWS_STORE_TTL_MS),
    conversations: cache(options.conversations, "conversations", DEFAULT_CONVERSATION_STORE_TTL_MS),
    storeTimeoutMs: optionalDuration(options.storeTimeoutMs, "storeTimeoutMs", DEFAULT_STORE_TIMEOUT_MS),
  };
}
