/**
 * Getting a new token for one key — run single-flight per key in each process — and, with a store
 * that has the coordination methods (`getEntry`, `setIfLonger`, `lease`; `@lpkit/redis`), once per
 * rotation for the whole fleet (issue 19, reference design §6.4):
 *
 * 1. read the store: another process may have renewed already → adopt its token;
 * 2. a shared back-off is recorded → serve the token in hand, or fail at once with the recorded error;
 * 3. take the lease (`SET NX PX`): the winner re-reads (double check), asks Sentinel — extending the
 *    lease while it waits — writes with `setIfLonger`, clears or sets the shared back-off, releases;
 * 4. lost the lease with a usable token in hand → serve it, look again after a short interval: **no
 *    caller waits while a valid token exists**;
 * 5. lost it with nothing usable → poll the store (25 ms growing to 200 ms, jittered) until the
 *    winner's token appears, its back-off appears, or its lease lapses (then take it over).
 *
 * Only trouble with the *store* leads to a process-local request: `down` (offline, circuit open, no
 * answer within the budget) at once, `slow` (the store's own deadline) after {@link SLOW_STORE_BUDGET_MS}.
 * A store without the coordination methods is read first and then asked nothing else: one request
 * per process, as before.
 *
 * @module
 */
import { AbortError } from "@lpkit/core";
import type { AccessToken } from "./access-token.js";
import { tokenPhase } from "./refresh-policy.js";
import { createRenewalSteps, LEASE_MS, later, type RenewalContext } from "./renewal-steps.js";
import { sharedBackoffError } from "./shared-backoff.js";
import { StoreFault } from "./store-access.js";
import type { KeyState } from "./token-refresh.js";
import type { SharedBackoffEntry, TokenLease } from "./token-store.js";

export { LEASE_MS } from "./renewal-steps.js";

/** How long a cold caller keeps trying a store that answers "timeout" before fetching itself. */
export const SLOW_STORE_BUDGET_MS = 5_000;
const POLL_MIN_MS = 25;
const POLL_MAX_MS = 200;

/** What the shared refresh needs from its manager. */
export interface SharedRefreshContext extends RenewalContext {
  /** Told when this process fetches on its own because the store is the problem. */
  fallback(reason: string): void;
}

/** Gets a newer token for `key` than `previous` (or the same one, while it must be served). */
export type Obtain = (
  key: string,
  host: string,
  state: KeyState,
  previous: AccessToken | undefined,
  background: boolean,
) => Promise<AccessToken>;

/**
 * Creates the per-key "get a newer token" step of a token manager.
 *
 * @example
 * ```ts
 * const obtain = createObtain({ settings, access, refresh, lifetime, fallback });
 * const token = await flights.run(key, () => obtain(key, host, state, state.local, true));
 * ```
 */
export function createObtain(context: SharedRefreshContext): Obtain {
  const { settings, access, lifetime } = context;
  const { now, sleep, random, windows, policy, timeoutMs } = settings;
  /** The longest a cold caller waits on a live holder: its whole retry sequence, plus one lease. */
  const holderBudgetMs =
    (policy.maxRetries + 1) * timeoutMs +
    policy.maxRetries * Math.max(policy.maxDelayMs, policy.maxRetryAfterMs) +
    LEASE_MS;

  const { usable, tryRead, alone, asHolder } = createRenewalSteps(context);

  const shared = async (
    key: string,
    host: string,
    state: KeyState,
    current: AccessToken | undefined,
    bg: boolean,
  ) => {
    const started = now();
    let slowSince: number | undefined;
    let delay = POLL_MIN_MS;
    /** A store failure: fetch alone when the store is down (or slow for too long), else go on. */
    const trouble = (fault: StoreFault): boolean => {
      slowSince ??= now();
      return fault.trouble === "down" || now() - slowSince >= SLOW_STORE_BUDGET_MS;
    };
    /** Someone else renews (or the store is briefly slow): serve the token in hand, look again soon. */
    const serve = (token: AccessToken) => {
      const lifetimeMs = token.expiresAt - token.issuedAt;
      state.nextAttemptAt = now() + Math.max(50, Math.min(LEASE_MS / 3, lifetimeMs / 20));
      return token;
    };
    for (;;) {
      if (lifetime.aborted) {
        throw new AbortError("the token manager was disposed");
      }
      let lease: TokenLease | undefined;
      let backoff: SharedBackoffEntry | undefined;
      try {
        backoff = await access.getBackoff(key);
        if (backoff && backoff.ttlMs > 0) {
          const until = now() + backoff.ttlMs;
          if (usable(current)) {
            state.nextAttemptAt = Math.max(state.nextAttemptAt, until);
            return current!;
          }
          const error = sharedBackoffError(backoff, timeoutMs);
          state.coldFailure = { error, until };
          throw error;
        }
        lease = await access.lease(key, LEASE_MS);
      } catch (error) {
        if (!(error instanceof StoreFault)) {
          throw error;
        }
        if (trouble(error)) {
          context.fallback(`${error.operation}: ${error.trouble}`);
          return alone(key, host, state, usable(current), bg);
        }
      }
      if (lease) {
        return asHolder(lease, key, host, state, usable(current), bg, backoff);
      }
      if (usable(current)) {
        return serve(current!); // no caller waits while a valid token exists
      }
      if (now() - started > holderBudgetMs) {
        context.fallback("no token from the lease holder in time");
        return alone(key, host, state, undefined, bg);
      }
      await sleep(Math.round(delay * (0.5 + random() / 2)), lifetime);
      delay = Math.min(POLL_MAX_MS, delay * 2);
      const seen = await tryRead(key);
      if (seen.fault && trouble(seen.fault)) {
        context.fallback(`${seen.fault.operation}: ${seen.fault.trouble}`);
        return alone(key, host, state, undefined, bg);
      }
      if (usable(seen.token)) {
        state.local = seen.token;
        return seen.token!;
      }
    }
  };

  return async (key, host, state, previous, background) => {
    const read = await tryRead(key);
    const current = later(usable(previous), usable(read.token));
    if (current && current !== previous) {
      state.local = current; // another process renewed it (or this process had none yet): serve it
      return current;
    }
    if (current && tokenPhase(current, now(), windows) === "fresh") {
      return current;
    }
    if (!access.shared || read.fault?.trouble === "down") {
      if (access.shared) {
        context.fallback("read: down");
      }
      return alone(key, host, state, current, background);
    }
    return shared(key, host, state, current, background);
  };
}
