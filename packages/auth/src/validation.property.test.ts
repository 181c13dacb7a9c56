import { InvalidArgumentError, JwtMalformedError, JwtSignatureError } from "@lpkit/core";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { decodeAccessToken } from "./decode.js";
import { createDomainResolver } from "./domain-resolver.js";
import { createLivePersonFunctions } from "./liveperson-functions.js";
import { ACCOUNT, CLIENT_ID, CLIENT_SECRET, SENTINEL_HOST } from "./test-support/fake-liveperson.js";
import { assertCollectedSecretFree, expectFailure, expectThrow } from "./test-support/secrets.js";
import { tokenCacheKey } from "./token-cache-key.js";
import { createTokenManager, type TokenManagerOptions } from "./token-manager.js";
import { verifyAccessToken } from "./verify/index.js";

afterAll(assertCollectedSecretFree);

/** A fetch that fails the test if anything is sent. */
function noNetwork() {
  const calls: string[] = [];
  const fetch = async (request: Request) => {
    calls.push(request.url);
    return new Response("{}", { status: 500 });
  };
  return { fetch, calls };
}

const valid = (): TokenManagerOptions => ({
  accountId: ACCOUNT,
  clientId: CLIENT_ID,
  clientSecret: CLIENT_SECRET,
  version: "v2",
  domains: { sentinel: SENTINEL_HOST },
});

/** Anything that is not a LivePerson account id (1–64 letters or digits). */
const badAccountId = fc.oneof(
  fc.string().filter((s) => !/^[A-Za-z0-9]{1,64}$/.test(s)),
  fc.constantFrom(null, undefined, 42, {}, [], true),
);
const notNonEmptyString = fc.oneof(
  fc.constantFrom("", "   ", "\n\t", null, undefined, 0, {}, [], false),
  fc.integer(),
);
const badDuration = fc.oneof(
  fc.double({ max: -Number.MIN_VALUE, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, "5000", true, {}),
);

function expectInvalid(fn: () => unknown, argument: RegExp): void {
  const error = expectThrow(fn);
  expect(error).toBeInstanceOf(InvalidArgumentError);
  expect((error as InvalidArgumentError).argument).toMatch(argument);
}

describe("argument validation (property-based): InvalidArgumentError before any request", () => {
  it("createTokenManager: any malformed accountId", () => {
    const net = noNetwork();
    fc.assert(
      fc.property(badAccountId, (accountId) => {
        expectInvalid(
          () => createTokenManager({ ...valid(), fetch: net.fetch, accountId: accountId as string }),
          /^accountId$/,
        );
      }),
    );
    expect(net.calls).toEqual([]);
  });

  it("createTokenManager: any missing or blank clientId / clientSecret, never echoed", () => {
    fc.assert(
      fc.property(notNonEmptyString, fc.constantFrom("clientId", "clientSecret"), (value, name) => {
        const error = expectThrow(() => createTokenManager({ ...valid(), [name]: value }));
        expect(error).toBeInstanceOf(InvalidArgumentError);
        expect((error as InvalidArgumentError).argument).toBe(name);
      }),
    );
  });

  it("createTokenManager: any version other than v1 / v2, any bad window or timeout", () => {
    fc.assert(
      fc.property(
        fc.anything().filter((v) => v !== "v1" && v !== "v2"),
        (version) => {
          expectInvalid(() => createTokenManager({ ...valid(), version: version as "v2" }), /^version$/);
        },
      ),
    );
    fc.assert(
      fc.property(
        badDuration,
        fc.constantFrom("softWindowMs", "hardWindowMs", "timeoutMs"),
        (value, name) => {
          expectInvalid(() => createTokenManager({ ...valid(), [name]: value }), new RegExp(`^${name}$`));
        },
      ),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1_000_000 }),
        fc.integer({ min: 1, max: 1_000_000 }),
        (soft, extra) => {
          expectInvalid(
            () => createTokenManager({ ...valid(), softWindowMs: soft, hardWindowMs: soft + extra }),
            /^hardWindowMs$/,
          );
        },
      ),
    );
  });

  it("createTokenManager: any bad retry policy", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ max: -1 }),
          fc.integer({ min: 11 }),
          fc.double({ noInteger: true, noNaN: true }),
        ),
        (maxRetries) => {
          expectInvalid(
            () => createTokenManager({ ...valid(), retry: { maxRetries } }),
            /^retry\.maxRetries$/,
          );
          // The pre-0.2 name is refused with a hint, whatever its value.
          expectInvalid(
            () => createTokenManager({ ...valid(), retry: { attempts: maxRetries } as never }),
            /^retry\.attempts$/,
          );
        },
      ),
    );
  });

  it("createTokenManager: any domains that is neither a resolver nor { sentinel: host }", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.constantFrom(
            null,
            undefined,
            1,
            "va.sentinel.liveperson.net",
            {},
            { sentinel: "" },
            { sentinel: "ftp://x" },
          ),
          fc.record({
            sentinel: fc.constantFrom("http://example.com", "https://u:p@x.test", "https://x.test/?q=1"),
          }),
        ),
        (domains) => {
          expectInvalid(
            () => createTokenManager({ ...valid(), domains: domains as { sentinel: string } }),
            /^domains(\.sentinel)?$/,
          );
        },
      ),
    );
  });

  it("getToken: any malformed per-call options fail before any request", async () => {
    const net = noNetwork();
    const manager = createTokenManager({ ...valid(), fetch: net.fetch });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(null, 5, "x", { signal: "nope" }, { signal: {} }), async (options) => {
        const error = await expectFailure(manager.getToken(options as never));
        expect(error).toBeInstanceOf(InvalidArgumentError);
      }),
    );
    expect(net.calls).toEqual([]);
  });

  it("createDomainResolver: any bad option; resolve(): any malformed service name — no request", async () => {
    const net = noNetwork();
    fc.assert(
      fc.property(badAccountId, (accountId) => {
        expectInvalid(
          () => createDomainResolver({ accountId: accountId as string, fetch: net.fetch }),
          /^accountId$/,
        );
      }),
    );
    fc.assert(
      fc.property(badDuration, fc.constantFrom("ttlMs", "staleRetryMs", "timeoutMs"), (value, name) => {
        expectInvalid(
          () => createDomainResolver({ accountId: ACCOUNT, fetch: net.fetch, [name]: value }),
          new RegExp(`^${name}$`),
        );
      }),
    );
    fc.assert(
      fc.property(
        fc.string().filter((s) => !/^[A-Za-z][A-Za-z0-9_-]{0,127}$/.test(s)),
        (service) => {
          expectInvalid(
            () =>
              createDomainResolver({
                accountId: ACCOUNT,
                fetch: net.fetch,
                overrides: { [service]: "x.test" },
              }),
            /^overrides key$/,
          );
        },
      ),
    );
    const resolver = createDomainResolver({ accountId: ACCOUNT, fetch: net.fetch });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string().filter((s) => !/^[A-Za-z][A-Za-z0-9_-]{0,127}$/.test(s)),
          fc.constantFrom(null, 1, {}),
        ),
        async (service) => {
          const error = await expectFailure(resolver.resolve(service as string));
          expect(error).toBeInstanceOf(InvalidArgumentError);
        },
      ),
    );
    expect(net.calls).toEqual([]);
  });

  it("verifyAccessToken / decodeAccessToken: arbitrary input gives only typed errors, and never a JWKS request", async () => {
    const net = noNetwork();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.anything()), async (input) => {
        const error = await expectFailure(
          verifyAccessToken(input as string, {
            accountId: ACCOUNT,
            sentinel: SENTINEL_HOST,
            fetch: net.fetch,
          }),
        );
        expect(
          [InvalidArgumentError, JwtMalformedError, JwtSignatureError].some((c) => error instanceof c),
        ).toBe(true);
        const decodeError = (() => {
          try {
            decodeAccessToken(input as string);
            return undefined;
          } catch (e) {
            return e;
          }
        })();
        expect(
          decodeError === undefined ||
            decodeError instanceof InvalidArgumentError ||
            decodeError instanceof JwtMalformedError,
        ).toBe(true);
      }),
    );
    expect(net.calls).toEqual([]);
    await fc.assert(
      fc.asyncProperty(badAccountId, async (accountId) => {
        const error = await expectFailure(verifyAccessToken("a.b.c", { accountId: accountId as string }));
        expect(error).toMatchObject({ code: "ERR_INVALID_ARGUMENT", argument: "accountId" });
      }),
    );
  });

  it("createLivePersonFunctions: bad credentials or sub-options are refused up front", () => {
    fc.assert(
      fc.property(notNonEmptyString, (clientSecret) => {
        expectInvalid(
          () =>
            createLivePersonFunctions({
              accountId: ACCOUNT,
              clientId: CLIENT_ID,
              clientSecret: clientSecret as string,
            }),
          /^clientSecret$/,
        );
      }),
    );
    for (const name of ["domainApi", "tokens", "faas"] as const) {
      expectInvalid(
        () =>
          createLivePersonFunctions({
            accountId: ACCOUNT,
            clientId: CLIENT_ID,
            clientSecret: CLIENT_SECRET,
            [name]: 5,
          }),
        new RegExp(`^${name}$`),
      );
    }
  });

  it("tokenCacheKey: different parts always give different keys (injective)", () => {
    const part = fc.string({ minLength: 1, maxLength: 12 });
    const parts = fc.record({
      accountId: part,
      clientId: part,
      version: fc.constantFrom("v1" as const, "v2" as const),
      sentinelHost: part,
    });
    fc.assert(
      fc.property(parts, parts, (a, b) => {
        const same =
          a.accountId === b.accountId &&
          a.clientId === b.clientId &&
          a.version === b.version &&
          a.sentinelHost.toLowerCase() === b.sentinelHost.toLowerCase();
        return (tokenCacheKey(a) === tokenCacheKey(b)) === same;
      }),
    );
  });
});
