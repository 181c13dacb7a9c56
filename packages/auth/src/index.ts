/**
 * `@lpkit/auth`: the LivePerson token lifecycle — discover hosts, fetch a Sentinel token on first
 * use, cache it, refresh it before it expires, retry what is worth retrying, share it between
 * callers and processes, and replay a request once after a 401 — and the facades built on it:
 * `createLivePersonFunctions` (faasGW) and `createLivePersonConnector` (the Connector API: AppJWT,
 * ConsumerJWS per consumer, conversations, webhooks). Verifying the tokens you receive is
 * `@lpkit/auth/verify` (the only entry point that loads jose).
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
export {
  DEFAULT_CONVERSATION_STORE_TTL_MS,
  DEFAULT_JWS_STORE_TTL_MS,
  DEFAULT_MAX_ENTRIES,
  DEFAULT_STORE_TIMEOUT_MS,
  MAX_ENTRIES_LIMIT,
} from "./connector/connector-options.js";
export type { ConnectorStore } from "./connector/connector-store.js";
export type {
  ConnectorCacheOptions,
  ConnectorWebhookOptions,
  ConsumerCallOptions,
  ConsumerSendResult,
  LivePersonConnector,
  LivePersonConnectorOptions,
  LivePersonConnectorStats,
  NewConversationDefaults,
} from "./connector/connector-types.js";
export { createLivePersonConnector } from "./connector/live-person-connector.js";
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
export { verifyAccessToken } from "./verify-alias.js";
