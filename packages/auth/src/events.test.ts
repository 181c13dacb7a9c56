import { afterAll, describe, expect, expectTypeOf, it } from "vitest";
import { createDomainResolver } from "./domain-resolver.js";
import type { AuthEvent, TokenRefreshFailedEvent } from "./events.js";
import type { AuthLogger } from "./logger.js";
import { createFakeClock } from "./test-support/fake-clock.js";
import { ACCOUNT, createFakeLivePerson, json, SENTINEL_HOST } from "./test-support/fake-liveperson.js";
import { assertCollectedSecretFree, collectEvent, expectFailure } from "./test-support/secrets.js";
import { setup } from "./test-support/setup.js";

afterAll(assertCollectedSecretFree);

describe("11. observability", () => {
  it("11. events: token fetched, retry scheduled, refreshed, refresh failed and invalidated, with secret-free fields", async () => {
    const { clock, lp, manager, events, next } = setup();
    lp.enqueue("token", json({}, 503));
    const first = await manager.getToken();
    clock.set(first.expiresAt - 60_000);
    const refreshed = next("token-refreshed");
    await manager.getToken();
    await refreshed;
    const second = await manager.getToken();
    clock.set(second.expiresAt - 60_000);
    lp.setFallback("token", json({ error: "server_error" }, 500));
    const failed = next("token-refresh-failed");
    await manager.getToken();
    await failed;
    await manager.invalidate();

    expect(events.map((e) => e.type)).toEqual([
      "retry-scheduled",
      "token-fetched",
      "token-refreshed",
      "retry-scheduled",
      "retry-scheduled",
      "token-refresh-failed",
      "token-invalidated",
    ]);
    const scope = { accountId: ACCOUNT, version: "v2", sentinelHost: SENTINEL_HOST };
    expect(events[0]).toMatchObject({
      ...scope,
      attempt: 1,
      maxAttempts: 3,
      error: { code: "ERR_TOKEN_REQUEST", status: 503 },
    });
    expect(events[1]).toMatchObject({ ...scope, expiresAt: first.expiresAt, attempts: 2 });
    expect(events[2]).toMatchObject({
      ...scope,
      renewed: true,
      background: true,
      previousExpiresAt: first.expiresAt,
    });
    expect(events[5]).toMatchObject({
      ...scope,
      servingCachedToken: true,
      validUntil: second.expiresAt,
      error: {
        name: "TokenRequestError",
        code: "ERR_TOKEN_REQUEST",
        status: 500,
        oauthError: "server_error",
      },
    });
    expect(events[6]).toMatchObject({ ...scope, expiresAt: second.expiresAt });
    expectTypeOf(events[5]!).toEqualTypeOf<AuthEvent>();
  });

  it("11. events: on()/off() listeners by type; a throwing listener never breaks getToken", async () => {
    const { manager } = setup();
    const seen: TokenRefreshFailedEvent[] = [];
    const fetched: number[] = [];
    manager.on("token-fetched", () => {
      throw new Error("listener bug");
    });
    const stop = manager.on("token-fetched", (event) => {
      expectTypeOf(event.expiresAt).toEqualTypeOf<number>();
      fetched.push(event.expiresAt);
    });
    const listener = (event: TokenRefreshFailedEvent) => seen.push(event);
    manager.on("token-refresh-failed", listener);
    manager.off("token-refresh-failed", listener);
    await manager.getToken();
    expect(fetched).toHaveLength(1);
    stop();
    await manager.invalidate();
    await manager.getToken();
    expect(fetched).toHaveLength(1);
    expect(seen).toHaveLength(0);
  });

  it("11. events: the resolver reports domains refreshed and domains refresh failed", async () => {
    const clock = createFakeClock();
    const lp = createFakeLivePerson({ now: clock.now });
    const events: AuthEvent[] = [];
    const resolver = createDomainResolver({
      accountId: ACCOUNT,
      fetch: lp.fetch,
      now: clock.now,
      onEvent: (e) => {
        events.push(e);
        collectEvent(e);
      },
    });
    const viaOn: string[] = [];
    resolver.on("domains-refreshed", (e) => viaOn.push(`${e.type}:${e.services}`));
    await resolver.resolve("sentinel");
    clock.advance(600_000);
    lp.setFallback("domain", json({}, 500));
    await resolver.resolve("sentinel");
    expect(events.map((e) => e.type)).toEqual(["domains-refreshed", "domains-refresh-failed"]);
    expect(events[0]).toMatchObject({ accountId: ACCOUNT, services: 3, expiresAt: clock.now() });
    expect(viaOn).toEqual(["domains-refreshed:3"]);
  });

  it("11. logger: optional; lines per level with the event fields; a throwing logger is harmless", async () => {
    const lines: [string, string, unknown][] = [];
    const logger: AuthLogger = {
      info: (m, f) => lines.push(["info", m, f]),
      warn: (m, f) => lines.push(["warn", m, f]),
      debug: () => {
        throw new Error("broken logger");
      },
    };
    const { lp, manager } = setup({ logger });
    lp.enqueue("token", json({}, 503));
    await manager.getToken();
    expect(lines[0]).toEqual([
      "info",
      "@lpkit/auth: token-fetched",
      expect.objectContaining({ accountId: ACCOUNT, attempts: 2 }),
    ]);

    const quiet = setup({ logger: undefined });
    quiet.lp.setFallback("token", json({ error: "invalid_client" }, 401));
    await expectFailure(quiet.manager.getToken()); // no logger: silent, nothing breaks
  });
});
