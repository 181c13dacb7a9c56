/**
 * The token store (behaviour 8): an async get/set/delete interface, so several processes can share
 * one token through Redis, a KV store or a database. The token manager re-checks the expiry of
 * whatever a store returns on every read — a store that forgets to expire entries never causes an
 * expired token to be sent. The in-memory store is the default.
 *
 * @module
 */
import { type AccessToken, createAccessToken, isUsableToken } from "./access-token.js";
import { assertNow, assertOptions } from "./validate-options.js";

/**
 * Where tokens are kept, keyed by `tokenCacheKey(...)`. Every method may be async. Errors thrown
 * by a store never fail a caller: the manager logs them and falls back to its own copy.
 *
 * @example
 * ```ts
 * import { decodeStoredToken, encodeStoredToken, type TokenStore } from "@lpkit/auth";
 *
 * const redisStore: TokenStore = {
 *   async get(key) { return decodeStoredToken(await redis.get(key)); },
 *   async set(key, token, ttlMs) { await redis.set(key, encodeStoredToken(token), { PX: ttlMs }); },
 *   async delete(key) { await redis.del(key); },
 * };
 * ```
 */
export interface TokenStore {
  /** The token stored under `key`, or `undefined`. May return expired entries; they are ignored. */
  get(key: string): Promise<AccessToken | undefined>;
  /** Stores `token`; `ttlMs` is how long until it expires (a hint for stores with TTLs). */
  set(key: string, token: AccessToken, ttlMs: number): Promise<void>;
  /** Removes the token under `key`, if any. */
  delete(key: string): Promise<void>;
}

/**
 * The default store: a `Map` in this process. It drops entries once they expire.
 *
 * @example
 * ```ts
 * const store = createMemoryTokenStore();
 * const a = createTokenManager({ ...options, store });
 * const b = createTokenManager({ ...options, store }); // shares a's token
 * ```
 */
export function createMemoryTokenStore(options: { now?: () => number } = {}): TokenStore {
  assertOptions(options);
  const now = assertNow(options.now);
  const entries = new Map<string, AccessToken>();
  const store: TokenStore = {
    async get(key) {
      const token = entries.get(key);
      if (token && !isUsableToken(token, now())) {
        entries.delete(key);
        return undefined;
      }
      return token;
    },
    async set(key, token) {
      entries.set(key, token);
    },
    async delete(key) {
      entries.delete(key);
    },
  };
  return Object.defineProperty(store, "toJSON", {
    value: () => ({ kind: "MemoryTokenStore", entries: entries.size }),
    enumerable: false,
  });
}

/**
 * Reads `key` from `store` and returns the token only if it is well-formed and unexpired at
 * `now` — the check every read goes through. The returned copy prints as `[REDACTED]`.
 *
 * @example
 * ```ts
 * const token = await readUsableToken(store, key, Date.now());
 * ```
 */
export async function readUsableToken(
  store: TokenStore,
  key: string,
  now: number,
): Promise<AccessToken | undefined> {
  const value: unknown = await store.get(key);
  return isUsableToken(value, now) ? createAccessToken(value) : undefined;
}
