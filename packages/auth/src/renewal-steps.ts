/**
 * The steps a renewal is made of (used by `shared-refresh.ts`): read the store without throwing,
 * request a token in this process alone, or — as the lease holder — request it for the whole fleet
 * (double check first, extend the lease while the request runs, record a shared back-off on failure,
 * write then release on success). A write is waited for at most one store budget.
 *
 * @module
 */
import type { AccessToken } from "./access-token.js";
import { nextAttemptDelay, tokenPhase } from "./refresh-policy.js";
import { classifyTokenError } from "./retry.js";
import { backoffRecord } from "./shared-backoff.js";
import { type StoreAccess, StoreFault } from "./store-access.js";
import type { TokenManagerSettings } from "./token-manager-options.js";
import type { KeyState, Refresh } from "./token-refresh.js";
import type { SharedBackoffEntry, TokenLease } from "./token-store.js";

/** Lease length, in ms; the holder extends it every third of that while its request runs. */
export const LEASE_MS = 3_000;

/** What the steps need from their manager. */
export interface RenewalContext {
  readonly settings: TokenManagerSettings;
  readonly access: StoreAccess;
  readonly refresh: Refresh;
  readonly lifetime: AbortSignal;
}

/** The later-expiring of two tokens (the first on a tie). */
export function later(a: AccessToken | undefined, b: AccessToken | undefined): AccessToken | undefined {
  if (!a) {
    return b;
  }
  return b && b.expiresAt > a.expiresAt ? b : a;
}

/**
 * Creates the steps of one manager.
 *
 * @example
 * ```ts
 * const { tryRead, alone, asHolder } = createRenewalSteps({ settings, access, refresh, lifetime });
 * ```
 */
export function createRenewalSteps(context: RenewalContext) {
  const { settings, access, refresh, lifetime } = context;
  const { now, random, windows, policy } = settings;
  const usable = (token: AccessToken | undefined) => (token && token.expiresAt > now() ? token : undefined);

  /** Reads the store; `undefined` and the fault on failure. */
  const tryRead = async (
    key: string,
  ): Promise<{ token: AccessToken | undefined; fault: StoreFault | undefined }> => {
    try {
      return { token: await access.read(key), fault: undefined };
    } catch (error) {
      return {
        token: undefined,
        fault: error instanceof StoreFault ? error : new StoreFault("read", "down", error),
      };
    }
  };

  /** Writes a new token, waited for at most one store budget (a process exiting right after still shares it). */
  const write = (key: string) => (token: AccessToken) => access.write(key, token).catch(() => {});
  /** Process-local request: no store coordination, best-effort write. */
  const alone = async (
    key: string,
    host: string,
    state: KeyState,
    current: AccessToken | undefined,
    bg: boolean,
  ) => {
    return refresh(host, state, current, bg, write(key));
  };

  /** This process holds the lease: the only refresher in the fleet. */
  const asHolder = async (
    lease: TokenLease,
    key: string,
    host: string,
    state: KeyState,
    current: AccessToken | undefined,
    bg: boolean,
    backoff: SharedBackoffEntry | undefined,
  ) => {
    const release = () => access.call("release", () => lease.release());
    const again = await tryRead(key); // double check: the previous holder may have just written
    const best = later(current, usable(again.token));
    if (again.token && best === again.token && tokenPhase(best, now(), windows) === "fresh") {
      state.local = best;
      await release().catch(() => {});
      return best;
    }
    const keepAlive = setInterval(() => {
      access.call("extend", () => lease.extend(LEASE_MS)).catch(() => {});
    }, LEASE_MS / 3);
    (keepAlive as { unref?: () => void }).unref?.();
    let token: AccessToken;
    try {
      token = await refresh(host, state, best, bg, async (fresh) => {
        await write(key)(fresh);
        if (backoff) {
          await access.clearBackoff(key).catch(() => {});
        }
        await release().catch(() => {}); // before anyone hears of the token: a process may exit right after
      });
    } catch (error) {
      if (!lifetime.aborted) {
        const record = backoffRecord(error, (backoff?.backoff.failures ?? 0) + 1);
        const fleetDelay = nextAttemptDelay(
          record.failures,
          classifyTokenError(error).retryAfterMs,
          policy,
          random,
        );
        const ttlMs = Math.min(
          600_000,
          Math.max(1, Math.ceil(Math.max(state.nextAttemptAt - now(), fleetDelay))),
        );
        await access.setBackoff(key, record, ttlMs).catch(() => {}); // before the release: the next holder sees it
      }
      await release().catch(() => {});
      throw error;
    } finally {
      clearInterval(keepAlive);
    }
    if (token === best) {
      await release().catch(() => {}); // the same token again: nothing written, the lease goes
    }
    return token;
  };

  return { usable, tryRead, alone, asHolder };
}
