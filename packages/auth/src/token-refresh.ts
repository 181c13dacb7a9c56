/**
 * One token request to Sentinel (proactive refresh, retry), retried with full-jitter back-off and
 * never tied to a caller's `AbortSignal`, and what its outcome means (the caller — `shared-refresh.ts`
 * — makes it single-flight per key, decides whether this process may ask at all, and stores the result):
 *
 * - **a later-expiring token** → reset the back-off, emit `token-fetched` / `token-refreshed`; its times
 *   are put on this process's clock when Sentinel's differs by more than a few seconds (`clock-offset.ts`);
 * - **the same token again** (or one that lasts no longer) → keep the one in hand and push the next
 *   attempt back (`token-refreshed` with `renewed: false`) — never a refresh loop;
 * - **failure** → push the next attempt back (growing, jittered, `Retry-After` respected); with a
 *   valid token in hand it keeps being served, without one the error is remembered so callers get it
 *   at once until the next attempt is due (`token-refresh-failed`).
 *
 * @module
 */
import { AbortError, UnexpectedResponseError } from "@lpkit/core";
import { withRetry } from "@lpkit/core/internal";
import { createSentinelClient, type SentinelClient, type SentinelToken } from "@lpkit/sentinel";
import { type AccessToken, createAccessToken } from "./access-token.js";
import { onLocalClock } from "./clock-offset.js";
import type { AuthEventOf, TokenEventScope } from "./events.js";
import { scrubError, summarizeError } from "./redaction.js";
import { nextAttemptDelay } from "./refresh-policy.js";
import { classifyTokenError, tokenRetryDelay } from "./retry.js";
import type { TokenManagerEventType, TokenManagerSettings } from "./token-manager-options.js";

/** What the manager remembers per cache key. */
export interface KeyState {
  readonly scope: TokenEventScope;
  /** The token this process holds for the key: served without asking the store while it is fresh. */
  local: AccessToken | undefined;
  /** While a token is in hand: no refresh starts before this time (back-off, same-token guard). */
  nextAttemptAt: number;
  /** Consecutive refreshes that failed or did not extend the token. */
  streak: number;
  /** With no token in hand: the last failure, rethrown at once until `until`. */
  coldFailure: { readonly error: unknown; readonly until: number } | undefined;
}

/**
 * A fresh {@link KeyState}.
 *
 * @example
 * ```ts
 * const state = createKeyState({ accountId, version: "v2", sentinelHost });
 * ```
 */
export function createKeyState(scope: TokenEventScope): KeyState {
  return {
    scope,
    local: undefined,
    nextAttemptAt: 0,
    streak: 0,
    coldFailure: undefined,
  };
}

/** Requests a token for one key (not single-flight by itself). */
export type Refresh = (
  host: string,
  state: KeyState,
  previous: AccessToken | undefined,
  background: boolean,
  /** Stores a new token before anyone hears of it (the events, the callers). */
  commit: (token: AccessToken) => Promise<void>,
) => Promise<AccessToken>;

/** What a refresher needs from its manager. */
export interface RefresherContext {
  readonly settings: TokenManagerSettings;
  /** Aborted by `dispose()`: ends token requests and back-off waits. */
  readonly lifetime: AbortSignal;
  emit(event: AuthEventOf<TokenManagerEventType>): void;
  /** The secret and every token held, for redaction. */
  secrets(): string[];
  /** Told when Sentinel's clock and this process's differ by more than a few seconds. */
  clockOffset(offsetMs: number): void;
}

/**
 * Creates the refresh function of a token manager.
 *
 * @example
 * ```ts
 * const refresh = createRefresher(context);
 * const token = await refresh(sentinelHost, state, undefined, false, (t) => store.set(key, t, ttl));
 * ```
 */
export function createRefresher(context: RefresherContext): Refresh {
  const { settings, lifetime } = context;
  const { accountId, clientId, clientSecret, version, v1Query, policy, sleep, random, now } = settings;
  const sentinels = new Map<string, SentinelClient>();

  const sentinelFor = (host: string): SentinelClient => {
    let client = sentinels.get(host);
    if (!client) {
      client = createSentinelClient({
        baseUrl: host,
        fetch: settings.fetch,
        transport: settings.transport,
        timeoutMs: settings.timeoutMs,
        allowInsecureHttp: settings.allowInsecureHttp,
        now,
      });
      sentinels.set(host, client);
    }
    return client;
  };

  return async (
    host: string,
    state: KeyState,
    previous: AccessToken | undefined,
    background: boolean,
    commit: (token: AccessToken) => Promise<void>,
  ) => {
    const started = now();
    let attempts = 0;
    let outcome: { ok: true; value: SentinelToken } | { ok: false; error: unknown };
    try {
      const value = await withRetry(
        (attempt) => {
          attempts = attempt;
          return sentinelFor(host).requestToken({
            accountId,
            clientId,
            clientSecret,
            version,
            ...(v1Query ? { v1Query } : {}),
            signal: lifetime,
          });
        },
        {
          maxRetries: policy.maxRetries,
          delayFor: tokenRetryDelay(policy, random),
          sleep,
          signal: lifetime,
          onRetry: (info) =>
            context.emit({
              type: "retry-scheduled",
              ...state.scope,
              attempt: info.attempt,
              maxAttempts: info.maxAttempts,
              delayMs: info.delayMs,
              retryAfterMs: classifyTokenError(info.error).retryAfterMs,
              error: summarizeError(info.error, context.secrets()),
            }),
        },
      );
      outcome = { ok: true, value };
    } catch (failure) {
      outcome = { ok: false, error: failure };
    }
    const finished = now();
    let error: unknown = outcome.ok ? undefined : outcome.error;
    let token: AccessToken | undefined;
    if (outcome.ok) {
      token = fromSentinel(outcome.value, started, context.clockOffset);
      if (token.expiresAt <= finished) {
        token = undefined;
        error = new UnexpectedResponseError("Sentinel answered with a token that has already expired", {
          status: 200,
        });
      }
    }

    if (!token) {
      if (lifetime.aborted) {
        throw new AbortError("the token manager was disposed");
      }
      state.streak += 1;
      const delay = nextAttemptDelay(state.streak, classifyTokenError(error).retryAfterMs, policy, random);
      state.nextAttemptAt = finished + delay;
      const servingCachedToken = previous !== undefined && previous.expiresAt > finished;
      state.coldFailure = servingCachedToken ? undefined : { error, until: state.nextAttemptAt };
      context.emit({
        type: "token-refresh-failed",
        ...state.scope,
        error: summarizeError(error, context.secrets()),
        servingCachedToken,
        validUntil: servingCachedToken ? previous.expiresAt : undefined,
        nextAttemptAt: state.nextAttemptAt,
        consecutiveFailures: state.streak,
        attempts,
      });
      throw scrubError(error, context.secrets());
    }

    if (previous && token.expiresAt <= previous.expiresAt) {
      // The same token again (or one that lasts no longer): keep the one in hand, try again later.
      state.streak += 1;
      state.nextAttemptAt = finished + nextAttemptDelay(state.streak, undefined, policy, random);
      context.emit({
        type: "token-refreshed",
        ...state.scope,
        expiresAt: previous.expiresAt,
        previousExpiresAt: previous.expiresAt,
        renewed: false,
        background,
        attempts,
        durationMs: Math.max(0, finished - started),
        nextAttemptAt: state.nextAttemptAt,
      });
      return previous;
    }

    state.streak = 0;
    state.nextAttemptAt = 0;
    state.coldFailure = undefined;
    state.local = token;
    await commit(token);
    const timing = { attempts, durationMs: Math.max(0, finished - started) };
    if (previous) {
      context.emit({
        type: "token-refreshed",
        ...state.scope,
        expiresAt: token.expiresAt,
        previousExpiresAt: previous.expiresAt,
        renewed: true,
        background,
        ...timing,
        nextAttemptAt: undefined,
      });
    } else {
      context.emit({ type: "token-fetched", ...state.scope, expiresAt: token.expiresAt, ...timing });
    }
    return token;
  };
}

function fromSentinel(
  token: SentinelToken,
  startedAt: number,
  told: (offsetMs: number) => void,
): AccessToken {
  const times = onLocalClock(token, startedAt, told);
  return createAccessToken({
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    expiresAt: times.expiresAt,
    issuedAt: times.issuedAt,
  });
}
