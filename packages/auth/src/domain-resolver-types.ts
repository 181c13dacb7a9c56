/**
 * The public shape of the domain resolver: its options, its per-call options, the resolver itself,
 * and its defaults.
 *
 * @module
 */
import type { FetchLike, Now, Transport } from "@lpkit/core";
import type { DomainClient } from "@lpkit/domain";
import type { AuthEventSource, DomainsRefreshedEvent, DomainsRefreshFailedEvent } from "./events.js";
import type { AuthLogger } from "./logger.js";

/**
 * Default time a loaded domain list is used before it is loaded again: 10 minutes.
 *
 * @example
 * ```ts
 * createDomainResolver({ accountId, ttlMs: DEFAULT_DOMAIN_TTL_MS / 2 }); // 5 minutes
 * ```
 */
export const DEFAULT_DOMAIN_TTL_MS = 10 * 60_000;
/**
 * Default time stale hosts (or the fallback) are served before the Domain API is asked again: 30 s.
 *
 * @example
 * ```ts
 * createDomainResolver({ accountId, staleRetryMs: DEFAULT_STALE_RETRY_MS * 2 }); // ask again after 1 min
 * ```
 */
export const DEFAULT_STALE_RETRY_MS = 30_000;

/**
 * Options of {@link createDomainResolver}.
 *
 * @example
 * ```ts
 * const options: DomainResolverOptions = { accountId: "12345678", ttlMs: 5 * 60_000, fallback: { sentinel: "va.sentinel.liveperson.net" } };
 * ```
 */
export interface DomainResolverOptions {
  /** The LivePerson account (site) id. */
  accountId: string;
  /**
   * A Domain API client to use (e.g. one shared by several resolvers). Default: one made from the
   * options below. Its `baseUrl` and `allowedHosts`, when it has them, feed the host policy.
   */
  domainClient?:
    | (Pick<DomainClient, "listServices"> & Partial<Pick<DomainClient, "baseUrl" | "allowedHosts">>)
    | undefined;
  /**
   * The Domain API host or URL, when no `domainClient` is given. Default: the `LPKIT_DOMAIN_API`
   * environment variable when set (e.g. `http://127.0.0.1:4000` for `npx lpkit-emulator`), else
   * `https://api.liveperson.net`. A loopback Domain API (an emulator) may hand out loopback hosts;
   * a plain-HTTP one's hosts are then resolved as `http://host:port`.
   */
  baseUrl?: string | undefined;
  /**
   * Hosts the Domain API may hand out besides LivePerson's own domains (`*.liveperson.net`,
   * `*.liveperson.com`, `*.lprnd.net`, `*.lpcloud.io`) — exact hosts, `host:port` or `*.domain`.
   * Any other host is refused: `resolve()` of its service throws `HostRefusedError` (logged as a
   * warning when the list loads), and nothing is ever sent to it. Default none.
   */
  allowedHosts?: readonly string[] | undefined;
  /** The `fetch` of the Domain API client made here. */
  fetch?: FetchLike | undefined;
  /** Advanced: the transport of the Domain API client made here, instead of `fetch`. */
  transport?: Transport | undefined;
  /** Time limit of one Domain API call, in ms. Default 10 000. */
  timeoutMs?: number | undefined;
  /** Allow plain `http://` for a non-loopback `baseUrl`, `overrides` or `fallback` host. */
  allowInsecureHttp?: boolean | undefined;
  /** How long a loaded list is used, in ms. Default 10 minutes. */
  ttlMs?: number | undefined;
  /** After a failed reload, how long stale hosts are served before asking again, in ms. Default 30 s (at most `ttlMs`). */
  staleRetryMs?: number | undefined;
  /** Hosts to use instead of asking the Domain API, per service, e.g. `{ sentinel: "127.0.0.1:4000" }`. */
  overrides?: Readonly<Record<string, string>> | undefined;
  /** Static hosts used only when the Domain API fails and no list was ever loaded, e.g. your region's. */
  fallback?: Readonly<Record<string, string>> | undefined;
  /** The clock (ms since the epoch). Default `Date.now`. */
  now?: Now | undefined;
  /** Called with every event. */
  onEvent?: ((event: DomainsRefreshedEvent | DomainsRefreshFailedEvent) => void) | undefined;
  /** Optional logger. */
  logger?: AuthLogger | undefined;
}

/**
 * Per-call options of {@link DomainResolver.resolve}.
 *
 * @example
 * ```ts
 * await domains.resolve("sentinel", { signal: AbortSignal.timeout(2_000) });
 * ```
 */
export interface ResolveOptions {
  /** Ends this caller's wait only; a shared Domain API call keeps running for others. */
  signal?: AbortSignal | undefined;
}

/**
 * Resolves service hosts for one account; made by {@link createDomainResolver}.
 *
 * @example
 * ```ts
 * const domains: DomainResolver = createDomainResolver({ accountId: "12345678" });
 * const faasHost = await domains.resolve("faasGW");
 * ```
 */
export interface DomainResolver extends AuthEventSource<"domains-refreshed" | "domains-refresh-failed"> {
  readonly accountId: string;
  /**
   * The host of `service` as clients take it: a bare host such as `va.sentinel.liveperson.net`,
   * `http://host:port` for a loopback host behind a plain-HTTP loopback Domain API (an emulator),
   * or an override / fallback as given. Throws `ServiceNotFoundError` when the account has no such
   * service, `HostRefusedError` when the host policy refused its host, or the Domain API's error
   * when no list (stale or fallback) is available.
   */
  resolve(service: string, options?: ResolveOptions): Promise<string>;
  /** Loads the list now, whatever its age (joins a load in flight). Throws when the load fails. */
  refresh(options?: ResolveOptions): Promise<void>;
  /** The last loaded hosts per service, without any request; `undefined` before the first load. */
  snapshot(): { readonly hosts: Readonly<Record<string, string>>; readonly loadedAt: number } | undefined;
}
