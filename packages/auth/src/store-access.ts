/**
 * How the token manager talks to its store (issue 13.5 and 13.6): every call has a budget
 * (`storeTimeoutMs`), so a store that hangs is a store failure, not a caller stuck forever; every
 * failure is classified — `slow` (the store's own deadline passed: try again shortly) or `down`
 * (offline, circuit open, our budget spent, anything else: stop asking, use the process copy or
 * fetch); every read re-checks what came back, clamps its expiry with the store's own TTL
 * (`min(expiresAt, now + ttlMs)`, so a writer's wrong clock cannot stretch a token), and deletes an
 * entry that is not a well-formed token (a CR/LF or any character outside the JWT alphabet)
 * instead of serving it.
 *
 * @module
 */
import { AbortError, type Now, StoreError } from "@lpkit/core";
import { startDeadline } from "@lpkit/core/internal";
import { MAX_TRUSTED_LIFETIME_MS } from "@lpkit/sentinel";
import { type AccessToken, createAccessToken, isUsableToken } from "./access-token.js";
import type { SharedBackoff, SharedBackoffEntry, TokenLease, TokenStore } from "./token-store.js";

/** What kind of trouble a store call ran into. */
export type StoreTrouble = "slow" | "down";

/** A store call that failed: what it was, how bad, and the original error (internal, never thrown to callers). */
export class StoreFault extends Error {
  constructor(
    readonly operation: string,
    readonly trouble: StoreTrouble,
    readonly error: unknown,
  ) {
    super(`the token store failed: ${operation} (${trouble})`);
    this.name = "StoreFault";
  }
}

/** Default budget of one store call, in ms: above `@lpkit/redis`'s own 1 s command deadline. */
export const DEFAULT_STORE_TIMEOUT_MS = 2_000;

/** What {@link createStoreAccess} needs. */
export interface StoreAccessSettings {
  readonly store: TokenStore;
  readonly timeoutMs: number;
  readonly now: Now;
  /** Told about every failure (for the log line). */
  problem(what: string, error: unknown): void;
  /** Told when a poisoned entry was found and deleted. */
  poisoned(key: string): void;
}

/** The store, seen through budgets and checks. Methods reject with {@link StoreFault} only. */
export interface StoreAccess {
  /** The store has the coordination methods (`getEntry`, `setIfLonger`, `lease`): one refresher fleet-wide. */
  readonly shared: boolean;
  /** A usable token under `key` (expiry clamped with the store's TTL), or `undefined`. */
  read(key: string): Promise<AccessToken | undefined>;
  /** Stores `token` (never replacing a longer-lived one when the store can tell). */
  write(key: string, token: AccessToken): Promise<void>;
  lease(key: string, ttlMs: number): Promise<TokenLease | undefined>;
  getBackoff(key: string): Promise<SharedBackoffEntry | undefined>;
  setBackoff(key: string, backoff: SharedBackoff, ttlMs: number): Promise<void>;
  clearBackoff(key: string): Promise<void>;
  /** Runs any store call under the budget (for `delete` / `deleteIf` / lease methods). */
  call<T>(operation: string, run: () => Promise<T>): Promise<T>;
}

/** `slow` only for the store's own deadline (it answers again soon); everything else is `down`. */
export function classifyStoreError(error: unknown): StoreTrouble {
  return error instanceof StoreError && error.reason === "timeout" ? "slow" : "down";
}

/**
 * Wraps `settings.store`.
 *
 * @example
 * ```ts
 * const access = createStoreAccess({ store, timeoutMs: 2_000, now: Date.now, problem, poisoned });
 * const token = await access.read(key); // rejects with a StoreFault, never hangs past 2 s
 * ```
 */
export function createStoreAccess(settings: StoreAccessSettings): StoreAccess {
  const { store, timeoutMs, now } = settings;

  const call = async <T>(operation: string, run: () => Promise<T>): Promise<T> => {
    const deadline = startDeadline(timeoutMs, undefined);
    let pending: Promise<T>;
    try {
      pending = Promise.resolve(run());
    } catch (error) {
      pending = Promise.reject(error);
    }
    let settled = false;
    pending.then(
      () => {
        settled = true;
      },
      () => {
        settled = true;
      },
    );
    const outlived = new Promise<never>((_, reject) => {
      // One I/O turn first (a 0 ms timer runs after the next poll phase): a process starved of CPU runs its
      // timers before reading the answer that may already be waiting on the socket.
      const expire = () =>
        settled ||
        reject(
          new StoreError(`the token store did not answer \`${operation}\` within ${timeoutMs} ms`, {
            reason: "timeout",
            operation,
            timeoutMs,
          }),
        );
      deadline.signal.addEventListener("abort", () => setTimeout(expire, 0), { once: true });
    });
    try {
      return await Promise.race([pending, outlived]);
    } catch (error) {
      pending.catch(() => {}); // a late failure of an abandoned call is nobody's to handle
      // Our own budget running out means the store hangs: that is "down", not "slow".
      const trouble = deadline.signal.aborted ? "down" : classifyStoreError(error);
      settings.problem(operation, error);
      throw new StoreFault(operation, trouble, error);
    } finally {
      deadline.clear();
    }
  };

  const discard = (key: string, value: unknown) => {
    settings.poisoned(key);
    const accessToken = (value as { accessToken?: unknown } | null)?.accessToken;
    const remove =
      store.deleteIf && typeof accessToken === "string" && accessToken !== ""
        ? () => store.deleteIf!(key, accessToken).then(() => undefined)
        : () => store.delete(key);
    call("delete", remove).catch(() => {}); // best effort; the next write replaces it anyway
  };

  const read = async (key: string): Promise<AccessToken | undefined> => {
    let value: unknown;
    let ttlMs: number | undefined;
    if (store.getEntry) {
      const entry = await call("read", () => store.getEntry!(key));
      value = entry?.token;
      ttlMs = typeof entry?.ttlMs === "number" && entry.ttlMs >= 0 ? entry.ttlMs : undefined;
    } else {
      value = await call("read", () => store.get(key));
    }
    if (value === undefined || value === null) {
      return undefined;
    }
    if (!isUsableToken(value, Number.NEGATIVE_INFINITY)) {
      discard(key, value); // poisoned: never served, deleted so no other caller trips over it
      return undefined;
    }
    const t = now();
    // Trusted for 24 hours after its issuedAt at most (13.9), whatever the entry claims, and never
    // past the entry's own remaining lifetime in the store.
    const expiresAt = Math.min(
      value.expiresAt,
      value.issuedAt + MAX_TRUSTED_LIFETIME_MS,
      ttlMs === undefined ? Number.POSITIVE_INFINITY : t + ttlMs,
    );
    if (expiresAt <= t || expiresAt <= value.issuedAt) {
      return undefined;
    }
    // A copy: what the store returned may be shared with others (the memory store) or mutable.
    const { accessToken, tokenType, issuedAt } = value;
    return createAccessToken({ accessToken, tokenType, issuedAt, expiresAt });
  };

  const unsupported = (operation: string) =>
    Promise.reject(new StoreFault(operation, "down", new AbortError(`the store has no ${operation}`)));

  return {
    shared:
      typeof store.getEntry === "function" &&
      typeof store.setIfLonger === "function" &&
      typeof store.lease === "function",
    read,
    async write(key, token) {
      const ttlMs = Math.max(0, token.expiresAt - now());
      await call("write", () =>
        store.setIfLonger
          ? store.setIfLonger(key, token, ttlMs).then(() => undefined)
          : store.set(key, token, ttlMs),
      );
    },
    lease: (key, ttlMs) =>
      store.lease ? call("lease", () => store.lease!(key, ttlMs)) : unsupported("lease"),
    getBackoff: (key) =>
      store.getBackoff ? call("getBackoff", () => store.getBackoff!(key)) : Promise.resolve(undefined),
    setBackoff: (key, backoff, ttlMs) =>
      store.setBackoff ? call("setBackoff", () => store.setBackoff!(key, backoff, ttlMs)) : Promise.resolve(),
    clearBackoff: (key) =>
      store.clearBackoff ? call("clearBackoff", () => store.clearBackoff!(key)) : Promise.resolve(),
    call,
  };
}
