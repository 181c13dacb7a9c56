/**
 * Regression tests named after the attacks of issue 13 that concern `@lpkit/auth`.
 */
import { inspect } from "node:util";
import {
  HostRefusedError,
  InvalidArgumentError,
  JwtClaimError,
  JwtExpiredError,
  ServiceNotFoundError,
  UnexpectedResponseError,
} from "@lpkit/core";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { afterAll, describe, expect, it } from "vitest";
import { createAccessToken } from "./access-token.js";
import { createDomainResolver } from "./domain-resolver.js";
import type { AuthEvent } from "./events.js";
import { createLivePersonFunctions } from "./liveperson-functions.js";
import { createStoreAccess } from "./store-access.js";
import {
  ACCOUNT,
  CLIENT_ID,
  CLIENT_SECRET,
  createFakeLivePerson,
  FAAS_HOST,
  fakeJwt,
  json,
  SENTINEL_HOST,
} from "./test-support/fake-liveperson.js";
import { assertCollectedSecretFree, collector, expectFailure } from "./test-support/secrets.js";
import { setup } from "./test-support/setup.js";
import { createTokenManager } from "./token-manager.js";
import { createMemoryTokenStore } from "./token-store.js";
import { createSentinelJwks, verifyAccessToken } from "./verify/index.js";

afterAll(assertCollectedSecretFree);

describe("13.8 untyped errors", () => {
  // Attack: a Sentinel token with exp 1e306 was reported as InvalidArgumentError and never backed
  // off, so 20 calls made 20 token requests.
  it("Sentinel exp 1e306 is an UnexpectedResponseError that is backed off: 20 calls ≠ 20 token requests", async () => {
    const { lp, manager } = setup();
    lp.setFallback("token", () =>
      json({ access_token: fakeJwt({ aud: ACCOUNT, exp: 1e306, iat: 1 }), token_type: "Bearer" }),
    );
    for (let i = 0; i < 20; i++) {
      expect(await expectFailure(manager.getToken())).toBeInstanceOf(UnexpectedResponseError);
    }
    expect(lp.requests("token")).toHaveLength(1);
  });

  // Attack: verify() of a signed token with an absurd exp threw a RangeError.
  it("verify() of a signed token with an absurd exp is a typed error, not a RangeError", async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: "k1", alg: "RS256" };
    const fetch = async () => json({ keys: [jwk] });
    const jwks = createSentinelJwks({ sentinel: SENTINEL_HOST, fetch });
    for (const exp of [-1e20, 1e306, -1e306]) {
      const token = await new SignJWT({ iss: "Sentinel", aud: ACCOUNT, iat: 1_767_225_000, exp })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .sign(privateKey);
      collector.secrets.push(token);
      const error = await expectFailure(
        verifyAccessToken(token, { accountId: ACCOUNT, jwks, now: () => Date.UTC(2026, 0, 1) }),
      );
      expect(error instanceof JwtExpiredError || error instanceof JwtClaimError).toBe(true);
    }
  });
});

describe("13.1 a held token is neither enumerable nor printable", () => {
  it("JSON.stringify({...token}) and Object.values(token) do not show the raw token", async () => {
    const jwt = fakeJwt({ aud: ACCOUNT, exp: 2_000_000_000 });
    const token = createAccessToken({
      accessToken: jwt,
      tokenType: "Bearer",
      expiresAt: 2e12,
      issuedAt: 1e12,
    });
    const signature = jwt.split(".")[2] as string;
    for (const shown of [
      JSON.stringify({ ...token }),
      JSON.stringify(Object.values(token)),
      JSON.stringify(token),
      inspect(token),
    ]) {
      expect(shown).not.toContain(signature);
    }
    expect(token.accessToken).toBe(jwt);
    const { manager } = setup();
    const fetched = await manager.getToken();
    expect(JSON.stringify({ ...fetched })).not.toContain(fetched.accessToken);
    expect(Object.values(fetched)).not.toContain(fetched.accessToken);
  });
});

describe("one options kit: booleans are strict everywhere", () => {
  it('allowInsecureHttp: "yes" is an InvalidArgumentError in every factory', () => {
    const base = { accountId: ACCOUNT, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
    const factories: (() => unknown)[] = [
      () =>
        createTokenManager({
          ...base,
          version: "v2",
          domains: { sentinel: SENTINEL_HOST },
          allowInsecureHttp: "yes" as never,
        }),
      () => createDomainResolver({ accountId: ACCOUNT, allowInsecureHttp: "yes" as never }),
      () => createLivePersonFunctions({ ...base, allowInsecureHttp: "yes" as never }),
      () => createSentinelJwks({ sentinel: SENTINEL_HOST, allowInsecureHttp: "yes" as never }),
    ];
    for (const make of factories) {
      let error: unknown;
      try {
        make();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument: "allowInsecureHttp" });
    }
  });
});

describe("13.7 names that Object.prototype has", () => {
  const INHERITED = ["toString", "constructor", "valueOf", "hasOwnProperty", "__proto__"] as const;

  // Attack: resolver.resolve("toString" | "constructor" | "valueOf" | "hasOwnProperty") returned a
  // function (Object.prototype's member) instead of a host or ServiceNotFoundError.
  it('13.7 resolve("toString" | "constructor" | "valueOf" | "hasOwnProperty") is ServiceNotFoundError, not a function', async () => {
    const { lp } = setup();
    const withOverrides = createDomainResolver({
      accountId: ACCOUNT,
      fetch: lp.fetch,
      overrides: { sentinel: SENTINEL_HOST },
      fallback: { faasGW: "va.faasgw.liveperson.net" },
    });
    const plain = createDomainResolver({ accountId: ACCOUNT, fetch: lp.fetch });
    for (const resolver of [withOverrides, plain]) {
      for (const name of INHERITED.filter((n) => n !== "__proto__")) {
        const error = await expectFailure(resolver.resolve(name));
        expect(error, name).toBeInstanceOf(ServiceNotFoundError);
      }
      // "__proto__" is not a service name at all.
      expect(await expectFailure(resolver.resolve("__proto__"))).toBeInstanceOf(InvalidArgumentError);
    }
    const hosts = plain.snapshot()?.hosts ?? {};
    for (const name of INHERITED) {
      expect((hosts as Record<string, unknown>)[name], name).toBeUndefined();
    }
    expect(await withOverrides.resolve("sentinel")).toBe(SENTINEL_HOST);
  });

  it("13.7 a Domain API list with an entry named like Object.prototype's members serves that entry only", async () => {
    const { lp } = setup();
    lp.setFallback("domain", () =>
      json({
        baseURIs: [
          { service: "toString", account: ACCOUNT, baseURI: "z1.tostring.liveperson.net" },
          { service: "sentinel", account: ACCOUNT, baseURI: SENTINEL_HOST },
        ],
      }),
    );
    const resolver = createDomainResolver({ accountId: ACCOUNT, fetch: lp.fetch });
    expect(await resolver.resolve("toString")).toBe("z1.tostring.liveperson.net");
    expect(await expectFailure(resolver.resolve("valueOf"))).toBeInstanceOf(ServiceNotFoundError);
  });
});

describe("13.9 token lifetimes", () => {
  // Attack: a JWT exp ≤ 0 was taken as a one-hour token, so an expired token was sent.
  it("13.9 a Sentinel token with exp ≤ 0, exp ≤ iat or exp in the past is never handed out", async () => {
    const { lp, manager, clock } = setup();
    const iat = Math.floor(clock.now() / 1000);
    for (const claims of [
      { aud: ACCOUNT, exp: 0 },
      { aud: ACCOUNT, exp: -1, iat },
      { aud: ACCOUNT, exp: iat, iat },
      { aud: ACCOUNT, exp: iat - 60, iat: iat - 3660 },
    ]) {
      lp.setFallback("token", () => json({ access_token: fakeJwt(claims), token_type: "Bearer" }));
      const error = await expectFailure(manager.getToken());
      expect(error, JSON.stringify(claims)).toBeInstanceOf(UnexpectedResponseError);
      expect((error as Error).message).toMatch(/unusable|already expired/);
      clock.advance(10 * 60_000);
    }
  });

  // Attack: an exp years ahead was cached until then.
  it("13.9 an exp years ahead is trusted for 24 hours after iat at most, then a new token is fetched", async () => {
    const { lp, manager, clock } = setup();
    const iat = Math.floor(clock.now() / 1000);
    lp.setFallback("token", () => {
      const issued = Math.floor(clock.now() / 1000);
      return json({
        access_token: fakeJwt({ aud: ACCOUNT, iat: issued, exp: issued + 10 * 365 * 86_400 }),
        token_type: "Bearer",
      });
    });
    const first = await manager.getToken();
    expect(first.expiresAt).toBe(iat * 1000 + 24 * 3_600_000);
    clock.advance(24 * 3_600_000);
    const second = await manager.getToken();
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(lp.requests("token")).toHaveLength(2);
  });

  it("13.9 a shared store entry that claims a years-long lifetime is trusted for 24 hours after issuedAt", async () => {
    const { clock } = setup();
    const store = createMemoryTokenStore({ now: clock.now });
    const issuedAt = clock.now();
    const jwt = fakeJwt({ aud: ACCOUNT, iat: issuedAt / 1000, exp: issuedAt / 1000 + 3600 });
    const poisoned = createAccessToken({
      accessToken: jwt,
      tokenType: "Bearer",
      issuedAt,
      expiresAt: issuedAt + 10 * 365 * 86_400_000,
    });
    await store.set("k", poisoned, 10 * 365 * 86_400_000);
    // Every read of the token manager goes through the store access; read at a chosen time.
    let at = clock.now();
    const access = createStoreAccess({
      store,
      timeoutMs: 60_000,
      now: () => at,
      problem: () => {},
      poisoned: () => {},
    });
    expect((await access.read("k"))?.expiresAt).toBe(issuedAt + 24 * 3_600_000);
    at = issuedAt + 24 * 3_600_000;
    expect(await access.read("k")).toBeUndefined();
    const backwards = createAccessToken({
      accessToken: jwt,
      tokenType: "Bearer",
      issuedAt,
      expiresAt: issuedAt - 1,
    });
    await store.set("b", backwards, 1);
    at = issuedAt - 10;
    expect(await access.read("b")).toBeUndefined();
  });
});

describe("13.3 credentials go wherever discovery points", () => {
  const SPOOFED = [
    "evil.example",
    "l\u0456veperson.net",
    "169.254.169.254",
    "evil.example\\.sentinel.liveperson.net",
    "127.0.0.1:8080",
  ];

  // Attack: a spoofed Domain API answer named the attacker's host for sentinel and faasGW; the client
  // secret went to one, the bearer token to the other.
  it.each(SPOOFED)(
    "13.3 a spoofed sentinel/faasGW host %j is a HostRefusedError; neither the secret nor a token is sent",
    async (host) => {
      const lp = createFakeLivePerson({
        services: { sentinel: host, faasGW: host, agentVep: SENTINEL_HOST },
      });
      const warnings: string[] = [];
      const functions = createLivePersonFunctions({
        accountId: ACCOUNT,
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        fetch: lp.fetch,
        logger: { warn: (message) => warnings.push(message) },
      });
      const error = await expectFailure(functions.invoke("3fa85f64-5717-4562-b3fc-2c963f66afa6", {}));
      expect(error).toBeInstanceOf(HostRefusedError);
      expect(error).toMatchObject({ code: "ERR_HOST_REFUSED" });
      expect(["faasGW", "sentinel"]).toContain((error as HostRefusedError).service);
      expect((error as Error).message).toContain((error as HostRefusedError).host);
      const tokenError = await expectFailure(functions.tokenManager.getToken());
      expect(tokenError).toMatchObject({ code: "ERR_HOST_REFUSED", service: "sentinel" });
      // Only the Domain API was asked; nothing went to the spoofed host.
      expect(lp.all.map((request) => new URL(request.url).host)).toEqual(["api.liveperson.net"]);
      expect(lp.requests("token")).toHaveLength(0);
      expect(warnings.some((message) => message.includes("host for sentinel is refused"))).toBe(true);
      expect(functions.resolver.snapshot()?.hosts).toEqual({ agentVep: SENTINEL_HOST });
      functions.dispose();
    },
  );

  it("13.3 a malformed entry for an unrelated service is skipped with a warning; sentinel and faasGW still work", async () => {
    const { lp, clock } = setup();
    lp.setFallback("domain", () =>
      json({
        baseURIs: [
          { service: "agentVep", account: ACCOUNT, baseURI: 7 },
          { service: "faasUI", account: ACCOUNT, baseURI: "evil.example\\.faasui.liveperson.net" },
          null,
          { service: "sentinel", account: ACCOUNT, baseURI: SENTINEL_HOST },
          { service: "faasGW", account: ACCOUNT, baseURI: "va.faasgw.liveperson.net" },
        ],
      }),
    );
    const warnings: { message: string; fields?: unknown }[] = [];
    const events: AuthEvent[] = [];
    const functions = createLivePersonFunctions({
      accountId: ACCOUNT,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      fetch: lp.fetch,
      logger: { warn: (message, fields) => warnings.push({ message, fields }) },
      onEvent: (event) => events.push(event),
      now: clock.now,
    });
    expect((await functions.invoke("3fa85f64-5717-4562-b3fc-2c963f66afa6", {})).status).toBe(200);
    expect(warnings.map((w) => w.message)).toEqual([
      "@lpkit/domain: skipped a malformed entry of the Domain API's list",
      "@lpkit/domain: skipped a malformed entry of the Domain API's list",
      "@lpkit/auth: the Domain API's host for faasUI is refused; that service is unusable",
    ]);
    expect(events.find((event) => event.type === "domains-refreshed")).toMatchObject({
      services: 2,
      refused: ["faasUI"],
    });
    expect(await expectFailure(functions.resolver.resolve("faasUI"))).toBeInstanceOf(HostRefusedError);
    expect(await expectFailure(functions.resolver.resolve("agentVep"))).toBeInstanceOf(ServiceNotFoundError);
    functions.dispose();
  });

  it("13.3 allowedHosts (domainApi option) lets a proxy of yours through", async () => {
    const lp = createFakeLivePerson({
      services: { sentinel: "sentinel.proxy.corp.example", faasGW: FAAS_HOST },
    });
    const functions = createLivePersonFunctions({
      accountId: ACCOUNT,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      fetch: lp.fetch,
      domainApi: { allowedHosts: ["*.proxy.corp.example"] },
    });
    await functions.tokenManager.getToken();
    expect(new URL(lp.requests("token")[0]?.url ?? "").host).toBe("sentinel.proxy.corp.example");
    functions.dispose();
  });
});
