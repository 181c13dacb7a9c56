/**
 * The token manager: fetch on first use, cache, refresh before expiry, retry, share (caching,
 * proactive refresh, single flight, retry, the shared store). Read top to bottom, `getToken` is the whole lifecycle:
 *
 * 1. find the Sentinel host (through the domain resolver, or a static host);
 * 2. the token this process holds for (account, client id, version, Sentinel host): while it is
 *    **fresh** it is returned without touching the store (issue 13.5);
 * 3. **soft window** → start one background renewal and return it; **hard window** → wait for the
 *    renewal (a failed one still serves the valid token); **none or expired** → read the store and,
 *    if it has nothing usable, get a new one and wait — or fail at once with the last typed error
 *    while a recent failure is backing off;
 * 4. a renewal (`shared-refresh.ts`) is single-flight per key in this process and, with a store that
 *    has leases (`@lpkit/redis`), once per rotation across every process sharing the store; the
 *    token request itself (`token-refresh.ts`) is retried with full-jitter back-off and never
 *    cancelled by one caller's `AbortSignal`. Every store call has a budget (`store-access.ts`).
 *
 * Options and their defaults: `token-manager-options.ts`. The 401 middleware: `auth-middleware.ts`.
 *
 * @module
 */
import { AbortError } from "@lpkit/core";
import { AUTHORIZE_WITHIN, callSignal, type Deadline } from "@lpkit/core/internal";
import type { AccessToken } from "./access-token.js";
import { createAuthMiddleware } from "./auth-middleware.js";
import { cachedHost } from "./cached-host.js";
import { createEventBus } from "./event-bus.js";
import { describeAs, summarizeError, withSecretScrubbed } from "./redaction.js";
import { effectiveWindows, tokenPhase } from "./refresh-policy.js";
import { createObtain } from "./shared-refresh.js";
import { createSingleFlight, waitFor } from "./single-flight.js";
import { createStoreAccess } from "./store-access.js";
import { tokenCacheKey } from "./token-cache-key.js";
import { createInvalidate } from "./token-invalidate.js";
import {
  type GetTokenOptions,
  resolveTokenManagerOptions,
  type TokenManager,
  type TokenManagerEventType,
  type TokenManagerOptions,
} from "./token-manager-options.js";
import { createKeyState, createRefresher, type KeyState } from "./token-refresh.js";

export type {
  GetTokenOptions,
  SentinelDomains,
  TokenManager,
  TokenManagerEventType,
  TokenManagerOptions,
} from "./token-manager-options.js";

/**
 * Creates a token manager for one app installation (client id + secret) of one account.
 *
 * @example
 * ```ts
 * import { createDomainResolver, createTokenManager } from "@lpkit/auth";
 *
 * const domains = createDomainResolver({ accountId: "12345678" });
 * const tokens = createTokenManager({
 *   accountId: "12345678",
 *   clientId: process.env.LP_CLIENT_ID!,
 *   clientSecret: process.env.LP_CLIENT_SECRET!,
 *   version: "v2",
 *   domains,
 * });
 * const { accessToken, expiresAt } = await tokens.getToken();
 * ```
 */
export function createTokenManager(options: TokenManagerOptions): TokenManager {
  return withSecretScrubbed((options as { clientSecret?: unknown } | null | undefined)?.clientSecret, () =>
    buildTokenManager(options),
  );
}

function buildTokenManager(options: TokenManagerOptions): TokenManager {
  const settings = resolveTokenManagerOptions(options);
  const { accountId, clientId, clientSecret, version, domains, store, windows, now, logger } = settings;
  const bus = createEventBus<TokenManagerEventType>({ onEvent: settings.onEvent, logger });
  const flights = createSingleFlight<AccessToken>();
  const states = new Map<string, KeyState>();
  const lifetime = new AbortController();

  /** Everything that must never be printed: the secret and every token this manager has held. */
  const secrets = (): string[] => {
    const out = [clientSecret];
    for (const state of states.values()) {
      if (state.local) {
        out.push(state.local.accessToken);
      }
    }
    return out;
  };

  const ensureAlive = () => {
    if (lifetime.signal.aborted) {
      throw new AbortError("the token manager was disposed");
    }
  };

  const sentinelHost = async (signal: AbortSignal | undefined): Promise<string> => {
    if ("sentinel" in domains) {
      return domains.sentinel;
    }
    return domains.resolve("sentinel", { signal });
  };

  /** Store keys by Sentinel host, built once per host (the hot path asks on every call). */
  const keys = new Map<string, string>();
  const keyFor = (host: string): string => {
    let key = keys.get(host);
    if (key === undefined) {
      key = tokenCacheKey({ accountId, clientId, version, sentinelHost: host });
      keys.set(host, key);
    }
    return key;
  };

  const stateFor = (key: string, host: string): KeyState => {
    let state = states.get(key);
    if (!state) {
      state = createKeyState({ accountId, version, sentinelHost: host });
      states.set(key, state);
    }
    return state;
  };

  const warn = (message: string, fields: Record<string, unknown> = {}) =>
    logger?.warn?.(`@lpkit/auth: ${message}`, fields);
  const storeProblem = (what: string, error: unknown) =>
    warn(`the token store failed to ${what}; using this process's copy`, {
      error: summarizeError(error, secrets()),
    });
  const access = createStoreAccess({
    store,
    timeoutMs: settings.storeTimeoutMs,
    now,
    problem: storeProblem,
    poisoned: () => warn("the token store held an entry that is not a well-formed token; deleted it"),
  });

  /** Step 4: one renewal per key in this process (and per rotation across the fleet, with leases). */
  const obtain = createObtain({
    settings,
    access,
    lifetime: lifetime.signal,
    refresh: createRefresher({
      settings,
      lifetime: lifetime.signal,
      emit: (event) => bus.emit(event),
      secrets,
      clockOffset: (offsetMs) =>
        warn("Sentinel's clock is ahead of this one; token times moved to this clock", { offsetMs }),
    }),
    fallback: (reason) =>
      warn("the shared token store is unavailable; requesting a token in this process", { reason }),
  });
  const renew = (
    key: string,
    host: string,
    state: KeyState,
    previous: AccessToken | undefined,
    background: boolean,
  ) => flights.run(key, () => obtain(key, host, state, previous, background));

  /** Starts a background renewal when `token` is in its soft window (a cold caller got an old one). */
  const renewIfDue = (key: string, host: string, state: KeyState, token: AccessToken) => {
    const t = now();
    if (t >= state.nextAttemptAt && tokenPhase(token, t, windows) !== "fresh") {
      renew(key, host, state, token, true).catch(() => {}); // reported as an event
    }
    return token;
  };

  const getToken = async (callOptions?: GetTokenOptions): Promise<AccessToken> =>
    tokenWithin(callSignal(callOptions), undefined);

  /**
   * The lifecycle of `getToken`. lpkit's own callers pass their `deadline` instead of a signal: it
   * stands in for one, and its signal is made only when a wait needs it.
   */
  const tokenWithin = async (given: AbortSignal | undefined, deadline: Deadline | undefined) => {
    const signal = () => deadline?.signal ?? given;
    const aborted = () => deadline?.aborted ?? given?.aborted ?? false;
    ensureAlive();
    if (aborted()) {
      throw new AbortError("getToken was aborted by the caller");
    }
    // Step 1.
    const host =
      ("sentinel" in domains ? domains.sentinel : cachedHost(domains, "sentinel")) ??
      (await sentinelHost(signal()));
    const key = keyFor(host);
    const state = stateFor(key, host);
    // Step 2: the process copy, no store call while it is fresh.
    const token = state.local;
    const t = now();
    if (token && token.expiresAt > t) {
      const phase = tokenPhase(token, t, windows);
      if (phase === "fresh" || t < state.nextAttemptAt) {
        return token;
      }
      // Step 3.
      const flight = renew(key, host, state, token, phase === "soft");
      if (phase === "soft") {
        flight.catch(() => {}); // reported as an event; callers keep the valid token
        return token;
      }
      try {
        return await waitFor(flight, signal(), "the wait for a new token");
      } catch (error) {
        if (aborted() || lifetime.signal.aborted || token.expiresAt <= now()) {
          throw error;
        }
        return token; // the renewal failed, but the token in hand is still valid
      }
    }
    if (state.coldFailure && t < state.coldFailure.until) {
      throw state.coldFailure.error;
    }
    const fetched = await waitFor(
      renew(key, host, state, undefined, false),
      signal(),
      "the wait for a token",
    );
    return renewIfDue(key, host, state, fetched);
  };

  const invalidate = createInvalidate({
    accountId,
    clientId,
    version,
    store,
    access,
    states,
    sentinelHost,
    stateFor,
    emit: (event) => bus.emit(event),
  });

  /** The header of the last token handed out: built once per token, not on every call. */
  let lastToken: AccessToken | undefined;
  let lastHeader = "";
  const headerOf = (token: AccessToken): string => {
    if (token !== lastToken) {
      lastHeader = `Bearer ${token.accessToken}`;
      lastToken = token;
    }
    return lastHeader;
  };

  const manager: TokenManager = {
    accountId,
    clientId,
    version,
    getToken,
    async authorization(context) {
      return headerOf(await getToken(context === undefined ? undefined : { signal: context?.signal }));
    },
    invalidate,
    middleware: createAuthMiddleware({ getToken, invalidate, logger }),
    refreshPlan(token) {
      const { softMs, hardMs } = effectiveWindows(token, windows);
      return { backgroundRefreshAt: token.expiresAt - softMs, waitFrom: token.expiresAt - hardMs };
    },
    dispose() {
      lifetime.abort(new AbortError("the token manager was disposed"));
      bus.clear();
    },
    on: (type, listener) => bus.on(type, listener),
    off: (type, listener) => bus.off(type, listener),
  };
  // lpkit's clients: `authorization` with the attempt's deadline (no AbortSignal unless a wait needs one).
  Object.defineProperty(manager, AUTHORIZE_WITHIN, {
    value: async (deadline: Deadline) => headerOf(await tokenWithin(undefined, deadline)),
  });
  return describeAs(manager, () => ({
    kind: "TokenManager",
    accountId,
    clientId,
    version,
    clientSecret: "[REDACTED]",
    tokens: [...states.values()].map((state) => ({
      sentinelHost: state.scope.sentinelHost,
      expiresAt: state.local?.expiresAt,
    })),
  }));
}
