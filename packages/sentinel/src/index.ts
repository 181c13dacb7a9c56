/**
 * `@lpkit/sentinel`: a typed client for LivePerson Sentinel — OAuth 2.0 client-credentials
 * tokens (AppJWTs) on the v1 and v2 paths, the JWKS, and a web-standard AppJWT decoder.
 *
 * @example
 * ```ts
 * import { createSentinelClient } from "@lpkit/sentinel";
 *
 * const sentinel = createSentinelClient({ baseUrl: "va.sentinel.liveperson.net" });
 * const token = await sentinel.requestToken({ accountId, clientId, clientSecret, version: "v2" });
 * ```
 *
 * @module
 */
export { createSentinelClient, MAX_JWKS_BODY_BYTES, MAX_TOKEN_BODY_BYTES } from "./client.js";
export { decodeAppJwt } from "./decode-app-jwt.js";
export { DEFAULT_TOKEN_LIFETIME_MS, MAX_TRUSTED_LIFETIME_MS, parseExpiresIn } from "./expiry.js";
export type { components, operations, paths } from "./generated/sentinel.js";
export type {
  AppJwtClaims,
  AppJwtHeader,
  CallOptions,
  DecodedAppJwt,
  JsonWebKeySetResponse,
  Jwk,
  OAuthErrorResponse,
  SentinelApiVersion,
  SentinelClient,
  SentinelClientOptions,
  SentinelToken,
  SentinelTokenRequest,
  TokenResponse,
  V1Query,
} from "./types.js";
