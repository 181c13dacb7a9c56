/**
 * Public types of `@lpkit/sentinel`. Wire shapes come straight from the generated
 * `specs/sentinel.yaml` types; only the client's own options and results are declared here.
 *
 * @module
 */
import type { FetchLike, HeadersLike, Now, Transport } from "@lpkit/core";
import type { Client } from "openapi-fetch";
import type { components, paths } from "./generated/sentinel.js";

/**
 * Decoded AppJWT payload (`aud`, `azp`, `scope`, `iss`, `exp`, `iat`, …), from the spec's `AppJwtClaims`.
 *
 * @example
 * ```ts
 * const claims: AppJwtClaims = decodeAppJwt(token.accessToken).claims;
 * claims.aud; // "12345678"
 * ```
 */
export type AppJwtClaims = components["schemas"]["AppJwtClaims"];

/**
 * Decoded AppJWT JOSE header (`alg`, `kid`, `typ`), from the spec's `AppJwtHeader`.
 *
 * @example
 * ```ts
 * const header: AppJwtHeader = decodeAppJwt(jwt).header;
 * header.kid; // "appjwt-13-05-17"
 * ```
 */
export type AppJwtHeader = components["schemas"]["AppJwtHeader"];

/**
 * A decoded (not verified) AppJWT, from the spec's `AppJwt`.
 *
 * @example
 * ```ts
 * const { header, claims }: DecodedAppJwt = decodeAppJwt(jwt);
 * ```
 */
export type DecodedAppJwt = components["schemas"]["AppJwt"];

/**
 * Sentinel's token response as sent on the wire (`access_token`, `token_type`, `expires_in?`).
 *
 * @example
 * ```ts
 * const wire: TokenResponse = { access_token: "eyJ…", token_type: "Bearer", expires_in: "3600" };
 * ```
 */
export type TokenResponse = components["schemas"]["TokenResponse"];

/**
 * The OAuth 2.0 error body Sentinel is assumed to send (`error`, `error_description`); unverified.
 *
 * @example
 * ```ts
 * const body: OAuthErrorResponse = { error: "invalid_client" };
 * ```
 */
export type OAuthErrorResponse = components["schemas"]["OAuthErrorResponse"];

/**
 * The JWKS document served at `/sentinel/well-known/jwks`: `{ keys: Jwk[] }`.
 *
 * @example
 * ```ts
 * const jwks: JsonWebKeySetResponse = await sentinel.getJwks();
 * const key = jwks.keys.find((k) => k.kid === header.kid);
 * ```
 */
export type JsonWebKeySetResponse = components["schemas"]["JsonWebKeySetResponse"];

/**
 * One public key of the JWKS (`kty`, `kid?`, `use?`, `alg?`, `n?`, `e?`).
 *
 * @example
 * ```ts
 * const rsaKeys: Jwk[] = jwks.keys.filter((k) => k.kty === "RSA");
 * ```
 */
export type Jwk = components["schemas"]["Jwk"];

/**
 * Which Sentinel token endpoint to call: `v1` = `/sentinel/api/account/{accountId}/app/token`,
 * `v2` = `/sentinel/api/v2/account/{accountId}/app/token`.
 *
 * @example
 * ```ts
 * const version: SentinelApiVersion = "v2";
 * ```
 */
export type SentinelApiVersion = "v1" | "v2";

/**
 * The `v` query parameter sent on the v1 path: `"1.0"` as documented, or `"2.0"` as LivePerson's
 * own Functions clients send it.
 *
 * @example
 * ```ts
 * const v: V1Query = "2.0";
 * ```
 */
export type V1Query = NonNullable<
  paths["/sentinel/api/account/{accountId}/app/token"]["post"]["parameters"]["query"]
>["v"];

/**
 * Options of {@link createSentinelClient}.
 *
 * @example
 * ```ts
 * const options: SentinelClientOptions = { baseUrl: "va.sentinel.liveperson.net", timeoutMs: 5_000 };
 * ```
 */
export interface SentinelClientOptions {
  /** The Sentinel host from the Domain API (service `sentinel`); a bare host becomes `https://host`, or pass a URL. */
  baseUrl: string;
  /** The `fetch` to call; default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Time limit per call in milliseconds, including reading the body; default 10 000; `0` disables it. */
  timeoutMs?: number | undefined;
  /** Extra headers sent with every request. */
  headers?: HeadersLike | undefined;
  /** Allow plain `http://` for hosts that are not loopback (never needed in production); only `true`/`false`. */
  allowInsecureHttp?: boolean | undefined;
  /** Clock in milliseconds since the epoch; default `Date.now`. */
  now?: Now | undefined;
  /** Advanced: the transport to send with instead of `fetch` (see `Transport` in `@lpkit/core`). */
  transport?: Transport | undefined;
  /** Where `getJwks` fetches the key set below `baseUrl`; default `/sentinel/well-known/jwks`. */
  jwksPath?: string | undefined;
}

/**
 * Arguments of {@link SentinelClient.requestToken}.
 *
 * @example
 * ```ts
 * const request: SentinelTokenRequest = {
 *   accountId: "12345678",
 *   clientId: process.env.LP_CLIENT_ID ?? "",
 *   clientSecret: process.env.LP_CLIENT_SECRET ?? "",
 *   version: "v2",
 * };
 * ```
 */
export interface SentinelTokenRequest {
  /** LivePerson account (site) id. */
  accountId: string;
  /** The application installation's `client_id`. */
  clientId: string;
  /** The application installation's `client_secret`; never printed or echoed by lpkit. */
  clientSecret: string;
  /** Which token endpoint to call. */
  version: SentinelApiVersion;
  /** `v` sent on the v1 path; default `"1.0"`. Ignored for `version: "v2"`. */
  v1Query?: V1Query | undefined;
  /** Cancels the request. */
  signal?: AbortSignal | undefined;
}

/**
 * A token issued by Sentinel. `accessToken` prints as `[REDACTED]` under `console.log`,
 * `util.inspect` and `JSON.stringify`, and is not enumerable (spreads and `Object.values` skip it);
 * read the property to use it.
 *
 * @example
 * ```ts
 * const token: SentinelToken = await sentinel.requestToken(request);
 * headers.set("Authorization", `${token.tokenType} ${token.accessToken}`);
 * if (Date.now() > token.expiresAt - 60_000) {
 *   // request a new one
 * }
 * ```
 */
export interface SentinelToken {
  /** The AppJWT (compact JWS). */
  accessToken: string;
  /** `"Bearer"`. */
  tokenType: string;
  /**
   * Until when lpkit trusts the token, in ms since the epoch: the earliest of the JWT `exp`,
   * `expires_in` after the request started, and 24 hours after `issuedAt`; with neither `exp` nor
   * `expires_in`, one hour after the request started. Always after the request started (an
   * expired token is an `UnexpectedResponseError`).
   */
  expiresAt: number;
  /** `expires_in` in seconds as Sentinel sent it (a string or a number), parsed; `undefined` when absent or unusable. */
  expiresIn: number | undefined;
  /** Issue time in ms since the epoch: the JWT `iat`, else when the request started. */
  issuedAt: number;
  /** Decoded, **not verified** claims. */
  claims: AppJwtClaims;
  /** Decoded, **not verified** JOSE header. */
  header: AppJwtHeader;
}

/**
 * Options every call accepts.
 *
 * @example
 * ```ts
 * await sentinel.getJwks({ signal: AbortSignal.timeout(2_000) });
 * ```
 */
export interface CallOptions {
  /** Cancels the request. */
  signal?: AbortSignal | undefined;
}

/**
 * A client for one Sentinel host, made by {@link createSentinelClient}.
 *
 * @example
 * ```ts
 * const sentinel: SentinelClient = createSentinelClient({ baseUrl: sentinelHost });
 * const token = await sentinel.requestToken({ accountId, clientId, clientSecret, version: "v2" });
 * ```
 */
export interface SentinelClient {
  /**
   * A plain openapi-fetch client for raw typed access to every path in the spec:
   * `createClient<paths>({ baseUrl, fetch, headers })` with this client's base URL, `fetch` and
   * headers — nothing else (no deadline, no request id, no error mapping).
   */
  readonly raw: Client<paths>;
  /** The normalized base URL, e.g. `https://va.sentinel.liveperson.net`. */
  readonly baseUrl: string;
  /**
   * Exchanges client credentials for an AppJWT (OAuth 2.0 client-credentials grant).
   * Throws `InvalidArgumentError` before sending anything, `TokenRequestError` for an error
   * status or a redirect (never followed: it would re-send the secret), `UnexpectedResponseError`
   * for a 2xx that is not a token, and `NetworkError`,
   * `TimeoutError` or `AbortError` from the transport.
   */
  requestToken(request: SentinelTokenRequest): Promise<SentinelToken>;
  /**
   * Fetches the public keys for V2 tokens. Throws `JwksFetchError` for an error status or a body
   * that is not a key set, and `NetworkError`, `TimeoutError` or `AbortError` from the transport.
   */
  getJwks(options?: CallOptions): Promise<JsonWebKeySetResponse>;
}
