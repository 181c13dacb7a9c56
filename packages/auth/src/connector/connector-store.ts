/**
 * The pluggable store behind the Connector facade's caches (ConsumerJWS per consumer, consumer ↔
 * conversation): the contract `@lpkit/redis`'s `createRedisCache` offers, so a Redis cache shares
 * them between processes as it is. Every call is bounded by a deadline and every failure is a
 * miss: a slow or broken store never fails a send, it only costs a request the store would have
 * saved.
 *
 * @module
 */
import type { AuthLogger } from "../logger.js";
import { summarizeError } from "../redaction.js";

/**
 * A key/value store with TTLs: `createRedisCache({ redis, namespace: "consumer-jws", encryption })`
 * from `@lpkit/redis` is one. Values are strings; `get` may return entries past their TTL (the
 * facade checks what it reads).
 *
 * @example
 * ```ts
 * const store: ConnectorStore = {
 *   async get(key) { const value = await kv.get(key); return value === null ? undefined : { value }; },
 *   async set(key, value, ttlMs) { await kv.put(key, value, { expirationTtl: Math.ceil(ttlMs / 1000) }); },
 *   async delete(key) { await kv.delete(key); },
 * };
 * ```
 */
export interface ConnectorStore {
  get(key: string): Promise<{ readonly value: string } | undefined>;
  set(key: string, value: string, ttlMs: number, options?: { keepLonger?: boolean }): Promise<unknown>;
  /** With `ifValue`, deletes only while the entry holds that value (a compare-and-delete). */
  delete(key: string, options?: { ifValue?: string }): Promise<unknown>;
}

/** A store wrapped so each call ends within `timeoutMs` and never rejects. */
export interface GuardedStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string, ifValue?: string): Promise<void>;
  /** Calls that failed or timed out, since creation. */
  readonly failures: number;
}

const MISSING = Symbol("missing");

function within<T>(promise: Promise<T>, timeoutMs: number): Promise<T | typeof MISSING> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<typeof MISSING>((resolve) => {
    timer = setTimeout(() => resolve(MISSING), timeoutMs);
    (timer as { unref?: () => void }).unref?.();
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/**
 * Wraps `store` (or nothing) for the facade: a miss when absent, slow (`timeoutMs`) or failing —
 * logged with the error summarised, never a value.
 *
 * @example
 * ```ts
 * const jwsStore = guardStore(options.store, "ConsumerJWS", 1_000, logger);
 * ```
 */
export function guardStore(
  store: ConnectorStore | undefined,
  what: string,
  timeoutMs: number,
  logger: AuthLogger | undefined,
): GuardedStore {
  let failures = 0;
  const run = async <T>(operation: string, call: () => Promise<T>): Promise<T | undefined> => {
    if (store === undefined) {
      return undefined;
    }
    try {
      const result = await within(call(), timeoutMs);
      if (result !== MISSING) {
        return result;
      }
      failures += 1;
      logger?.warn?.(`@lpkit/auth: the ${what} store did not ${operation} within ${timeoutMs} ms`, {
        operation,
        timeoutMs,
      });
    } catch (error) {
      failures += 1;
      logger?.warn?.(`@lpkit/auth: the ${what} store failed to ${operation}`, {
        operation,
        error: summarizeError(error, []),
      });
    }
    return undefined;
  };
  return {
    async get(key) {
      const entry = await run("read", () => (store as ConnectorStore).get(key));
      return entry !== undefined && typeof entry?.value === "string" ? entry.value : undefined;
    },
    async set(key, value, ttlMs) {
      await run("write", () => (store as ConnectorStore).set(key, value, ttlMs));
    },
    async delete(key, ifValue) {
      await run("delete", () =>
        (store as ConnectorStore).delete(key, ifValue === undefined ? undefined : { ifValue }),
      );
    },
    get failures() {
      return failures;
    },
  };
}
