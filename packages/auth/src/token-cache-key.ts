/**
 * The cache key of a token: one token per (account, client id, version, Sentinel
 * host). Two managers for the same client share a token through a shared store; a different
 * client, version or Sentinel host never gets someone else's token.
 *
 * @module
 */

/**
 * The parts that identify a token.
 *
 * @example
 * ```ts
 * const parts: TokenCacheKeyParts = { accountId: "12345678", clientId, version: "v2", sentinelHost: "va.sentinel.liveperson.net" };
 * ```
 */
export interface TokenCacheKeyParts {
  readonly accountId: string;
  readonly clientId: string;
  readonly version: "v1" | "v2";
  /** The Sentinel host the token comes from, e.g. `va.sentinel.liveperson.net`. */
  readonly sentinelHost: string;
}

/** Prefix of every key, with a format version so the layout can change safely. */
export const TOKEN_CACHE_KEY_PREFIX = "lpkit:token:1";

/**
 * Builds the store key of a token. Each part is URI-encoded, so no choice of parts can collide
 * with another (`a:b` + `c` ≠ `a` + `b:c`). The Sentinel host is compared case-insensitively.
 *
 * @example
 * ```ts
 * tokenCacheKey({ accountId: "12345678", clientId: "my-app", version: "v2", sentinelHost: "va.sentinel.liveperson.net" });
 * // "lpkit:token:1:12345678:my-app:v2:va.sentinel.liveperson.net"
 * ```
 */
export function tokenCacheKey(parts: TokenCacheKeyParts): string {
  return [
    TOKEN_CACHE_KEY_PREFIX,
    encodeURIComponent(parts.accountId),
    encodeURIComponent(parts.clientId),
    parts.version,
    encodeURIComponent(parts.sentinelHost.toLowerCase()),
  ].join(":");
}
