/**
 * The fixed values of token verification.
 *
 * @module
 */
/**
 * The only algorithm Sentinel tokens are accepted with.
 *
 * @example
 * ```ts
 * decodeAccessToken(jwt).header.alg === PINNED_ALGORITHM; // "RS256"
 * ```
 */
export const PINNED_ALGORITHM = "RS256";
/**
 * The issuer of every Sentinel token.
 *
 * @example
 * ```ts
 * decodeAccessToken(jwt).claims.iss === SENTINEL_ISSUER; // "Sentinel"
 * ```
 */
export const SENTINEL_ISSUER = "Sentinel";
/**
 * Default clock tolerance for `exp`, `iat` and `nbf`, in seconds.
 *
 * @example
 * ```ts
 * createAccessTokenVerifier({ accountId, sentinel, clockToleranceSec: DEFAULT_CLOCK_TOLERANCE_SEC * 2 });
 * ```
 */
export const DEFAULT_CLOCK_TOLERANCE_SEC = 30;
/**
 * Default maximum token age (now − `iat`), in seconds: one day.
 *
 * @example
 * ```ts
 * createAccessTokenVerifier({ accountId, sentinel, maxTokenAgeSec: DEFAULT_MAX_TOKEN_AGE_SEC / 24 }); // one hour
 * ```
 */
export const DEFAULT_MAX_TOKEN_AGE_SEC = 86_400;
