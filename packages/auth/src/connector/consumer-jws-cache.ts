/**
 * ConsumerJWS per `ext_consumer_id`: a bounded LRU in the process, then the shared store, then the
 * IdP — fetched once (single flight per consumer: any number of concurrent first sends to one
 * consumer make one IdP request), kept (a ConsumerJWS never expires), and dropped only when the Send
 * API rejects it (40103), so that the next call fetches a new one.
 *
 * @module
 */
import { AbortError } from "@lpkit/core";
import { decodeConsumerJws } from "@lpkit/idp";
import { createSingleFlight, waitFor } from "../single-flight.js";
import type { GuardedStore } from "./connector-store.js";
import { createLru } from "./lru.js";

/** What the cache needs from outside: the IdP call, the store, the limits. */
export interface ConsumerJwsCacheSettings {
  readonly accountId: string;
  /** Asks the IdP (through the IdP client) for a new ConsumerJWS; `signal` is the facade's lifetime. */
  readonly fetchJws: (extConsumerId: string, signal: AbortSignal) => Promise<string>;
  readonly store: GuardedStore;
  readonly storeTtlMs: number;
  readonly maxEntries: number;
  readonly lifetime: AbortSignal;
}

/** Counters of the cache. */
export interface ConsumerJwsCacheStats {
  /** IdP requests made (each a new ConsumerJWS). */
  readonly fetched: number;
  /** Served from the shared store. */
  readonly fromStore: number;
  /** Served from the process's LRU. */
  readonly hits: number;
  /** Dropped after the Send API rejected them (40103). */
  readonly rejected: number;
  readonly size: number;
  readonly evictions: number;
}

/** The ConsumerJWS cache of one facade. */
export interface ConsumerJwsCache {
  /** The consumer's ConsumerJWS; `signal` ends this caller's wait only. */
  get(extConsumerId: string, signal?: AbortSignal | undefined): Promise<string>;
  /** After a 40103: drops `rejected` (if it is still the one held) and returns a new one. */
  renew(extConsumerId: string, rejected: string, signal?: AbortSignal | undefined): Promise<string>;
  stats(): ConsumerJwsCacheStats;
}

/** Store key of a consumer's ConsumerJWS (the store namespaces it further). */
export function jwsKey(accountId: string, extConsumerId: string): string {
  return `${accountId}:${extConsumerId}`;
}

/** Whether a stored value is a ConsumerJWS of this consumer of this account. */
function belongs(token: string, accountId: string, extConsumerId: string): boolean {
  try {
    const { claims } = decodeConsumerJws(token);
    return claims.account_id === accountId && claims.ext_consumer_id === extConsumerId;
  } catch {
    return false;
  }
}

/**
 * Creates the cache.
 *
 * @example
 * ```ts
 * const cache = createConsumerJwsCache({ accountId, fetchJws, store, storeTtlMs, maxEntries: 100_000, lifetime });
 * const jws = await cache.get("user-42");
 * ```
 */
export function createConsumerJwsCache(settings: ConsumerJwsCacheSettings): ConsumerJwsCache {
  const { accountId, store, lifetime } = settings;
  const lru = createLru<string>(settings.maxEntries);
  const flights = createSingleFlight<string>();
  let fetched = 0;
  let fromStore = 0;
  let hits = 0;
  let rejected = 0;

  const load = async (extConsumerId: string, skip: string | undefined): Promise<string> => {
    const key = jwsKey(accountId, extConsumerId);
    const stored = await store.get(key);
    if (stored !== undefined && stored !== skip && belongs(stored, accountId, extConsumerId)) {
      fromStore += 1;
      lru.set(extConsumerId, stored);
      return stored;
    }
    if (lifetime.aborted) {
      throw new AbortError("the Connector facade was disposed");
    }
    const token = await settings.fetchJws(extConsumerId, lifetime);
    fetched += 1;
    lru.set(extConsumerId, token);
    await store.set(key, token, settings.storeTtlMs);
    return token;
  };

  const shared = (extConsumerId: string, skip: string | undefined, signal: AbortSignal | undefined) =>
    waitFor(
      flights.run(extConsumerId, () => load(extConsumerId, skip)),
      signal,
      "the wait for a ConsumerJWS",
    );

  return {
    async get(extConsumerId, signal) {
      const held = lru.get(extConsumerId);
      if (held !== undefined) {
        hits += 1;
        return held;
      }
      return shared(extConsumerId, undefined, signal);
    },
    async renew(extConsumerId, rejectedToken, signal) {
      if (lru.delete(extConsumerId, rejectedToken)) {
        rejected += 1;
        await store.delete(jwsKey(accountId, extConsumerId), rejectedToken);
      }
      const held = lru.get(extConsumerId);
      if (held !== undefined && held !== rejectedToken) {
        return held; // another caller renewed it already
      }
      return shared(extConsumerId, rejectedToken, signal);
    },
    stats: () => ({ fetched, fromStore, hits, rejected, size: lru.size, evictions: lru.evictions }),
  };
}
