/**
 * The token manager: fetch on first use, cache, refresh before expiry, retry, share (caching,
 * proactive refresh, single flight, retry, the shared store). Read top to bottom, `getToken` is the whole lifecycle:
 *
 * 1. find the Sentinel host (through the domain resolver, or a static host);
 * 2. read the token for (account, client id, version, Sentinel host) from the store — expiry is
 *    re-checked on every read;
 * 3. **fresh** → return it; **soft window** → start one background refresh and return it;
 *    **hard window** → wait for the refresh (a failed one still serves the valid token);
 *    **none or expired** → fetch and wait, or fail at once with the last typed error while a
 *    recent fetch failure is backing off;
 * 4. every fetch is single-flight per key, retried with full-jitter back-off, and never cancelled by
 *    one caller's `AbortSignal`; a token that lasts no longer than the one in hand (the same token
 *    again) schedules the next attempt instead of looping — see `token-refresh.ts`.
 *
 * Options and their defaults: `token-manager-options.ts`. The 401 middleware: `auth-middleware.ts`.
 *
 * @module
 */
import { AbortError } from "@lpkit/core";
import { AUTHORIZE_WITHIN, callSignal, type Deadline } from "@lpkit/core/internal";
import { type AccessToken, isUsableToken } from "./access-token.js";
import { createAuthMiddleware } from "./auth-middleware.js";
import { cachedHost } from "./cached-host.js";
import { createEventBus } from "./event-bus.js";
import { describeAs, summarizeError, withSecretScrubbed } from "./redaction.js";
import { effectiveWindows, tokenPhase } from "./refresh-policy.js";
import { createSingleFlight, waitFor } from "./single-flight.js";
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
import { readUsableToken } from "./token-store.js";

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

  const storeProblem = (what: string, error: unknown) => {
    logger?.warn?.(`@lpkit/auth: the token store failed to ${what}; using this process's copy`, {
      error: summarizeError(error, secrets()),
    });
  };

  /** Step 2: the token for `key`, re-checked for expiry; the local copy when the store fails. */
  const read = async (key: string, state: KeyState): Promise<AccessToken | undefined> => {
    const t = now();
    try {
      const stored = await readUsableToken(store, key, t);
      if (stored) {
        state.local = stored;
        return stored;
      }
      return state.storeWriteFailed && isUsableToken(state.local, t) ? state.local : undefined;
    } catch (error) {
      storeProblem("read", error);
      return isUsableToken(state.local, t) ? state.local : undefined;
    }
  };

  const write = async (key: string, state: KeyState, token: AccessToken) => {
    state.local = token;
    try {
      await store.set(key, token, Math.max(0, token.expiresAt - now()));
      state.storeWriteFailed = false;
    } catch (error) {
      state.storeWriteFailed = true;
      storeProblem("write", error);
    }
  };

  /** Step 4 (token-refresh.ts): one request per key, retried, never tied to a caller's signal. */
  const refresh = createRefresher({
    settings,
    flights,
    lifetime: lifetime.signal,
    emit: (event) => bus.emit(event),
    secrets,
    write,
  });

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
    // Step 2.
    const token = await read(key, state);
    const t = now();
    // Step 3.
    if (token) {
      const phase = tokenPhase(token, t, windows);
      if (phase === "fresh" || t < state.nextAttemptAt) {
        return token;
      }
      const flight = refresh(key, host, state, token, phase === "soft");
      if (phase === "soft") {
        flight.catch(() => {}); // reported as an event; callers keep the valid token
        return token;
      }
      try {
        return await waitFor(flight, signal(), "the wait for a new token");
      } catch (error) {
        if (aborted() || lifetime.signal.aborted || !isUsableToken(token, now())) {
          throw error;
        }
        return token; // the refresh failed, but the token in hand is still valid
      }
    }
    if (state.coldFailure && t < state.coldFailure.until) {
      throw state.coldFailure.error;
    }
    return waitFor(refresh(key, host, state, undefined, false), signal(), "the wait for a token");
  };

  const invalidate = createInvalidate({
    accountId,
    clientId,
    version,
    store,
    states,
    sentinelHost,
    stateFor,
    storeProblem,
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
