/**
 * Discovery: which host serves `sentinel`, `faasGW`, … for an account.
 *
 * - One Domain API call (the list endpoint) per account per TTL (default 10 min), shared by every
 *   concurrent caller.
 * - If reloading the list fails, the last known hosts keep being served (stale-if-error) and a
 *   `domains-refresh-failed` event says so; the Domain API is asked again after `staleRetryMs`.
 * - `overrides` pin hosts without asking the Domain API at all.
 * - A static `fallback` (e.g. your region's hosts) is used only when you configure one, and only
 *   when no list was ever loaded.
 *
 * @module
 */
import { HostRefusedError, type Now, ServiceNotFoundError } from "@lpkit/core";
import {
  assertAccountId,
  assertDuration,
  assertOptionsObject,
  assertServiceName,
  callSignal,
  createHostPolicy,
  DOMAIN_API_VARIABLE,
  environmentVariable,
  frozenRecord,
  optionalBoolean,
  optionalFunction,
  optionalImplementation,
  ownValue,
  toAllowedHosts,
  toBaseUrl,
} from "@lpkit/core/internal";
import { createDomainClient, type DomainClient, type ServiceEntry } from "@lpkit/domain";
import { CACHED_HOST } from "./cached-host.js";
import { checkHostMap, checkListedHosts, type Loaded, pick } from "./domain-hosts.js";
import {
  DEFAULT_DOMAIN_TTL_MS,
  DEFAULT_STALE_RETRY_MS,
  type DomainResolver,
  type DomainResolverOptions,
  type ResolveOptions,
} from "./domain-resolver-types.js";
import { createEventBus } from "./event-bus.js";
import { safeLogger } from "./logger.js";
import { describeAs, summarizeError } from "./redaction.js";
import { createSingleFlight, waitFor } from "./single-flight.js";

/**
 * Creates a resolver of service hosts for one account.
 *
 * @example
 * ```ts
 * import { createDomainResolver } from "@lpkit/auth";
 *
 * const domains = createDomainResolver({ accountId: "12345678" });
 * const sentinelHost = await domains.resolve("sentinel"); // e.g. "va.sentinel.liveperson.net"
 *
 * // Pinned hosts (an emulator), and a region fallback used only if the Domain API is down at start:
 * const local = createDomainResolver({
 *   accountId: "12345678",
 *   overrides: { sentinel: "http://127.0.0.1:4000", faasGW: "http://127.0.0.1:4000" },
 *   fallback: { sentinel: "va.sentinel.liveperson.net" },
 * });
 * ```
 */
export function createDomainResolver(options: DomainResolverOptions): DomainResolver {
  assertOptionsObject(options);
  const accountId = assertAccountId(options.accountId);
  const ttlMs = assertDuration(options.ttlMs ?? DEFAULT_DOMAIN_TTL_MS, "ttlMs");
  const staleRetryMs = Math.min(
    assertDuration(options.staleRetryMs ?? DEFAULT_STALE_RETRY_MS, "staleRetryMs"),
    ttlMs,
  );
  const allowInsecureHttp = optionalBoolean(options.allowInsecureHttp, "allowInsecureHttp") ?? false;
  const overrides = checkHostMap(options.overrides, "overrides", allowInsecureHttp);
  const fallback = checkHostMap(options.fallback, "fallback", allowInsecureHttp);
  const now = optionalFunction<Now>(options.now, "now") ?? Date.now;
  optionalFunction(options.onEvent, "onEvent");
  const logger = safeLogger(options.logger);
  const given = optionalImplementation<DomainClientLike>(
    options.domainClient,
    "domainClient",
    ["listServices"],
    "a DomainClient from @lpkit/domain",
  );
  const client: DomainClientLike =
    given ??
    createDomainClient({
      baseUrl: options.baseUrl,
      fetch: options.fetch,
      transport: options.transport,
      timeoutMs: options.timeoutMs,
      allowInsecureHttp: options.allowInsecureHttp,
      allowedHosts: options.allowedHosts,
      logger,
    });
  // The hosts are judged against the Domain API they came from: a loopback one (an emulator) may
  // hand out loopback hosts; LivePerson's may not.
  const domainApiUrl =
    typeof client.baseUrl === "string"
      ? client.baseUrl
      : toBaseUrl(
          options.baseUrl ?? environmentVariable(DOMAIN_API_VARIABLE) ?? "https://api.liveperson.net",
          "baseUrl",
          { allowInsecureHttp: true },
        );
  const policy = createHostPolicy({
    domainApiUrl,
    allowedHosts: toAllowedHosts(options.allowedHosts ?? client.allowedHosts),
  });
  const bus = createEventBus<"domains-refreshed" | "domains-refresh-failed">({
    onEvent: options.onEvent,
    logger,
  });
  const flights = createSingleFlight<Loaded>();

  let loaded: Loaded | undefined;
  /** After a failed load: do not ask again before this time (stale hosts or fallback are served). */
  let retryAt = 0;
  let lastFailure: { readonly error: unknown } | undefined;

  const checkEntries = (entries: readonly ServiceEntry[]) =>
    checkListedHosts(entries, accountId, policy, logger);

  const load = (): Promise<Loaded> =>
    flights.run("list", async () => {
      const started = now();
      try {
        const entries = await client.listServices(accountId);
        const { hosts, refused } = checkEntries(entries);
        const finished = now();
        loaded = Object.freeze({
          hosts: frozenRecord(hosts),
          refused,
          loadedAt: finished,
          expiresAt: finished + ttlMs,
        });
        retryAt = 0;
        lastFailure = undefined;
        bus.emit({
          type: "domains-refreshed",
          accountId,
          services: hosts.size,
          refused: [...refused.keys()],
          durationMs: Math.max(0, finished - started),
          expiresAt: loaded.expiresAt,
        });
        return loaded;
      } catch (error) {
        const failedAt = now();
        retryAt = failedAt + staleRetryMs;
        const usingFallback = !loaded && fallback.size > 0;
        // Only when something can be served instead is the next attempt held back.
        lastFailure = loaded || usingFallback ? { error } : undefined;
        bus.emit({
          type: "domains-refresh-failed",
          accountId,
          error: summarizeError(error, []),
          servingStale: loaded !== undefined,
          staleSince: loaded?.loadedAt,
          usingFallback,
          nextAttemptAt: retryAt,
        });
        throw error;
      }
    });

  const fromFallback = (service: string, error: unknown): string => {
    const host = fallback.get(service);
    if (host === undefined) {
      throw error;
    }
    return host;
  };

  const resolve = async (service: string, callOptions?: ResolveOptions): Promise<string> => {
    assertServiceName(service);
    const signal = callSignal(callOptions);
    const pinned = overrides.get(service);
    if (pinned !== undefined) {
      return pinned;
    }
    const current = loaded;
    const t = now();
    if (current && t < current.expiresAt) {
      return pick(current, accountId, service);
    }
    // Expired (or never loaded) — but a recent failure means: serve stale / fallback until retryAt.
    if (lastFailure !== undefined && t < retryAt) {
      if (current) {
        return pick(current, accountId, service);
      }
      return fromFallback(service, lastFailure.error);
    }
    try {
      const fresh = await waitFor(load(), signal, "the Domain API lookup");
      return pick(fresh, accountId, service);
    } catch (error) {
      if (error instanceof ServiceNotFoundError || error instanceof HostRefusedError || signal?.aborted) {
        throw error;
      }
      if (loaded) {
        return pick(loaded, accountId, service);
      }
      return fromFallback(service, error);
    }
  };

  /** `resolve`'s answer when it needs no request: an override, or a fresh list that accepted the service. */
  const cached = (service: string): string | undefined => {
    const pinned = overrides.get(service);
    if (pinned !== undefined) {
      return pinned;
    }
    const current = loaded;
    return current && now() < current.expiresAt ? ownValue(current.hosts, service) : undefined;
  };

  const resolver: DomainResolver = {
    accountId,
    resolve,
    async refresh(callOptions) {
      const signal = callSignal(callOptions);
      await waitFor(load(), signal, "the Domain API lookup");
    },
    snapshot() {
      return loaded ? { hosts: loaded.hosts, loadedAt: loaded.loadedAt } : undefined;
    },
    on: (type, listener) => bus.on(type, listener),
    off: (type, listener) => bus.off(type, listener),
  };
  Object.defineProperty(resolver, CACHED_HOST, { value: cached });
  return describeAs(resolver, () => ({
    kind: "DomainResolver",
    accountId,
    ttlMs,
    overrides: [...overrides.keys()],
    fallback: [...fallback.keys()],
    loadedAt: loaded?.loadedAt,
  }));
}

/** What the resolver needs of a Domain API client; `baseUrl` and `allowedHosts` when it has them. */
type DomainClientLike = Pick<DomainClient, "listServices"> &
  Partial<Pick<DomainClient, "baseUrl" | "allowedHosts">>;

export {
  DEFAULT_DOMAIN_TTL_MS,
  DEFAULT_STALE_RETRY_MS,
  type DomainResolver,
  type DomainResolverOptions,
  type ResolveOptions,
} from "./domain-resolver-types.js";
