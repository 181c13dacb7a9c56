/**
 * The token store (shared token store): an async get/set/delete interface, so several processes can share
 * one token through Redis, a KV store or a database. The token manager re-checks the expiry of
 * whatever a store returns on every read — a store that forgets to expire entries never causes an
 * expired token to be sent. The in-memory store is the default.
 *
 * @module
 */
import type { Now } from "@lpkit/core";
import { assertOptionsObject, optionalFunction } from "@lpkit/core/internal";
import { MAX_TRUSTED_LIFETIME_MS } from "@lpkit/sentinel";
import { type AccessToken, asAccessToken, createAccessToken, isUsableToken } from "./access-token.js";

/**
 * Where tokens are kept, keyed by `tokenCacheKey(...)`. Every method may be async. Errors thrown
 * by a store never fail a caller: the manager logs them and falls back to its own copy.
 *
 * Only `get`, `set` and `delete` are required. The other methods are optional coordination
 * primitives for sharing one token across processes (`@lpkit/redis` implements them all); a store
 * implements each completely or not at all. Their contract:
 *
 * - `getEntry` — the token as written plus the store's own remaining lifetime `ttlMs` (Redis
 *   `PTTL`), read in one step. Treat the token as expiring at `min(token.expiresAt, now + ttlMs)`:
 *   the TTL counts down on the store's clock, so a writer's wrong clock cannot stretch a token.
 * - `setIfLonger` — stores `token` unless the entry already there expires at the same time or later;
 *   resolves whether it stored. A late writer (paused, or its command queued) never rolls the
 *   slot back to an older token. An unreadable entry is always replaced.
 * - `deleteIf` — deletes the entry only if it still holds `accessToken` (after a 401), so a token
 *   another process just wrote survives.
 * - `lease` — a short exclusive lease on `key` (one refresher at a time across processes): a
 *   {@link TokenLease} for the winner, `undefined` when someone else holds it. It lapses after
 *   `ttlMs` unless extended, so a holder that dies costs at most one `ttlMs`.
 * - `getBackoff` / `setBackoff` / `clearBackoff` — a shared "token requests are failing, wait"
 *   record per key, so an outage is not N processes × retries. `setBackoff` never shortens a
 *   longer wait already recorded. The record holds counts and codes only, never a secret.
 *
 * Failures of these methods reject (in `@lpkit/redis`, with `StoreError` from `@lpkit/core`: its
 * `reason` tells a slow store, `timeout`, from one that is down, `offline` / `circuit-open`).
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
  /** The token and the store's remaining lifetime of the entry, in one read. */
  getEntry?(key: string): Promise<TokenStoreEntry | undefined>;
  /** Stores `token` unless the current entry lasts as long or longer; whether it stored. */
  setIfLonger?(key: string, token: AccessToken, ttlMs: number): Promise<boolean>;
  /** Deletes the entry only while it holds `accessToken`; whether it deleted. */
  deleteIf?(key: string, accessToken: string): Promise<boolean>;
  /** Takes the lease on `key` for `ttlMs`, or `undefined` if another holder has it. */
  lease?(key: string, ttlMs: number): Promise<TokenLease | undefined>;
  /** The shared back-off record of `key`, with how long it still lasts. */
  getBackoff?(key: string): Promise<SharedBackoffEntry | undefined>;
  /** Records a back-off for `ttlMs` (never shortening a longer one already there). */
  setBackoff?(key: string, backoff: SharedBackoff, ttlMs: number): Promise<void>;
  /** Removes the back-off record (after a successful token request). */
  clearBackoff?(key: string): Promise<void>;
}

/**
 * What {@link TokenStore.getEntry} returns.
 *
 * @example
 * ```ts
 * const entry = await store.getEntry?.(key);
 * const expiresAt = entry && Math.min(entry.token.expiresAt, now() + (entry.ttlMs ?? Infinity));
 * ```
 */
export interface TokenStoreEntry {
  /** The token as it was written. */
  readonly token: AccessToken;
  /** The entry's remaining lifetime on the store's clock, in ms; `undefined` when it has none. */
  readonly ttlMs: number | undefined;
}

/**
 * An exclusive lease from {@link TokenStore.lease}.
 *
 * @example
 * ```ts
 * const lease = await store.lease?.(key, 3_000);
 * if (lease) try { await refreshToken(); } finally { await lease.release(); }
 * ```
 */
export interface TokenLease {
  /** Ends the lease if this holder still has it; whether it did (false: it had lapsed). */
  release(): Promise<boolean>;
  /** Extends the lease to `ttlMs` from now if this holder still has it; whether it did. */
  extend(ttlMs: number): Promise<boolean>;
}

/**
 * A shared back-off record: counts and codes only, never a secret.
 *
 * @example
 * ```ts
 * await store.setBackoff?.(key, { failures: 3, status: 503, code: "ERR_TOKEN_REQUEST" }, 4_000);
 * ```
 */
export interface SharedBackoff {
  /** Consecutive failed token requests. */
  readonly failures: number;
  /** The HTTP status of the last failure, if there was one. */
  readonly status?: number | undefined;
  /** A stable error code (`ERR_TOKEN_REQUEST`, an OAuth `error` such as `invalid_client`). */
  readonly code?: string | undefined;
}

/**
 * What {@link TokenStore.getBackoff} returns.
 *
 * @example
 * ```ts
 * const wait = (await store.getBackoff?.(key))?.ttlMs ?? 0;
 * ```
 */
export interface SharedBackoffEntry {
  readonly backoff: SharedBackoff;
  /** How long the back-off still lasts, in ms (store clock). */
  readonly ttlMs: number;
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
  assertOptionsObject(options);
  const now = optionalFunction<Now>(options.now, "now") ?? Date.now;
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
 * `now` — the check every read goes through. A stored token is trusted for at most 24 hours after
 * its `issuedAt` (`MAX_TRUSTED_LIFETIME_MS`), whatever `expiresAt` the entry claims, and not at all
 * when it expires before it was issued. The returned token prints as `[REDACTED]`.
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
  if (!isUsableToken(value, now)) {
    return undefined;
  }
  const expiresAt = Math.min(value.expiresAt, value.issuedAt + MAX_TRUSTED_LIFETIME_MS);
  if (expiresAt <= now || expiresAt <= value.issuedAt) {
    return undefined;
  }
  if (expiresAt === value.expiresAt) {
    return asAccessToken(value);
  }
  const { accessToken, tokenType, issuedAt } = value;
  return createAccessToken({ accessToken, tokenType, issuedAt, expiresAt });
}
