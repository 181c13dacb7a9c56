/**
 * `@lpkit/auth`: the LivePerson token lifecycle — discover hosts, fetch a Sentinel token on first
 * use, cache it, refresh it before it expires, retry what is worth retrying, share it between
 * callers and processes, replay a request once after a 401, and verify tokens you receive.
 *
 * @example
 * ```ts
 * import { createLivePersonFunctions } from "@lpkit/auth";
 *
 * const lp = createLivePersonFunctions({ accountId: "12345678", clientId, clientSecret });
 * const { data } = await lp.invoke("3fa85f64-5717-4562-b3fc-2c963f66afa6", { hello: "world" });
 * ```
 *
 * @module
 */
export {
  type AccessToken,
  createAccessToken,
  decodeStoredToken,
  encodeStoredToken,
  isUsableToken,
} from "./access-token.js";
export { type AuthMiddlewareSource, createAuthMiddleware } from "./auth-middleware.js";
export { decodeAccessToken } from "./decode.js";
export {
  createDomainResolver,
  DEFAULT_DOMAIN_TTL_MS,
  DEFAULT_STALE_RETRY_MS,
  type DomainResolver,
  type DomainResolverOptions,
  type ResolveOptions,
} from "./domain-resolver.js";
export type {
  AuthEvent,
  AuthEventListener,
  AuthEventOf,
  AuthEventSource,
  AuthEventType,
  DomainsRefreshedEvent,
  DomainsRefreshFailedEvent,
  RetryScheduledEvent,
  TokenEventScope,
  TokenFetchedEvent,
  TokenInvalidatedEvent,
  TokenRefreshedEvent,
  TokenRefreshFailedEvent,
} from "./events.js";
export {
  createLivePersonFunctions,
  type FunctionsFaasOptions,
  type LivePersonFunctions,
  type LivePersonFunctionsOptions,
} from "./liveperson-functions.js";
export type { AuthLogger, LogFields, LogLevel } from "./logger.js";
export type { ErrorSummary } from "./redaction.js";
export {
  DEFAULT_HARD_WINDOW_MS,
  DEFAULT_SOFT_WINDOW_MS,
  effectiveWindows,
  type RefreshWindows,
  type TokenPhase,
  tokenPhase,
} from "./refresh-policy.js";
export {
  DEFAULT_RETRY_POLICY,
  fullJitterDelay,
  type Random,
  type RetryPolicy,
  type Sleep,
} from "./retry.js";
export {
  createSentinelJwks,
  SENTINEL_JWKS_PATH,
  type SentinelJwks,
  type SentinelJwksOptions,
  sentinelJwksUrl,
} from "./sentinel-jwks.js";
export { type TokenCacheKeyParts, tokenCacheKey } from "./token-cache-key.js";
export {
  createTokenManager,
  type GetTokenOptions,
  type SentinelDomains,
  type TokenManager,
  type TokenManagerEventType,
  type TokenManagerOptions,
} from "./token-manager.js";
export {
  createMemoryTokenStore,
  type SharedBackoff,
  type SharedBackoffEntry,
  type TokenLease,
  type TokenStore,
  type TokenStoreEntry,
} from "./token-store.js";
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
