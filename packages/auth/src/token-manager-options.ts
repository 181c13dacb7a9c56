/**
 * The public shape of the token manager — its options, its methods — and the one place the options
 * are checked (each bad option is an `InvalidArgumentError` naming it, before any request) and
 * their defaults filled in.
 *
 * @module
 */
import {
  type Authenticator,
  type FetchLike,
  InvalidArgumentError,
  type Now,
  type RetryOptions,
  type Sleep,
  type Transport,
} from "@lpkit/core";
import {
  assertAccountId,
  assertOptionsObject,
  assertSecret,
  DEFAULT_TIMEOUT_MS,
  defaultSleep,
  optionalBoolean,
  optionalDuration,
  optionalFunction,
  type Random,
  type RetryPolicy,
  resolveRetryPolicy,
  toBaseUrl,
} from "@lpkit/core/internal";
import type { Middleware } from "openapi-fetch";
import type { AccessToken } from "./access-token.js";
import type { DomainResolver } from "./domain-resolver.js";
import type { AuthEvent, AuthEventSource } from "./events.js";
import { type AuthLogger, safeLogger } from "./logger.js";
import { type RefreshWindows, resolveRefreshWindows } from "./refresh-policy.js";
import { DEFAULT_RETRY_POLICY } from "./retry.js";
import { createMemoryTokenStore, type TokenStore } from "./token-store.js";

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
  /** Where tokens are kept; share one between managers or processes. Default: in memory. */
  store?: TokenStore | undefined;
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

/** The checked options with every default filled in. */
export interface TokenManagerSettings {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly version: "v1" | "v2";
  readonly v1Query: "1.0" | "2.0" | undefined;
  readonly domains: SentinelDomains;
  readonly store: TokenStore;
  readonly windows: RefreshWindows;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  readonly fetch: FetchLike | undefined;
  readonly transport: Transport | undefined;
  readonly allowInsecureHttp: boolean;
  readonly now: Now;
  readonly sleep: Sleep;
  readonly random: Random;
  readonly logger: AuthLogger | undefined;
  readonly onEvent: ((event: AuthEvent) => void) | undefined;
}

function checkDomains(domains: unknown, allowInsecureHttp: boolean): SentinelDomains {
  if (domains === null || typeof domains !== "object") {
    throw new InvalidArgumentError(
      "domains",
      'expected a domain resolver (createDomainResolver) or { sentinel: "<host>" }',
    );
  }
  if (typeof (domains as { resolve?: unknown }).resolve === "function") {
    return domains as Pick<DomainResolver, "resolve">;
  }
  const sentinel = (domains as { sentinel?: unknown }).sentinel;
  toBaseUrl(sentinel, "domains.sentinel", { allowInsecureHttp });
  return { sentinel: (sentinel as string).trim() };
}

/**
 * Checks the options of `createTokenManager` and fills in the defaults.
 *
 * @example
 * ```ts
 * const settings = resolveTokenManagerOptions({ accountId, clientId, clientSecret, version: "v2", domains });
 * settings.windows; // { softWindowMs: 300000, hardWindowMs: 30000 }
 * ```
 */
export function resolveTokenManagerOptions(options: TokenManagerOptions): TokenManagerSettings {
  assertOptionsObject(options);
  const accountId = assertAccountId(options.accountId);
  const clientId = assertSecret(options.clientId, "clientId");
  const clientSecret = assertSecret(options.clientSecret, "clientSecret");
  const version = options.version;
  if (version !== "v1" && version !== "v2") {
    throw new InvalidArgumentError("version", 'expected "v1" or "v2"');
  }
  const v1Query = options.v1Query;
  if (v1Query !== undefined && v1Query !== "1.0" && v1Query !== "2.0") {
    throw new InvalidArgumentError("v1Query", 'expected "1.0" or "2.0"');
  }
  const allowInsecureHttp = optionalBoolean(options.allowInsecureHttp, "allowInsecureHttp") ?? false;
  const domains = checkDomains(options.domains, allowInsecureHttp);
  const windows = resolveRefreshWindows(options.softWindowMs, options.hardWindowMs);
  const policy = resolveRetryPolicy(options.retry, DEFAULT_RETRY_POLICY);
  const timeoutMs = optionalDuration(options.timeoutMs, "timeoutMs", DEFAULT_TIMEOUT_MS);
  optionalFunction(options.fetch, "fetch");
  const now = optionalFunction<Now>(options.now, "now") ?? Date.now;
  optionalFunction(options.onEvent, "onEvent");
  const store = options.store ?? createMemoryTokenStore({ now });
  if (
    store === null ||
    typeof store !== "object" ||
    typeof store.get !== "function" ||
    typeof store.set !== "function" ||
    typeof store.delete !== "function"
  ) {
    throw new InvalidArgumentError("store", "expected a TokenStore with get, set and delete");
  }
  return {
    accountId,
    clientId,
    clientSecret,
    version,
    v1Query,
    domains,
    store,
    windows,
    policy,
    timeoutMs,
    fetch: options.fetch,
    transport: options.transport,
    allowInsecureHttp,
    now,
    sleep: optionalFunction<Sleep>(options.sleep, "sleep") ?? defaultSleep,
    random: optionalFunction<Random>(options.random, "random") ?? Math.random,
    logger: safeLogger(options.logger),
    onEvent: options.onEvent,
  };
}
