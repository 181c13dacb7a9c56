/**
 * The public shape of the token manager: its options, its per-call options and its methods.
 *
 * @module
 */
import type { Authenticator, FetchLike, Now, RetryOptions, Sleep, Transport } from "@lpkit/core";
import type { Middleware } from "openapi-fetch";
import type { AccessToken } from "./access-token.js";
import type { DomainResolver } from "./domain-resolver.js";
import type { AuthEvent, AuthEventSource } from "./events.js";
import type { AuthLogger } from "./logger.js";
import type { TokenStore } from "./token-store.js";

/**
 * The events a token manager emits.
 *
 * @example
 * ```ts
 * const watched: TokenManagerEventType[] = ["token-fetched", "token-refresh-failed"];
 * ```
 */
export type TokenManagerEventType =
  | "token-fetched"
  | "token-refreshed"
  | "token-refresh-failed"
  | "token-invalidated"
  | "retry-scheduled";

/**
 * Where the manager finds the Sentinel host.
 *
 * @example
 * ```ts
 * const domains: SentinelDomains = { sentinel: "va.sentinel.liveperson.net" }; // or createDomainResolver(…)
 * ```
 */
export type SentinelDomains = Pick<DomainResolver, "resolve"> | { readonly sentinel: string };

/**
 * Options of {@link createTokenManager}.
 *
 * @example
 * ```ts
 * const options: TokenManagerOptions = {
 *   accountId: "12345678", clientId, clientSecret, version: "v2",
 *   domains: createDomainResolver({ accountId: "12345678" }),
 *   store: createMemoryTokenStore(), softWindowMs: 10 * 60_000, retry: { maxRetries: 4 },
 * };
 * ```
 */
export interface TokenManagerOptions {
  /** The LivePerson account (site) id. */
  accountId: string;
  /** The client id of the app installation. */
  clientId: string;
  /** The client secret of the app installation. Never printed, logged or put in an error. */
  clientSecret: string;
  /** Sentinel API version: `v2` (JWKS-signed tokens, recommended) or `v1` (static key). */
  version: "v1" | "v2";
  /** `v` query sent on the v1 path: `"1.0"` (default) or `"2.0"` (what LivePerson's Functions clients send). */
  v1Query?: "1.0" | "2.0" | undefined;
  /** A domain resolver (`createDomainResolver`), or a fixed Sentinel host: `{ sentinel: "va.sentinel.liveperson.net" }`. */
  domains: SentinelDomains;
  /**
   * Where tokens are kept; share one between managers or processes. Default: in memory. With a store
   * that has leases (`@lpkit/redis`), one process renews the token for all of them.
   */
  store?: TokenStore | undefined;
  /**
   * Budget of one store call, in ms: a call that takes longer counts as a store failure (the process
   * copy is used, or a token fetched), so a store that hangs never holds a caller. Default 2000.
   */
  storeTimeoutMs?: number | undefined;
  /** Background refresh starts this long before expiry (shrinks to half a short token's lifetime). Default 5 min. */
  softWindowMs?: number | undefined;
  /** Callers wait for a new token this long before expiry (shrinks to a tenth of the lifetime). Default 30 s. */
  hardWindowMs?: number | undefined;
  /** Retries of token requests. Default `{ maxRetries: 2, baseDelayMs: 500, maxDelayMs: 10_000, maxRetryAfterMs: 30_000 }`. */
  retry?: RetryOptions | undefined;
  /** Time limit of one token request, in ms. Default 10 000. */
  timeoutMs?: number | undefined;
  /** The `fetch` for Sentinel. Default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Advanced: the transport for Sentinel instead of `fetch` (see `Transport` in `@lpkit/core`). */
  transport?: Transport | undefined;
  /** Allow plain `http://` for a non-loopback Sentinel host; only `true`/`false`. */
  allowInsecureHttp?: boolean | undefined;
  /** The clock (ms since the epoch). Default `Date.now`. */
  now?: Now | undefined;
  /** Waits between retries. Default: a timer. */
  sleep?: Sleep | undefined;
  /** Jitter source in [0, 1). Default `Math.random`. */
  random?: (() => number) | undefined;
  /** Optional logger (`console` fits). */
  logger?: AuthLogger | undefined;
  /** Called with every event. */
  onEvent?: ((event: AuthEvent) => void) | undefined;
}

/**
 * Per-call options of {@link TokenManager.getToken}.
 *
 * @example
 * ```ts
 * await tokens.getToken({ signal: AbortSignal.timeout(5_000) });
 * ```
 */
export interface GetTokenOptions {
  /** Ends this caller's wait only; a shared token request keeps running for others. */
  signal?: AbortSignal | undefined;
}

/**
 * A token manager for one app installation; made by {@link createTokenManager}.
 *
 * @example
 * ```ts
 * const tokens: TokenManager = createTokenManager({ accountId, clientId, clientSecret, version: "v2", domains });
 * const faas = createFaasClient({ baseUrl, accountId, auth: tokens }); // 401 → one replay
 * ```
 */
export interface TokenManager extends AuthEventSource<TokenManagerEventType>, Authenticator {
  readonly accountId: string;
  readonly clientId: string;
  readonly version: "v1" | "v2";
  /**
   * A valid token: cached, refreshed before expiry, fetched once for any number of concurrent
   * callers. Throws the typed error of the token request (`TokenRequestError`, `NetworkError`,
   * `TimeoutError`, `UnexpectedResponseError`) only when no valid token is in hand, and
   * `AbortError` when `signal` aborts.
   */
  getToken(options?: GetTokenOptions): Promise<AccessToken>;
  /** The `Authorization` header value, `"Bearer eyJ…"` (the core `Authenticator` interface). */
  authorization(context?: GetTokenOptions): Promise<string>;
  /**
   * Drops the token so the next `getToken` fetches a new one. With `rejected` (a token, or the
   * `Authorization` value that got a 401), drops it only if it is still the current one — so many
   * concurrent 401s cause one new token, not one each. Resolves to whether a token was dropped.
   */
  invalidate(rejected?: AccessToken | string): Promise<boolean>;
  /**
   * openapi-fetch middleware: sets `Authorization`, and on a 401 invalidates the token, fetches a
   * new one and replays the request once (body kept from before the first send). 403 is passed on.
   */
  readonly middleware: Middleware;
  /**
   * When the token manager refreshes `token`: in the background from `backgroundRefreshAt`, with
   * callers waiting for the new token from `waitFrom` (both ms since the epoch).
   */
  refreshPlan(token: { readonly issuedAt: number; readonly expiresAt: number }): {
    readonly backgroundRefreshAt: number;
    readonly waitFrom: number;
  };
  /** Stops in-flight token requests and back-off waits; later calls fail with `AbortError`. */
  dispose(): void;
}
