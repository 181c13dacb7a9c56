import { TokenRequestError } from "@lpkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { LEASE_MS } from "./shared-refresh.js";
import { createFakeClock, flush } from "./test-support/fake-clock.js";
import {
  ACCOUNT,
  CLIENT_ID,
  createFakeLivePerson,
  json,
  SENTINEL_HOST,
  tokenBody,
} from "./test-support/fake-liveperson.js";
import { assertCollectedSecretFree, collector } from "./test-support/secrets.js";
import { setup } from "./test-support/setup.js";
import { createFakeServer, createSharedStore } from "./test-support/shared-store.js";
import { tokenCacheKey } from "./token-cache-key.js";
import type { TokenManager } from "./token-manager.js";

afterAll(assertCollectedSecretFree);

const KEY = tokenCacheKey({
  accountId: ACCOUNT,
  clientId: CLIENT_ID,
  version: "v2",
  sentinelHost: SENTINEL_HOST,
});

/** `count` managers ("processes"), each with its own store connection, on one fake server. */
function fleet(count: number, overrides: { offsetMs?: (i: number) => number; realWaits?: boolean } = {}) {
  const clock = createFakeClock();
  const lp = createFakeLivePerson({ now: clock.now });
  const server = createFakeServer(clock.now);
  const managers: TokenManager[] = [];
  for (let i = 0; i < count; i++) {
    const offset = overrides.offsetMs?.(i) ?? 0;
    const now = () => clock.now() + offset;
    // realWaits: a poll waits for the event loop instead of jumping the shared clock ahead (a held
    // token request then stays "in flight" however often the others poll).
    const sleep = overrides.realWaits ? () => new Promise<void>((r) => setImmediate(r)) : clock.sleep;
    managers.push(setup({ store: createSharedStore(server, now), now, sleep }, { clock, lp }).manager);
  }
  return { clock, lp, server, managers };
}

/** The true expiry (JWT `exp`, on Sentinel's clock) of a token string. */
function jwtExp(accessToken: string): number {
  const claims = JSON.parse(Buffer.from(accessToken.split(".")[1]!, "base64url").toString()) as {
    exp: number;
  };
  return claims.exp * 1000;
}

describe("19. distributed single flight", () => {
  it("19. 20 cold managers sharing a leased store make 1 token request", async () => {
    const { lp, managers, server } = fleet(20, { realWaits: true });
    lp.hold("token"); // the holder's request is slow, so the others really wait for it
    const all = Promise.all(managers.map((m) => m.getToken()));
    await lp.waitForRequests("token", 1);
    await flush();
    lp.release("token");
    const tokens = await all;
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(lp.requests("token")).toHaveLength(1);
    expect(server.entries.has(KEY)).toBe(true);
    await flush();
    expect(server.leases.has(KEY)).toBe(false); // released after the write
  });

  it("19. rotation: over 6 rotations, 10 managers make one request per rotation and never wait while a token is valid", async () => {
    const { clock, lp, managers } = fleet(10);
    lp.setFallback("token", () => json(tokenBody(clock.now(), 120))); // renewed from 60 s before expiry
    const first = await managers[0]!.getToken();
    const seen = new Set<string>([first.accessToken]);
    const end = clock.now() + 6 * 60_000 + 1_000;
    while (clock.now() < end) {
      for (const manager of managers) {
        const token = await manager.getToken();
        expect(token.expiresAt).toBeGreaterThan(clock.now());
        expect(jwtExp(token.accessToken)).toBeGreaterThan(clock.now());
        seen.add(token.accessToken);
      }
      await flush();
      clock.advance(5_000);
    }
    await flush();
    seen.add((await managers[0]!.getToken()).accessToken); // the last renewal, made in the background
    for (const manager of managers) {
      seen.add((await manager.getToken()).accessToken);
    }
    expect(seen.size).toBeGreaterThanOrEqual(6);
    expect(lp.requests("token")).toHaveLength(seen.size);
  });

  it("19. in the soft window the lease loser serves its token at once; the winner renews for everyone", async () => {
    const { clock, lp, managers } = fleet(3);
    const [a, b, c] = managers as [TokenManager, TokenManager, TokenManager];
    const old = await a.getToken();
    await b.getToken();
    await c.getToken();
    clock.set(old.expiresAt - 60_000); // soft window
    lp.hold("token");
    expect((await a.getToken()).accessToken).toBe(old.accessToken); // a wins the lease, renews in the background
    await lp.waitForRequests("token", 2);
    expect((await b.getToken()).accessToken).toBe(old.accessToken); // b loses: served at once
    await flush();
    expect((await b.getToken()).accessToken).toBe(old.accessToken);
    lp.release("token");
    await flush();
    const renewed = await a.getToken();
    expect(renewed.accessToken).not.toBe(old.accessToken);
    clock.advance(LEASE_MS); // b looks again after its short interval
    await b.getToken();
    await flush();
    expect((await b.getToken()).accessToken).toBe(renewed.accessToken);
    expect(lp.requests("token")).toHaveLength(2);
  });

  it("19. a lease holder that died: a cold waiter takes the lease over once it lapses, 1 request", async () => {
    const { clock, lp, managers, server } = fleet(3);
    server.orphanLease(KEY, LEASE_MS);
    const started = clock.now();
    const tokens = await Promise.all(managers.map((m) => m.getToken()));
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(lp.requests("token")).toHaveLength(1);
    expect(clock.now() - started).toBeGreaterThanOrEqual(LEASE_MS); // it waited for the lapse, not less
  });

  it("19. Sentinel 503 during a rotation: one holder's attempts, shared back-off; warm managers keep serving, cold ones fail at once", async () => {
    const { clock, lp, managers, server } = fleet(5);
    const [holder, ...others] = managers as [TokenManager, ...TokenManager[]];
    const old = await holder.getToken();
    for (const m of others.slice(0, 2)) {
      await m.getToken();
    }
    clock.set(old.expiresAt - 60_000);
    lp.setFallback("token", json({ error: "temporarily_unavailable" }, 503));
    expect((await holder.getToken()).accessToken).toBe(old.accessToken);
    await flush();
    const attempts = lp.requests("token").length - 1;
    expect(attempts).toBe(3); // the holder's retry sequence, nobody else's
    expect([...server.backoffs.values()][0]?.backoff).toMatchObject({ failures: 1, status: 503 });
    // Warm: served, no request. Cold (an expired copy or none): the recorded error at once, no request.
    for (const m of others.slice(0, 2)) {
      expect((await m.getToken()).accessToken).toBe(old.accessToken);
    }
    server.entries.clear(); // the shared entry is gone too (it left the store before expiry)
    for (const m of others.slice(2)) {
      const error = await m.getToken().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(TokenRequestError);
      expect(error).toMatchObject({ status: 503 });
    }
    await flush();
    expect(lp.requests("token")).toHaveLength(1 + attempts);
  });

  it("19. the store is down: each manager falls back to its own request (and says so); nothing fails", async () => {
    const { lp, managers, server } = fleet(4);
    server.mode = "down";
    const tokens = await Promise.all(managers.map((m) => m.getToken()));
    expect(tokens.every((t) => t.accessToken.length > 0)).toBe(true);
    expect(lp.requests("token")).toHaveLength(4);
    expect(collector.logs.some((l) => l.message.includes("shared token store is unavailable"))).toBe(true);
  });

  it("19. the store is slow (its deadline passes): a cold manager keeps trying within the budget, then fetches alone", async () => {
    const { clock, lp, managers, server } = fleet(1);
    server.mode = "slow";
    const started = clock.now();
    await managers[0]!.getToken();
    expect(lp.requests("token")).toHaveLength(1);
    expect(clock.now() - started).toBeGreaterThanOrEqual(5_000); // the slow-store budget was spent polling
  });

  it("19. a store without the coordination methods is used as before: get, set and delete only", async () => {
    const clock = createFakeClock();
    const lp = createFakeLivePerson({ now: clock.now });
    const server = createFakeServer(clock.now);
    const full = createSharedStore(server);
    const basic = { get: full.get, set: full.set, delete: full.delete };
    const a = setup({ store: basic }, { clock, lp }).manager;
    const b = setup({ store: basic }, { clock, lp }).manager;
    await Promise.all([a.getToken(), b.getToken()]);
    expect(lp.requests("token")).toHaveLength(2); // concurrent cold starts: one request per process, as before
    expect(Object.keys(server.calls).sort()).toEqual(["get", "setIfLonger"]);
  });

  it("19. after a 401 only the rejected token is deleted (deleteIf): the one another process just wrote survives", async () => {
    const { managers, server } = fleet(2);
    const [a, b] = managers as [TokenManager, TokenManager];
    const first = await a.getToken();
    await b.getToken();
    expect(await b.invalidate(first)).toBe(true); // b drops its copy and the shared entry
    const second = await b.getToken();
    expect(server.entries.get(KEY)?.token.accessToken).toBe(second.accessToken);
    expect(await a.invalidate(`Bearer ${first.accessToken}`)).toBe(true); // a's late 401: only its own copy
    expect(server.entries.get(KEY)?.token.accessToken).toBe(second.accessToken);
    expect((await a.getToken()).accessToken).toBe(second.accessToken);
    expect(server.calls.deleteIf).toBe(1);
  });

  it("19. clock skew of ±10 min between managers: nobody is handed a token past its true expiry", async () => {
    const offsets = [-600_000, 0, 600_000];
    const { clock, lp, managers } = fleet(3, { offsetMs: (i) => offsets[i]! });
    lp.setFallback("token", () => json(tokenBody(clock.now(), 1_800)));
    const end = clock.now() + 4 * 3_600_000;
    let calls = 0;
    const seen = new Set<string>();
    while (clock.now() < end) {
      for (const manager of managers) {
        const token = await manager.getToken();
        seen.add(token.accessToken);
        calls += 1;
        expect(jwtExp(token.accessToken)).toBeGreaterThan(clock.now()); // on Sentinel's (true) clock
      }
      await flush();
      clock.advance(20_000);
    }
    expect(calls).toBeGreaterThan(2_000);
    // One request per rotation (the manager whose clock runs ahead renews first, for everyone).
    expect(lp.requests("token")).toHaveLength(seen.size);
    // Skew costs early renewals (a token written by a manager whose clock runs behind looks shorter to
    // one whose clock runs ahead: min(expiresAt, now + ttl) errs on the early side), never expired ones.
    expect(seen.size).toBeLessThanOrEqual(24); // 4 hours of 30-minute tokens: at most one every 10 min
  });
});
