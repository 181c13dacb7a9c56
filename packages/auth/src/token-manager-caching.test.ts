import { describe, expect, expectTypeOf, it } from "vitest";
import type { AccessToken } from "./access-token.js";
import { createFakeClock } from "./test-support/fake-clock.js";
import {
  ACCOUNT,
  CLIENT_ID,
  createFakeLivePerson,
  fakeJwt,
  json,
  SENTINEL_HOST,
} from "./test-support/fake-liveperson.js";
import { setup } from "./test-support/setup.js";
import { tokenCacheKey } from "./token-cache-key.js";
import { createMemoryTokenStore } from "./token-store.js";

describe("2. caching and expiry", () => {
  it("2. caching: fetches nothing up front, fetches on first use, then serves the cached token", async () => {
    const { lp, manager } = setup();
    expect(lp.all).toHaveLength(0);
    const first = await manager.getToken();
    const second = await manager.getToken();
    expect(lp.requests("token")).toHaveLength(1);
    expect(second.accessToken).toBe(first.accessToken);
    expectTypeOf(first).toEqualTypeOf<AccessToken>();
    const request = lp.requests("token")[0]!;
    expect(request.method).toBe("POST");
    expect(new URL(request.url).pathname).toBe(`/sentinel/api/v2/account/${ACCOUNT}/app/token`);
    expect(new URLSearchParams(request.body).get("grant_type")).toBe("client_credentials");
    expect(await manager.authorization()).toBe(`Bearer ${first.accessToken}`);
  });

  it("2. caching: v1 tokens come from the v1 path and are cached separately", async () => {
    const { lp, manager } = setup({ version: "v1" });
    await manager.getToken();
    const url = new URL(lp.requests("token")[0]!.url);
    expect(url.pathname).toBe(`/sentinel/api/account/${ACCOUNT}/app/token`);
    expect(url.searchParams.get("v")).toBe("1.0");
  });

  it("2. caching: one token per (account, client id, version, sentinel host)", async () => {
    const clock = createFakeClock();
    const lp = createFakeLivePerson({ now: clock.now });
    const store = createMemoryTokenStore({ now: clock.now });
    const a = setup({ store }, { clock, lp }).manager;
    const sameKey = setup({ store }, { clock, lp }).manager;
    const otherClient = setup({ store, clientId: "another-client" }, { clock, lp }).manager;
    const otherVersion = setup({ store, version: "v1" }, { clock, lp }).manager;
    const otherHost = setup(
      { store, domains: { sentinel: "lo.sentinel.liveperson.net" } },
      { clock, lp },
    ).manager;
    const otherAccount = setup({ store, accountId: "87654321" }, { clock, lp }).manager;

    const shared = await a.getToken();
    expect((await sameKey.getToken()).accessToken).toBe(shared.accessToken);
    expect(lp.requests("token")).toHaveLength(1);

    const others = await Promise.all(
      [otherClient, otherVersion, otherHost, otherAccount].map((m) => m.getToken()),
    );
    expect(lp.requests("token")).toHaveLength(5);
    expect(new Set([shared, ...others].map((t) => t.accessToken)).size).toBe(5);
    expect(new URL(lp.requests("token")[3]!.url).host).toBe("lo.sentinel.liveperson.net");
  });

  it("2. caching: cache keys differ for every part and cannot collide", () => {
    const base = {
      accountId: ACCOUNT,
      clientId: CLIENT_ID,
      version: "v2" as const,
      sentinelHost: SENTINEL_HOST,
    };
    const keys = new Set([
      tokenCacheKey(base),
      tokenCacheKey({ ...base, accountId: "87654321" }),
      tokenCacheKey({ ...base, clientId: "other" }),
      tokenCacheKey({ ...base, version: "v1" }),
      tokenCacheKey({ ...base, sentinelHost: "lo.sentinel.liveperson.net" }),
      tokenCacheKey({ ...base, clientId: "a:b", sentinelHost: "c" }),
      tokenCacheKey({ ...base, clientId: "a", sentinelHost: "b:c" }),
    ]);
    expect(keys.size).toBe(7);
    expect(tokenCacheKey({ ...base, sentinelHost: "VA.Sentinel.LivePerson.net" })).toBe(tokenCacheKey(base));
  });

  it("2. expiry: the JWT exp wins over expires_in", async () => {
    const { clock, lp, manager } = setup();
    const iat = Math.floor(clock.now() / 1000);
    lp.enqueue(
      "token",
      json({
        access_token: fakeJwt({ iss: "Sentinel", aud: ACCOUNT, iat, exp: iat + 600 }),
        token_type: "Bearer",
        expires_in: "3600",
      }),
    );
    const token = await manager.getToken();
    expect(token.expiresAt).toBe((iat + 600) * 1000);
    expect(token.issuedAt).toBe(iat * 1000);
  });

  it.each([
    ["a string", "120"],
    ["a number", 120],
  ])("2. expiry: without exp, expires_in (%s) counts from when the request started", async (_, expiresIn) => {
    const { clock, lp, manager } = setup();
    const started = clock.now();
    lp.enqueue("token", () => {
      clock.advance(5_000); // the answer takes 5 s to arrive
      return json({
        access_token: fakeJwt({ iss: "Sentinel", aud: ACCOUNT }),
        token_type: "Bearer",
        expires_in: expiresIn,
      });
    });
    const token = await manager.getToken();
    expect(token.expiresAt).toBe(started + 120_000);
  });

  it("2. expiry: with neither exp nor expires_in, one hour from the request start", async () => {
    const { clock, lp, manager } = setup();
    const started = clock.now();
    lp.enqueue("token", () => {
      clock.advance(2_000);
      return json({ access_token: fakeJwt({ iss: "Sentinel", aud: ACCOUNT }), token_type: "Bearer" });
    });
    const token = await manager.getToken();
    expect(token.expiresAt).toBe(started + 3_600_000);
    expect(token.issuedAt).toBe(started);
  });

  it("2. caching: an expired token is never served; a new one is fetched", async () => {
    const { clock, lp, manager } = setup();
    const first = await manager.getToken();
    clock.set(first.expiresAt);
    const second = await manager.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(lp.requests("token")).toHaveLength(2);
  });
});
