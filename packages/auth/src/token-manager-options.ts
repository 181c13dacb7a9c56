/**
 * The public shape of the token manager — its options, its methods — and the one place the options
 * are checked (each bad option is an `InvalidArgumentError` naming it, before any request) and
 * their defaults filled in.
 *
 * @module
 */
import { type FetchLike, InvalidArgumentError, type Now, type Sleep, type Transport } from "@lpkit/core";
import {
  assertAccountId,
  assertOptionsObject,
  assertSecret,
  DEFAULT_TIMEOUT_MS,
  defaultSleep,
  optionalBoolean,
  optionalDuration,
  optionalFunction,
  optionalImplementation,
  type Random,
  type RetryPolicy,
  resolveRetryPolicy,
  toBaseUrl,
} from "@lpkit/core/internal";
import type { DomainResolver } from "./domain-resolver.js";
import type { AuthEvent } from "./events.js";
import { type AuthLogger, safeLogger } from "./logger.js";
import { type RefreshWindows, resolveRefreshWindows } from "./refresh-policy.js";
import { DEFAULT_RETRY_POLICY } from "./retry.js";
import { DEFAULT_STORE_TIMEOUT_MS } from "./store-access.js";
import type { SentinelDomains, TokenManagerOptions } from "./token-manager-types.js";
import { createMemoryTokenStore, type TokenStore } from "./token-store.js";

/** The checked options with every default filled in. */
export interface TokenManagerSettings {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly version: "v1" | "v2";
  readonly v1Query: "1.0" | "2.0" | undefined;
  readonly domains: SentinelDomains;
  readonly store: TokenStore;
  readonly storeTimeoutMs: number;
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
  const store =
    optionalImplementation<TokenStore>(
      options.store,
      "store",
      ["get", "set", "delete"],
      "a TokenStore with get, set and delete",
    ) ?? createMemoryTokenStore({ now });
  const storeTimeoutMs = optionalDuration(options.storeTimeoutMs, "storeTimeoutMs", DEFAULT_STORE_TIMEOUT_MS);
  if (storeTimeoutMs === 0) {
    throw new InvalidArgumentError("storeTimeoutMs", "expected a positive number of milliseconds");
  }
  return {
    accountId,
    clientId,
    clientSecret,
    version,
    v1Query,
    domains,
    store,
    storeTimeoutMs,
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

export type {
  GetTokenOptions,
  SentinelDomains,
  TokenManager,
  TokenManagerEventType,
  TokenManagerOptions,
} from "./token-manager-types.js";
