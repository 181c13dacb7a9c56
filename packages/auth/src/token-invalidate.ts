/**
 * `TokenManager.invalidate`: drop the current token (or only the rejected one, if still current) from
 * this process and from the store, and reset the key's back-off, so the next `getToken` gets a new
 * one. With `deleteIf` (`@lpkit/redis`) the store entry is deleted only while it still holds the
 * rejected token — a token another process just wrote survives; otherwise it is read and compared
 * first. The process copy is compared on its own: when another process already replaced the rejected
 * token in the store, this one drops its copy and picks the new one up.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { type AccessToken, isUsableToken } from "./access-token.js";
import type { TokenInvalidatedEvent } from "./events.js";
import type { StoreAccess } from "./store-access.js";
import { tokenCacheKey } from "./token-cache-key.js";
import type { KeyState } from "./token-refresh.js";
import type { TokenStore } from "./token-store.js";

/** What {@link createInvalidate} needs from its manager. */
export interface InvalidateContext {
  readonly accountId: string;
  readonly clientId: string;
  readonly version: "v1" | "v2";
  readonly store: TokenStore;
  readonly access: StoreAccess;
  readonly states: Map<string, KeyState>;
  sentinelHost(signal: AbortSignal | undefined): Promise<string>;
  stateFor(key: string, host: string): KeyState;
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
  const { accountId, clientId, version, store, access, states, sentinelHost, stateFor, emit } = context;

  /** Drops the store's entry if it holds `rejected` (any token when `undefined`); what it held. */
  const dropStored = async (key: string, rejected: string | undefined): Promise<AccessToken | undefined> => {
    try {
      const value: unknown = await access.call("read", () => store.get(key));
      const stored = isUsableToken(value, Number.NEGATIVE_INFINITY) ? value : undefined;
      if (!stored || (rejected !== undefined && stored.accessToken !== rejected)) {
        return undefined;
      }
      const { deleteIf } = store;
      if (rejected !== undefined && deleteIf) {
        // Compare-and-delete: if another process replaced it since the read, its token stays.
        return (await access.call("deleteIf", () => deleteIf.call(store, key, rejected)))
          ? stored
          : undefined;
      }
      await access.call("delete", () => store.delete(key));
      return stored;
    } catch {
      // Logged by the store access; this process's copy is still dropped below.
    }
    return undefined;
  };
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
      const local = state.local;
      const localMatches =
        local !== undefined && (rejectedToken === undefined || local.accessToken === rejectedToken);
      const stored = await dropStored(key, rejectedToken);
      const current = localMatches ? local : stored;
      if (!current) {
        continue;
      }
      state.local = undefined;
      state.nextAttemptAt = 0;
      state.streak = 0;
      state.coldFailure = undefined;
      dropped = true;
      emit({ type: "token-invalidated", ...state.scope, expiresAt: current.expiresAt });
    }
    return dropped;
  };
}
