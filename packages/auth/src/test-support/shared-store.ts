/**
 * A fake shared store with every coordination method of `TokenStore`, the way `@lpkit/redis`
 * implements them (entries and leases expire on the *server's* clock; `setIfLonger` keeps the
 * later-expiring token; compare-and-delete), so several token managers ("processes", each with its
 * own clock) can share one. Faults: `server.mode` = `slow` (StoreError timeout), `down` (StoreError
 * offline), `hang` (never answers). Every call is counted per method.
 *
 * @module
 */
import { StoreError } from "@lpkit/core";
import { type AccessToken, createAccessToken } from "../access-token.js";
import type { SharedBackoff, TokenLease, TokenStore } from "../token-store.js";

export type ServerMode = "ok" | "slow" | "down" | "hang";

/** The one "Redis" several stores share. */
export interface FakeServer {
  now(): number;
  mode: ServerMode;
  readonly calls: Record<string, number>;
  readonly entries: Map<string, { token: AccessToken; until: number }>;
  readonly leases: Map<string, { id: number; until: number }>;
  readonly backoffs: Map<string, { backoff: SharedBackoff; until: number }>;
  /** Takes the lease of `key` for `ttlMs` as a holder that then dies (never releases). */
  orphanLease(key: string, ttlMs: number): void;
}

export function createFakeServer(now: () => number): FakeServer {
  const server: FakeServer = {
    now,
    mode: "ok",
    calls: {},
    entries: new Map(),
    leases: new Map(),
    backoffs: new Map(),
    orphanLease(key, ttlMs) {
      server.leases.set(key, { id: -1, until: now() + ttlMs });
    },
  };
  return server;
}

function copy(token: AccessToken, expiresAt = token.expiresAt): AccessToken {
  const { accessToken, tokenType, issuedAt } = token;
  return createAccessToken({ accessToken, tokenType, issuedAt, expiresAt });
}

let leaseIds = 0;

/**
 * A store on `server` for one process whose clock is `now` (it may be skewed against the server's).
 */
export function createSharedStore(server: FakeServer, now: () => number = server.now): Required<TokenStore> {
  const op = async <T>(name: string, run: () => T): Promise<T> => {
    server.calls[name] = (server.calls[name] ?? 0) + 1;
    await Promise.resolve();
    if (server.mode === "hang") {
      return new Promise<T>(() => {});
    }
    if (server.mode === "slow" || server.mode === "down") {
      throw new StoreError(`fake store: ${server.mode}`, {
        reason: server.mode === "slow" ? "timeout" : "offline",
        operation: name,
      });
    }
    return run();
  };
  const alive = <V extends { until: number }>(map: Map<string, V>, key: string): V | undefined => {
    const value = map.get(key);
    if (value && value.until <= server.now()) {
      map.delete(key);
      return undefined;
    }
    return value;
  };
  const setIfLonger = (key: string, token: AccessToken, ttlMs: number) =>
    op("setIfLonger", () => {
      const px = Math.min(ttlMs, token.expiresAt - now());
      const existing = alive(server.entries, key);
      if (px < 1 || (existing && existing.token.expiresAt >= token.expiresAt)) {
        return false;
      }
      server.entries.set(key, { token: copy(token), until: server.now() + px });
      return true;
    });
  const lease = (key: string, ttlMs: number) =>
    op("lease", (): TokenLease | undefined => {
      if (alive(server.leases, key)) {
        return undefined;
      }
      leaseIds += 1;
      const id = leaseIds;
      server.leases.set(key, { id, until: server.now() + ttlMs });
      const mine = () => alive(server.leases, key)?.id === id;
      return {
        release: () => op("release", () => mine() && server.leases.delete(key)),
        extend: (ms) =>
          op("extend", () => {
            if (!mine()) {
              return false;
            }
            server.leases.set(key, { id, until: server.now() + ms });
            return true;
          }),
      };
    });
  return {
    get: (key) =>
      op("get", () => {
        const entry = alive(server.entries, key);
        return (
          entry && copy(entry.token, Math.min(entry.token.expiresAt, now() + (entry.until - server.now())))
        );
      }),
    getEntry: (key) =>
      op("getEntry", () => {
        const entry = alive(server.entries, key);
        return entry && { token: copy(entry.token), ttlMs: entry.until - server.now() };
      }),
    set: async (key, token, ttlMs) => {
      await setIfLonger(key, token, ttlMs);
    },
    setIfLonger,
    delete: (key) =>
      op("delete", () => {
        server.entries.delete(key);
      }),
    deleteIf: (key, accessToken) =>
      op("deleteIf", () => {
        const entry = alive(server.entries, key);
        return entry?.token.accessToken === accessToken && server.entries.delete(key);
      }),
    lease,
    getBackoff: (key) =>
      op("getBackoff", () => {
        const entry = alive(server.backoffs, key);
        return entry && { backoff: entry.backoff, ttlMs: entry.until - server.now() };
      }),
    setBackoff: (key, backoff, ttlMs) =>
      op("setBackoff", () => {
        const existing = alive(server.backoffs, key);
        if (!existing || existing.until < server.now() + ttlMs) {
          server.backoffs.set(key, { backoff, until: server.now() + ttlMs });
        }
      }),
    clearBackoff: (key) =>
      op("clearBackoff", () => {
        server.backoffs.delete(key);
      }),
  };
}
