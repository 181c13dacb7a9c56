/**
 * `TokenManager.invalidate`: drop the current token (or only the rejected one, if still current) from
 * the store and from this process, and reset the key's back-off, so the next `getToken` fetches.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { type AccessToken, isUsableToken } from "./access-token.js";
import type { TokenInvalidatedEvent } from "./events.js";
import { tokenCacheKey } from "./token-cache-key.js";
import type { KeyState } from "./token-refresh.js";
import type { TokenStore } from "./token-store.js";

/** What {@link createInvalidate} needs from its manager. */
export interface InvalidateContext {
  readonly accountId: string;
  readonly clientId: string;
  readonly version: "v1" | "v2";
  readonly store: TokenStore;
  readonly states: Map<string, KeyState>;
  sentinelHost(signal: AbortSignal | undefined): Promise<string>;
  stateFor(key: string, host: string): KeyState;
  storeProblem(what: string, error: unknown): void;
  emit(event: TokenInvalidatedEvent): void;
}

/**
 * Creates the `invalidate` method of a token manager.
 *
 * @example
 * ```ts
 * const invalidate = createInvalidate(context);
 * await invalidate("Bearer eyJ…"); // true when it was still the current token
 * ```
 */
export function createInvalidate(
  context: InvalidateContext,
): (rejected?: AccessToken | string) => Promise<boolean> {
  const { accountId, clientId, version, store, states, sentinelHost, stateFor, storeProblem, emit } = context;
  return async (rejected?: AccessToken | string): Promise<boolean> => {
    let rejectedToken: string | undefined;
    if (rejected !== undefined) {
      const raw = typeof rejected === "string" ? rejected : rejected?.accessToken;
      if (typeof raw !== "string" || raw.trim() === "") {
        throw new InvalidArgumentError("rejected", "expected an AccessToken or the token string");
      }
      rejectedToken = raw.trim().replace(/^bearer\s+/i, "");
    }
    // The current key too, so a manager that has not fetched yet can still drop a shared token.
    try {
      const host = await sentinelHost(undefined);
      stateFor(tokenCacheKey({ accountId, clientId, version, sentinelHost: host }), host);
    } catch {
      // No Sentinel host right now: the keys already known are all there is to drop.
    }
    let dropped = false;
    for (const [key, state] of states) {
      let current: AccessToken | undefined;
      try {
        const value: unknown = await store.get(key);
        current = isUsableToken(value, Number.NEGATIVE_INFINITY) ? value : state.local;
      } catch (error) {
        storeProblem("read", error);
        current = state.local;
      }
      if (!current || (rejectedToken !== undefined && current.accessToken !== rejectedToken)) {
        continue;
      }
      try {
        await store.delete(key);
      } catch (error) {
        storeProblem("delete", error);
      }
      state.local = undefined;
      state.storeWriteFailed = false;
      state.nextAttemptAt = 0;
      state.streak = 0;
      state.coldFailure = undefined;
      dropped = true;
      emit({ type: "token-invalidated", ...state.scope, expiresAt: current.expiresAt });
    }
    return dropped;
  };
}
