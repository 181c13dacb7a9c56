import type { ErrorSummary } from "./redaction.js";

/**
 * Which token an event is about (the cache key without the client id).
 *
 * @example
 * ```ts
 * tokens.on("token-fetched", ({ accountId, version, sentinelHost }) => console.log(accountId, version, sentinelHost));
 * ```
 */
export interface TokenEventScope {
  readonly accountId: string;
  readonly version: "v1" | "v2";
  readonly sentinelHost: string;
}

/**
 * A token was fetched while none was in hand (cold cache, expired or invalidated token).
 *
 * @example
 * ```ts
 * tokens.on("token-fetched", (e) => console.log(`token valid until ${new Date(e.expiresAt).toISOString()}`));
 * ```
 */
export interface TokenFetchedEvent extends TokenEventScope {
  readonly type: "token-fetched";
  /** When the new token expires (ms since the epoch). */
  readonly expiresAt: number;
  /** How many token requests it took (1 = no retry). */
  readonly attempts: number;
  /** Milliseconds from the first request to the answer, retries included. */
  readonly durationMs: number;
}

/**
 * A token in hand was replaced, or the server answered with a token that does not last longer.
 *
 * @example
 * ```ts
 * tokens.on("token-refreshed", (e) => e.renewed || console.warn("Sentinel returned the same token; next try at", e.nextAttemptAt));
 * ```
 */
export interface TokenRefreshedEvent extends TokenEventScope {
  readonly type: "token-refreshed";
  readonly expiresAt: number;
  readonly previousExpiresAt: number;
  /**
   * `false` when the server returned a token that expires no later than the one in hand (e.g. the
   * same token again). The old token stays in use and the next attempt waits until `nextAttemptAt`,
   * so this never turns into a refresh loop.
   */
  readonly renewed: boolean;
  /** Whether callers kept being served while this refresh ran (soft window). */
  readonly background: boolean;
  readonly attempts: number;
  readonly durationMs: number;
  /** When the next refresh may start, if one is scheduled (only when `renewed` is `false`). */
  readonly nextAttemptAt: number | undefined;
}

/**
 * A token fetch or refresh failed after all its attempts.
 *
 * @example
 * ```ts
 * tokens.on("token-refresh-failed", (e) => {
 *   if (!e.servingCachedToken) alert(`no token: ${e.error.code} ${e.error.status ?? ""}`);
 * });
 * ```
 */
export interface TokenRefreshFailedEvent extends TokenEventScope {
  readonly type: "token-refresh-failed";
  readonly error: ErrorSummary;
  /** `true` when a still-valid token keeps being served; `false` when callers get `error`. */
  readonly servingCachedToken: boolean;
  /** Expiry of the token still being served, when there is one. */
  readonly validUntil: number | undefined;
  /** When the next attempt may start (back-off; `Retry-After` respected). */
  readonly nextAttemptAt: number;
  /** Consecutive failed refreshes for this key, this one included. */
  readonly consecutiveFailures: number;
  readonly attempts: number;
}

/**
 * A token was dropped, e.g. after an API answered 401.
 *
 * @example
 * ```ts
 * tokens.on("token-invalidated", (e) => console.log("dropped a token that expired at", e.expiresAt));
 * ```
 */
export interface TokenInvalidatedEvent extends TokenEventScope {
  readonly type: "token-invalidated";
  /** Expiry of the dropped token. */
  readonly expiresAt: number;
}

/**
 * A token request failed with a retryable error and will be tried again after `delayMs`.
 *
 * @example
 * ```ts
 * tokens.on("retry-scheduled", (e) => console.log(`attempt ${e.attempt}/${e.maxAttempts} failed (${e.error.code}); next in ${e.delayMs} ms`));
 * ```
 */
export interface RetryScheduledEvent extends TokenEventScope {
  readonly type: "retry-scheduled";
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  /** The total number of attempts allowed. */
  readonly maxAttempts: number;
  readonly delayMs: number;
  /** `Retry-After` the server sent (ms), before capping. */
  readonly retryAfterMs: number | undefined;
  readonly error: ErrorSummary;
}

/**
 * The domain list of an account was (re)loaded from the Domain API.
 *
 * @example
 * ```ts
 * domains.on("domains-refreshed", (e) => console.log(`${e.services} services for ${e.accountId}`));
 * ```
 */
export interface DomainsRefreshedEvent {
  readonly type: "domains-refreshed";
  readonly accountId: string;
  /** Number of services listed whose hosts were accepted. */
  readonly services: number;
  /** Services whose hosts the host policy refused (each also logged as a warning). */
  readonly refused: readonly string[];
  readonly durationMs: number;
  /** When the list will be looked up again. */
  readonly expiresAt: number;
}

/**
 * Loading the domain list failed; stale hosts or the configured fallback may be served instead.
 *
 * @example
 * ```ts
 * domains.on("domains-refresh-failed", (e) => e.servingStale && console.warn("Domain API down, using hosts from", e.staleSince));
 * ```
 */
export interface DomainsRefreshFailedEvent {
  readonly type: "domains-refresh-failed";
  readonly accountId: string;
  readonly error: ErrorSummary;
  /** `true` when the last known hosts keep being served (stale-if-error). */
  readonly servingStale: boolean;
  /** When the stale list was loaded, if one is served. */
  readonly staleSince: number | undefined;
  /** `true` when no list was ever loaded and the configured static fallback is used. */
  readonly usingFallback: boolean;
  /** When the Domain API will be asked again. */
  readonly nextAttemptAt: number;
}

/**
 * Every event `@lpkit/auth` emits; switch on `type`.
 *
 * @example
 * ```ts
 * tokens.on("token-refresh-failed", (event) => metrics.increment(event.type, { code: event.error.code }));
 * const onEvent = (event: AuthEvent) => logger.info(event.type, event);
 * ```
 */
export type AuthEvent =
  | TokenFetchedEvent
  | TokenRefreshedEvent
  | TokenRefreshFailedEvent
  | TokenInvalidatedEvent
  | RetryScheduledEvent
  | DomainsRefreshedEvent
  | DomainsRefreshFailedEvent;

/**
 * The name of an event.
 *
 * @example
 * ```ts
 * const type: AuthEventType = "domains-refreshed";
 * ```
 */
export type AuthEventType = AuthEvent["type"];

/**
 * The event object of one event type.
 *
 * @example
 * ```ts
 * type Failed = AuthEventOf<"token-refresh-failed">; // TokenRefreshFailedEvent
 * ```
 */
export type AuthEventOf<T extends AuthEventType> = Extract<AuthEvent, { type: T }>;

/**
 * A listener for one event type.
 *
 * @example
 * ```ts
 * const listener: AuthEventListener<"token-fetched"> = (event) => console.log(event.expiresAt);
 * tokens.on("token-fetched", listener);
 * ```
 */
export type AuthEventListener<T extends AuthEventType = AuthEventType> = (event: AuthEventOf<T>) => void;

/**
 * Subscribe to events: the `on`/`off` pair of the token manager and the domain resolver.
 *
 * @example
 * ```ts
 * const stop = tokens.on("retry-scheduled", (e) => console.log(`retry in ${e.delayMs} ms`));
 * stop();
 * ```
 */
export interface AuthEventSource<T extends AuthEventType = AuthEventType> {
  /**
   * Calls `listener` for every event of `type`; returns a function that unsubscribes.
   *
   * @example
   * ```ts
   * const stop = tokens.on("token-refresh-failed", (e) => console.warn(e.error.code, e.servingCachedToken));
   * stop();
   * ```
   */
  on<K extends T>(type: K, listener: AuthEventListener<K>): () => void;
  /** Removes a listener added with `on`. */
  off<K extends T>(type: K, listener: AuthEventListener<K>): void;
}
