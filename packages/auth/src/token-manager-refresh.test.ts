import { afterAll, describe, expect, it } from "vitest";
import { flush } from "./test-support/fake-clock.js";
import { json, tokenBody } from "./test-support/fake-liveperson.js";
import { assertCollectedSecretFree } from "./test-support/secrets.js";
import { setup } from "./test-support/setup.js";

afterAll(assertCollectedSecretFree);

describe("3. proactive refresh", () => {
  it("3. proactive refresh: in the soft window one background refresh starts and callers get the valid token at once", async () => {
    const { clock, lp, manager, next } = setup();
    const old = await manager.getToken();
    clock.set(old.expiresAt - 4 * 60_000); // 4 min left: soft window
    lp.hold("token");
    const during = await Promise.all(Array.from({ length: 5 }, () => manager.getToken()));
    expect(during.every((t) => t.accessToken === old.accessToken)).toBe(true);
    await lp.waitForRequests("token", 2);
    await flush();
    expect(lp.requests("token")).toHaveLength(2); // the first fetch + ONE background refresh
    const refreshed = next("token-refreshed");
    lp.release("token");
    const event = await refreshed;
    expect(event).toMatchObject({ renewed: true, background: true, previousExpiresAt: old.expiresAt });
    const fresh = await manager.getToken();
    expect(fresh.accessToken).not.toBe(old.accessToken);
    expect(fresh.expiresAt).toBeGreaterThan(old.expiresAt);
    expect(lp.requests("token")).toHaveLength(2);
  });

  it("3. proactive refresh: in the hard window callers wait for the new token", async () => {
    const { clock, lp, manager } = setup();
    const old = await manager.getToken();
    clock.set(old.expiresAt - 10_000); // 10 s left: hard window
    lp.hold("token");
    let settled = false;
    const waiting = manager.getToken().then((t) => {
      settled = true;
      return t;
    });
    await flush();
    expect(settled).toBe(false);
    lp.release("token");
    const fresh = await waiting;
    expect(fresh.accessToken).not.toBe(old.accessToken);
    expect(lp.requests("token")).toHaveLength(2);
  });

  it("3. proactive refresh: the windows shrink for a 60-second token (fresh → soft at 30 s → hard at 6 s)", async () => {
    const { clock, lp, manager, next } = setup();
    lp.setFallback("token", () => json(tokenBody(clock.now(), 60)));
    const token = await manager.getToken();
    expect(token.expiresAt - token.issuedAt).toBe(60_000);

    clock.set(token.expiresAt - 31_000); // fresh (a 5-minute window would already refresh)
    await manager.getToken();
    expect(lp.requests("token")).toHaveLength(1);

    clock.set(token.expiresAt - 20_000); // soft: background, old token served
    const refreshed = next("token-refreshed");
    expect((await manager.getToken()).accessToken).toBe(token.accessToken);
    const event = await refreshed;
    expect(event.background).toBe(true);
    expect(lp.requests("token")).toHaveLength(2);

    const second = await manager.getToken();
    clock.set(second.expiresAt - 5_000); // hard: waits
    const third = await manager.getToken();
    expect(third.accessToken).not.toBe(second.accessToken);
    expect(lp.requests("token")).toHaveLength(3);
  });

  it("3. proactive refresh: a server returning the same token again does not cause a refresh loop", async () => {
    const { clock, lp, manager, eventsOf } = setup();
    const same = tokenBody(clock.now());
    lp.setFallback("token", json(same));
    const token = await manager.getToken();
    clock.set(token.expiresAt - 60_000); // soft window

    for (let i = 0; i < 50; i++) {
      expect((await manager.getToken()).accessToken).toBe(token.accessToken);
      await flush();
    }
    expect(lp.requests("token")).toHaveLength(2); // one refresh, not fifty
    const [unchanged] = eventsOf("token-refreshed");
    expect(unchanged).toMatchObject({ renewed: false, expiresAt: token.expiresAt });
    expect(unchanged!.nextAttemptAt).toBeGreaterThan(clock.now());

    clock.set(unchanged!.nextAttemptAt!); // the scheduled next attempt
    await manager.getToken();
    await flush();
    expect(lp.requests("token")).toHaveLength(3);

    // In the hard window too: one wait, then the valid token is served until the next attempt.
    clock.set(token.expiresAt - 5_000);
    for (let i = 0; i < 20; i++) {
      expect((await manager.getToken()).accessToken).toBe(token.accessToken);
    }
    expect(lp.requests("token")).toHaveLength(4);
  });
});
