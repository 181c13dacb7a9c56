/**
 * `@lpkit/auth/verify`: verification of the Sentinel access tokens a service receives — v1 tokens
 * against LivePerson's published static key, v2 tokens against Sentinel's JWKS — with `alg` pinned
 * to RS256, `iss`, `aud`, `exp` and `iat` checked, and typed errors. It imports jose; the main entry
 * `@lpkit/auth` never does.
 *
 * @example
 * ```ts
 * import { verifyAccessToken } from "@lpkit/auth/verify";
 *
 * const { claims } = await verifyAccessToken(jwt, { accountId: "12345678", sentinel: "va.sentinel.liveperson.net" });
 * ```
 *
 * @module
 */
export {
  createSentinelJwks,
  SENTINEL_JWKS_PATH,
  type SentinelJwks,
  type SentinelJwksOptions,
  sentinelJwksUrl,
} from "./sentinel-jwks.js";
export { SENTINEL_V1_PUBLIC_KEY_BASE64, SENTINEL_V1_PUBLIC_KEY_PEM } from "./v1-public-keys.js";
export {
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  DEFAULT_CLOCK_TOLERANCE_SEC,
  DEFAULT_MAX_TOKEN_AGE_SEC,
  PINNED_ALGORITHM,
  SENTINEL_ISSUER,
  type V1Key,
  type VerifiedAccessToken,
  type VerifyOptions,
  verifyAccessToken,
} from "./verify.js";
