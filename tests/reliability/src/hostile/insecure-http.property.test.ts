/**
 * Plain `http://` is refused for any host that is not loopback, at every client entry point that
 * takes a host or URL, unless explicitly allowed — before any request. Loopback `http://` (the
 * emulator) and `https://` are always accepted.
 *
 * @module
 */
import { createDomainResolver, createLivePersonFunctions, createTokenManager } from "@lpkit/auth";
import {
  createAccessTokenVerifier,
  createSentinelJwks,
  sentinelJwksUrl,
  verifyAccessToken,
} from "@lpkit/auth/verify";
import { InvalidArgumentError } from "@lpkit/core";
import { createDomainClient } from "@lpkit/domain";
import { createFaasClient } from "@lpkit/faasgw";
import { createSentinelClient } from "@lpkit/sentinel";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { loopbackHost, noNetwork, nonLoopbackHost, port } from "../harness/arbitraries.js";

const ACCOUNT = "12345678";
const credentials = { accountId: ACCOUNT, clientId: "client-1", clientSecret: "s3cr3t-http-prop" };

/** Every entry point that takes a host or URL, built with `url` and the opt-in flag. */
const entryPoints: { name: string; argument: RegExp; build(url: string, allow: boolean): unknown }[] = [
  {
    name: "createDomainClient({ baseUrl })",
    argument: /^baseUrl$/,
    build: (url, allow) =>
      createDomainClient({ baseUrl: url, allowInsecureHttp: allow, fetch: noNetwork().fetch }),
  },
  {
    name: "createSentinelClient({ baseUrl })",
    argument: /^baseUrl$/,
    build: (url, allow) => createSentinelClient({ baseUrl: url, allowInsecureHttp: allow }),
  },
  {
    name: "createFaasClient({ baseUrl })",
    argument: /^baseUrl$/,
    build: (url, allow) => createFaasClient({ baseUrl: url, accountId: ACCOUNT, allowInsecureHttp: allow }),
  },
  {
    name: "createTokenManager({ domains: { sentinel } })",
    argument: /^domains\.sentinel$/,
    build: (url, allow) =>
      createTokenManager({
        ...credentials,
        version: "v2",
        domains: { sentinel: url },
        allowInsecureHttp: allow,
      }),
  },
  {
    name: "createDomainResolver({ baseUrl })",
    argument: /^baseUrl$/,
    build: (url, allow) =>
      createDomainResolver({ accountId: ACCOUNT, baseUrl: url, allowInsecureHttp: allow }),
  },
  {
    name: "createDomainResolver({ overrides })",
    argument: /^overrides\.faasGW$/,
    build: (url, allow) =>
      createDomainResolver({ accountId: ACCOUNT, overrides: { faasGW: url }, allowInsecureHttp: allow }),
  },
  {
    name: "createDomainResolver({ fallback })",
    argument: /^fallback\.sentinel$/,
    build: (url, allow) =>
      createDomainResolver({ accountId: ACCOUNT, fallback: { sentinel: url }, allowInsecureHttp: allow }),
  },
  {
    name: "createLivePersonFunctions({ domainApi: { baseUrl } })",
    argument: /^baseUrl$/,
    build: (url, allow) =>
      createLivePersonFunctions({ ...credentials, domainApi: { baseUrl: url }, allowInsecureHttp: allow }),
  },
  {
    name: "createLivePersonFunctions({ domainApi: { overrides } })",
    argument: /^overrides\.sentinel$/,
    build: (url, allow) =>
      createLivePersonFunctions({
        ...credentials,
        domainApi: { overrides: { sentinel: url } },
        allowInsecureHttp: allow,
      }),
  },
  {
    name: "createSentinelJwks({ sentinel })",
    argument: /^sentinel$/,
    build: (url, allow) => createSentinelJwks({ sentinel: url, allowInsecureHttp: allow }),
  },
  {
    name: "createSentinelJwks({ jwksUrl })",
    argument: /^jwksUrl$/,
    build: (url, allow) =>
      createSentinelJwks({ jwksUrl: `${url}/sentinel/well-known/jwks`, allowInsecureHttp: allow }),
  },
  {
    name: "createAccessTokenVerifier({ sentinel })",
    argument: /^sentinel$/,
    build: (url, allow) =>
      createAccessTokenVerifier({ accountId: ACCOUNT, sentinel: url, allowInsecureHttp: allow }),
  },
  {
    name: "sentinelJwksUrl(sentinel)",
    argument: /^sentinel$/,
    build: (url, allow) => sentinelJwksUrl(url, allow),
  },
];

function attempt(fn: () => unknown): unknown {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error;
  }
}

describe("plain http:// only for loopback unless allowed (property-based)", () => {
  for (const entry of entryPoints) {
    it(`${entry.name}: http://<any non-loopback host> refused; allowed with allowInsecureHttp; loopback and https fine`, () => {
      fc.assert(
        fc.property(nonLoopbackHost, port, (host, p) => {
          const refused = attempt(() => entry.build(`http://${host}${p}`, false));
          expect(refused).toBeInstanceOf(InvalidArgumentError);
          expect((refused as InvalidArgumentError).argument).toMatch(entry.argument);
          expect((refused as Error).message).toMatch(/plain http:\/\/ is refused/);
          expect(attempt(() => entry.build(`http://${host}${p}`, true))).toBeUndefined();
          expect(attempt(() => entry.build(`https://${host}${p}`, false))).toBeUndefined();
        }),
        { numRuns: 60 },
      );
      fc.assert(
        fc.property(loopbackHost, port, (host, p) => {
          expect(attempt(() => entry.build(`http://${host}${p}`, false))).toBeUndefined();
        }),
        { numRuns: 30 },
      );
    });
  }

  it("verifyAccessToken({ jwksUrl: http://… }) is refused before any request", async () => {
    const net = noNetwork();
    await fc.assert(
      fc.asyncProperty(nonLoopbackHost, async (host) => {
        const error = await verifyAccessToken("a.b.c", {
          accountId: ACCOUNT,
          jwksUrl: `http://${host}/jwks`,
          fetch: net.fetch,
        }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: "ERR_INVALID_ARGUMENT", argument: "jwksUrl" });
      }),
      { numRuns: 30 },
    );
    expect(net.calls).toEqual([]);
  });

  it("a bare host from the Domain API always becomes https://", () => {
    fc.assert(
      fc.property(fc.domain(), (host) => {
        expect(createSentinelClient({ baseUrl: host }).baseUrl).toBe(`https://${host}`);
      }),
    );
  });
});
