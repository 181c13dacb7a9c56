/**
 * Property-based argument validation of the parts of `@lpkit/auth` its own property tests do not
 * cover: the JWKS source and the verifier's options, the token and store helpers, the middleware
 * source, per-call arguments of the token manager and of `createLivePersonFunctions`, and the
 * refresh-policy functions (total, bounded, monotone).
 *
 * @module
 */
import {
  createAccessToken,
  createAuthMiddleware,
  createDomainResolver,
  createLivePersonFunctions,
  createMemoryTokenStore,
  createTokenManager,
  decodeStoredToken,
  encodeStoredToken,
  isUsableToken,
} from "@lpkit/auth";
import { createAccessTokenVerifier, createSentinelJwks } from "@lpkit/auth/verify";
import { backoffDelay } from "@lpkit/core/internal";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  badBaseUrl,
  badDuration,
  badEventId,
  badUuid,
  expectInvalid,
  expectInvalidAsync,
  noNetwork,
  notAFunction,
  notAnObject,
  notASignal,
} from "../harness/arbitraries.js";
import { renderings } from "../harness/leak-check.js";

const ACCOUNT = "12345678";
const SENTINEL = "va.sentinel.liveperson.net";
const credentials = { accountId: ACCOUNT, clientId: "client-1", clientSecret: "s3cr3t-auth-prop-9f1e" };

/** A token of the shape lpkit accepts (13.6): three base64url parts joined by dots. */
const compactJwt = fc
  .tuple(...Array.from({ length: 3 }, () => fc.stringMatching(/^[A-Za-z0-9_-]{4,20}$/)))
  .map((parts) => parts.join("."));

describe("@lpkit/auth arguments (property-based)", () => {
  it("createSentinelJwks: any malformed option is refused, naming it", () => {
    fc.assert(
      fc.property(notAnObject, (options) => {
        expectInvalid(() => createSentinelJwks(options as never), "options");
      }),
    );
    expectInvalid(() => createSentinelJwks({}), "sentinel");
    fc.assert(
      fc.property(
        badBaseUrl.filter((v) => typeof v === "string" && !v.startsWith("https://")),
        (sentinel) => {
          expectInvalid(() => createSentinelJwks({ sentinel: sentinel as string }), "sentinel");
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.constantFrom(
          "/relative/jwks",
          "not a url",
          "https://u:p@s.example/jwks",
          "http://s.example/jwks",
          "ftp://s.example/jwks",
        ),
        (jwksUrl) => {
          expectInvalid(() => createSentinelJwks({ jwksUrl }), "jwksUrl");
        },
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom("timeoutMs", "cooldownMs", "cacheMaxAgeMs"), badDuration, (name, value) => {
        expectInvalid(() => createSentinelJwks({ sentinel: SENTINEL, [name]: value }), name);
      }),
    );
    fc.assert(
      fc.property(
        notAFunction.filter((v) => v !== null),
        (fetch) => {
          expectInvalid(() => createSentinelJwks({ sentinel: SENTINEL, fetch: fetch as never }), "fetch");
        },
      ),
    );
  });

  it("createAccessTokenVerifier: any malformed option is refused, naming it", async () => {
    fc.assert(
      fc.property(
        fc.anything().filter((v) => v != null && v !== "v1" && v !== "v2"),
        (version) => {
          expectInvalid(
            () => createAccessTokenVerifier({ accountId: ACCOUNT, version: version as "v1" }),
            "version",
          );
        },
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom("clockToleranceSec", "maxTokenAgeSec"), badDuration, (name, value) => {
        expectInvalid(
          () => createAccessTokenVerifier({ accountId: ACCOUNT, version: "v1", [name]: value }),
          name,
        );
      }),
    );
    fc.assert(
      fc.property(fc.constantFrom([], "key", 5, {}), (v1Keys) => {
        expectInvalid(
          () => createAccessTokenVerifier({ accountId: ACCOUNT, version: "v1", v1Keys: v1Keys as never }),
          "v1Keys",
        );
      }),
    );
    expectInvalid(
      () => createAccessTokenVerifier({ accountId: ACCOUNT, version: "v1", v1Keys: ["key", null as never] }),
      "v1Keys[1]",
    );
    // A key that is not an RSA public key is refused when first used, for every token.
    const verifier = createAccessTokenVerifier({
      accountId: ACCOUNT,
      version: "v1",
      v1Keys: ["bm90IGEga2V5"],
    });
    for (let i = 0; i < 2; i++) {
      await expectInvalidAsync(verifier.verify("eyJhbGciOiJSUzI1NiJ9.e30.c2ln"), "v1Keys[0]");
    }
    fc.assert(
      fc.property(fc.constantFrom(null, 1, "jwks", {}, { getKey: 1 }), (jwks) => {
        expectInvalid(() => createAccessTokenVerifier({ accountId: ACCOUNT, jwks: jwks as never }), "jwks");
      }),
    );
    const v1 = createAccessTokenVerifier({ accountId: ACCOUNT, version: "v1" });
    await fc.assert(
      fc.asyncProperty(notASignal, async (signal) => {
        await expectInvalidAsync(v1.verify("a.b.c", { signal: signal as AbortSignal }), "signal");
      }),
    );
  });

  it("createAccessToken / encodeStoredToken: malformed fields are refused and the token never echoed", () => {
    const token = compactJwt;
    fc.assert(
      fc.property(
        token,
        fc.oneof(
          fc.record({ field: fc.constant("accessToken"), value: fc.constantFrom("", "  ", 5, null, {}) }),
          fc.record({ field: fc.constant("tokenType"), value: fc.constantFrom("", " ", 5, null) }),
          fc.record({
            field: fc.constantFrom("expiresAt", "issuedAt"),
            value: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, "1", null),
          }),
        ),
        (jwt, { field, value }) => {
          const fields = { accessToken: jwt, tokenType: "Bearer", expiresAt: 2, issuedAt: 1, [field]: value };
          const error = expectInvalid(() => createAccessToken(fields as never), field);
          for (const text of renderings(error)) {
            expect(text).not.toContain(jwt);
          }
          expectInvalid(() => encodeStoredToken(fields as never), "token");
        },
      ),
    );
  });

  it("decodeStoredToken: any string is a token or undefined (a damaged entry is a miss); encode/decode round-trips", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json(), fc.anything()), (text) => {
        const decoded = decodeStoredToken(text as string);
        if (decoded !== undefined) {
          expect(typeof decoded.accessToken).toBe("string");
          expect(Number.isFinite(decoded.expiresAt)).toBe(true);
        }
      }),
    );
    fc.assert(
      fc.property(compactJwt, fc.integer(), fc.integer(), (jwt, expiresAt, issuedAt) => {
        const token = createAccessToken({ accessToken: jwt, tokenType: "bearer", expiresAt, issuedAt });
        const back = decodeStoredToken(encodeStoredToken(token));
        expect(back && { ...back, accessToken: back.accessToken }).toEqual({
          accessToken: jwt,
          tokenType: "Bearer",
          expiresAt,
          issuedAt,
        });
        expect(JSON.stringify(token)).not.toContain(jwt.length >= 4 ? jwt : "\u0000");
      }),
    );
  });

  it("isUsableToken: a total predicate — true only for a well-formed token that has not expired", () => {
    fc.assert(
      fc.property(fc.anything(), fc.double(), (value, now) => {
        expect(typeof isUsableToken(value, now)).toBe("boolean");
      }),
    );
    fc.assert(
      fc.property(fc.integer(), fc.integer(), (expiresAt, now) => {
        const token = createAccessToken({
          accessToken: "a.b.c",
          tokenType: "Bearer",
          expiresAt,
          issuedAt: 0,
        });
        expect(isUsableToken(token, now)).toBe(expiresAt > now);
      }),
    );
  });

  it("createMemoryTokenStore / createAuthMiddleware: malformed arguments are refused", () => {
    fc.assert(
      fc.property(notAnObject, (options) => {
        expectInvalid(() => createMemoryTokenStore(options as never), "options");
      }),
    );
    fc.assert(
      fc.property(
        notAFunction.filter((v) => v !== null),
        (now) => {
          expectInvalid(() => createMemoryTokenStore({ now: now as never }), "now");
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.oneof(
          notAnObject,
          fc.record({ getToken: notAFunction, invalidate: notAFunction }, { requiredKeys: [] }),
        ),
        (source) => {
          expectInvalid(() => createAuthMiddleware(source as never), "source");
        },
      ),
    );
  });

  it("token manager and LivePersonFunctions: malformed per-call arguments fail before any request", async () => {
    const net = noNetwork();
    const tokens = createTokenManager({
      ...credentials,
      version: "v2",
      domains: { sentinel: SENTINEL },
      fetch: net.fetch,
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("", "   ", 5, {}, { accessToken: "" }, null), async (rejected) => {
        await expectInvalidAsync(tokens.invalidate(rejected as never), "rejected");
      }),
    );
    await fc.assert(
      fc.asyncProperty(notASignal, async (signal) => {
        await expectInvalidAsync(tokens.getToken({ signal: signal as AbortSignal }), "signal");
        await expectInvalidAsync(tokens.authorization({ signal: signal as AbortSignal }), "signal");
      }),
    );
    const lp = createLivePersonFunctions({ ...credentials, fetch: net.fetch });
    await fc.assert(
      fc.asyncProperty(badUuid, async (lambdaUuid) => {
        await expectInvalidAsync(lp.invoke(lambdaUuid as string, {}), "lambdaUuid");
      }),
    );
    await fc.assert(
      fc.asyncProperty(badEventId, async (id) => {
        await expectInvalidAsync(lp.invokeEvent(id as string, {}), "eventId");
        await expectInvalidAsync(lp.isImplemented(id as string), "eventId");
      }),
    );
    await fc.assert(
      fc.asyncProperty(notASignal, async (signal) => {
        await expectInvalidAsync(lp.client({ signal: signal as AbortSignal }), "signal");
        await expectInvalidAsync(lp.resolver.refresh({ signal: signal as AbortSignal }), "signal");
        await expectInvalidAsync(lp.resolver.resolve("faasGW", { signal: signal as AbortSignal }), "signal");
      }),
    );
    expect(net.calls).toEqual([]);
    lp.dispose();
    tokens.dispose();
  });

  it("createDomainResolver: any overrides or fallback that is not a map of service names to hosts", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("overrides", "fallback"),
        fc.oneof(
          fc.constantFrom(null, 5, "host", [["faasGW", "h"]]),
          fc.record({ faasGW: fc.oneof(badBaseUrl, fc.constantFrom("")) }),
          fc.record({ "not a service": fc.constant("h.example") }),
        ),
        (name, map) => {
          expectInvalid(
            () => createDomainResolver({ accountId: ACCOUNT, [name]: map }),
            new RegExp(`^${name}`),
          );
        },
      ),
    );
  });

  it("refresh policy: the refresh plan is ordered and bounded, jitter stays in range", () => {
    const token = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 1, max: 10 * 86_400_000 }))
      .map(([issuedAt, lifetime]) => ({ issuedAt, expiresAt: issuedAt + lifetime }));
    const tokens = createTokenManager({
      ...credentials,
      version: "v2",
      domains: { sentinel: SENTINEL },
      fetch: noNetwork().fetch,
    });
    fc.assert(
      fc.property(token, (t) => {
        const plan = tokens.refreshPlan(t);
        // Background refresh first, then callers wait, both before expiry and in the token's second half.
        expect(plan.backgroundRefreshAt).toBeLessThanOrEqual(plan.waitFrom);
        expect(plan.waitFrom).toBeLessThanOrEqual(t.expiresAt);
        expect(t.expiresAt - plan.backgroundRefreshAt).toBeLessThanOrEqual((t.expiresAt - t.issuedAt) / 2);
      }),
    );
    const policy = { baseDelayMs: 500, maxDelayMs: 10_000 };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000 }),
        fc.oneof(fc.double(), fc.constantFrom(Number.NaN, -1, 2)),
        (retry, r) => {
          const delay = backoffDelay(retry, policy, () => r);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(policy.maxDelayMs);
          expect(Number.isInteger(delay)).toBe(true);
        },
      ),
    );
  });
});
