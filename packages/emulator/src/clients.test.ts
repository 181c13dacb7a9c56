import { createLivePersonFunctions, verifyAccessToken } from "@lpkit/auth";
import { createDomainClient } from "@lpkit/domain";
import { createFaasClient, FunctionError, GatewayError } from "@lpkit/faasgw";
import { createSentinelClient } from "@lpkit/sentinel";
import { describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import { useEmulator } from "./test-support/harness.js";
import { verifyIssuedTokens } from "./test-support/tokens.js";

/**
 * lpkit's own clients against the emulator. The recorder runs in strict mode here: every
 * request these clients send must validate against specs/*.yaml, as must every answer.
 */
const env = useEmulator({ demo: true }, "strict");

const v1App = { accountId: DEMO.accountId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret };
const v2App = { accountId: DEMO.v2AccountId, clientId: DEMO.v2ClientId, clientSecret: DEMO.v2ClientSecret };

describe("@lpkit/domain", () => {
  it("looks up hosts with the single and list endpoints", async () => {
    const { emulator } = env();
    const domain = createDomainClient({ baseUrl: emulator.domainApiUrl });
    // A plain-HTTP loopback Domain API: its hosts come back ready for the clients, over http.
    expect(await domain.getServiceHost(DEMO.accountId, "sentinel")).toBe(`http://${emulator.hosts.sentinel}`);
    expect(await domain.getServiceHost(DEMO.v2AccountId, "faasGW")).toBe(`http://${emulator.hosts.faasGWV2}`);
    expect(await domain.listServices(DEMO.accountId)).toEqual([
      { service: "sentinel", account: DEMO.accountId, baseURI: emulator.hosts.sentinel },
      { service: "faasGW", account: DEMO.accountId, baseURI: emulator.hosts.faasGW },
      { service: "idp", account: DEMO.accountId, baseURI: emulator.hosts.idp },
      { service: "asyncMessagingEnt", account: DEMO.accountId, baseURI: emulator.hosts.asyncMessagingEnt },
    ]);
  });

  it("reports an unknown service as ServiceNotFoundError", async () => {
    const domain = createDomainClient({ baseUrl: env().emulator.domainApiUrl });
    await expect(domain.getServiceHost(DEMO.accountId, "agentVep")).rejects.toMatchObject({
      code: "ERR_SERVICE_NOT_FOUND",
      service: "agentVep",
    });
  });
});

describe("@lpkit/sentinel", () => {
  it.each([
    ["v2", undefined, "v2"],
    ["v1", "1.0", "v1"],
    ["v1", "2.0", "v2"],
  ] as const)("requests a %s token (v=%s) signed with the %s key", async (version, v1Query, signedWith) => {
    const { emulator } = env();
    const sentinel = createSentinelClient({ baseUrl: emulator.url, now: emulator.clock.now });
    const before = emulator.clock.now();
    const token = await sentinel.requestToken({ ...v1App, version, v1Query });
    const after = emulator.clock.now();
    expect(token.tokenType).toBe("Bearer");
    expect(token.claims).toMatchObject({
      aud: DEMO.accountId,
      azp: DEMO.clientId,
      iss: "Sentinel",
      scope: "faas.lambda.invoke",
    });
    // Trusted until the earlier of exp and the request's start plus expires_in (when sent), the
    // start lying between `before` and `after`: a request that crosses a second boundary is stamped
    // the next second, so expires_in ends first and an equality with exp would fail.
    expect(token.expiresIn).toBe(v1Query === "1.0" ? undefined : 3600);
    const exp = (token.claims.exp as number) * 1000;
    const until = (start: number) =>
      token.expiresIn === undefined ? exp : Math.min(exp, start + token.expiresIn * 1000);
    expect(token.expiresAt).toBeGreaterThanOrEqual(until(before));
    expect(token.expiresAt).toBeLessThanOrEqual(until(after));
    const isV1Key = token.header.kid === emulator.v1PublicJwk.kid;
    expect(isV1Key).toBe(signedWith === "v1");
    const verified = await verifyAccessToken(token.accessToken, {
      accountId: DEMO.accountId,
      version: signedWith,
      v1Keys: [emulator.v1PublicKey],
      jwksUrl: `${emulator.url}/sentinel/well-known/jwks`,
      now: emulator.clock.now,
    });
    expect(verified.claims.azp).toBe(DEMO.clientId);
  });

  it("reads the JWKS", async () => {
    const { emulator } = env();
    const sentinel = createSentinelClient({ baseUrl: emulator.url });
    const jwks = await sentinel.getJwks();
    expect(jwks.keys.map((key) => key.kid)).toEqual(emulator.jwks().keys.map((key) => key.kid));
  });

  it("turns invalid_client into a TokenRequestError without the secret", async () => {
    const { emulator } = env();
    const sentinel = createSentinelClient({ baseUrl: emulator.url });
    const error = await sentinel
      .requestToken({ ...v1App, clientSecret: "definitely-wrong", version: "v2" })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      code: "ERR_TOKEN_REQUEST",
      status: 401,
      error: "invalid_client",
      retryable: false,
    });
    expect(JSON.stringify(error)).not.toContain("definitely-wrong");
  });
});

describe("@lpkit/faasgw", () => {
  it("invokes with the V1 convention and maps 901 and 404", async () => {
    const { emulator } = env();
    const token = await emulator.mintToken({ accountId: DEMO.accountId });
    const faas = createFaasClient({
      baseUrl: emulator.url,
      accountId: DEMO.accountId,
      auth: token,
      source: "tests",
    });
    expect(faas.convention).toBe("v1");
    const result = await faas.invoke(
      DEMO.lambdaUuid,
      { hi: 1 },
      { headers: { "x-a": "b" }, userId: "u1", skillId: "7" },
    );
    expect(result).toMatchObject({
      status: 200,
      data: { echo: { hi: 1 }, headers: [{ key: "x-a", value: "b" }] },
    });
    const failure = await faas.invoke(DEMO.failingLambdaUuid, {}).catch((caught: unknown) => caught);
    expect(failure).toBeInstanceOf(FunctionError);
    expect(failure).toMatchObject({ status: 901, errorCode: "com.liveperson.faas.handler.custom-failure" });
    const missing = await faas
      .invoke("0f8d1c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f", {})
      .catch((caught: unknown) => caught);
    expect(missing).toBeInstanceOf(GatewayError);
    expect(missing).toMatchObject({ status: 404, errorCode: "com.liveperson.faas.es.missinglambda" });
    expect(await faas.isImplemented(DEMO.eventId)).toBe(true);
    expect((await faas.invokeEvent(DEMO.eventId, "e")).data).toEqual({ echo: "e", headers: [] });
  });

  it("detects V2 from the fninvocations host and talks the V2 convention", async () => {
    const { emulator } = env();
    const token = await emulator.mintToken({ accountId: DEMO.v2AccountId });
    const faas = createFaasClient({
      baseUrl: emulator.hosts.faasGWV2,
      accountId: DEMO.v2AccountId,
      auth: token,
      fetch: emulator.fetch,
    });
    expect(faas.convention).toBe("v2");
    expect(await faas.invoke(DEMO.lambdaUuid, [1])).toMatchObject({
      status: 202,
      data: { echo: [1], headers: [] },
    });
    const failure = await faas.invoke(DEMO.failingLambdaUuid, {}).catch((caught: unknown) => caught);
    expect(failure).toMatchObject({ status: 901, errorCode: "com.customer.faas.function.threw-error" });
    expect(await faas.isImplemented("nothing_here", { skillId: "1" })).toBe(false);
  });

  it("retries a 429 with Retry-After, where the function certainly did not run", async () => {
    const { emulator } = env();
    emulator.resetStats();
    emulator.fault({ route: "faasgw.invoke", status: 429, retryAfter: 0, times: 1 });
    const faas = createFaasClient({
      baseUrl: emulator.url,
      accountId: DEMO.accountId,
      auth: await emulator.mintToken({ accountId: DEMO.accountId }),
    });
    expect((await faas.invoke(DEMO.lambdaUuid, 1)).status).toBe(200);
    const stats = emulator.stats();
    expect(stats.invocations.byLambda[DEMO.lambdaUuid]).toBe(2);
    expect(stats.executions.byLambda[DEMO.lambdaUuid]).toBe(1);
  });
});

describe("@lpkit/auth: the whole flow from the Domain API", () => {
  it.each([
    ["V1", v1App],
    ["V2", v2App],
  ])("invokes on a Functions %s account with one token for many calls", async (_name, app) => {
    const { emulator } = env();
    emulator.resetStats();
    const lp = createLivePersonFunctions({
      ...app,
      domainApi: { baseUrl: emulator.domainApiUrl },
      fetch: emulator.fetch,
      now: emulator.clock.now,
    });
    try {
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => lp.invoke(DEMO.lambdaUuid, { i })),
      );
      expect(results.map((result) => result.data)).toEqual(
        Array.from({ length: 5 }, (_, i) => ({ echo: { i }, headers: [] })),
      );
      expect(await lp.isImplemented(DEMO.eventId)).toBe(true);
      const stats = emulator.stats();
      expect(stats.tokens.issued).toBe(1);
      expect(stats.domainLookups.byAccount[app.accountId]).toBe(1);
      expect(stats.executions.byLambda[DEMO.lambdaUuid]).toBe(5);
    } finally {
      lp.dispose();
    }
  });

  it("gets a new token when the emulator clock passes the old one's expiry", async () => {
    const { emulator } = env();
    emulator.resetStats();
    const lp = createLivePersonFunctions({
      ...v1App,
      domainApi: { baseUrl: emulator.domainApiUrl },
      fetch: emulator.fetch,
      now: emulator.clock.now,
    });
    try {
      await lp.invoke(DEMO.lambdaUuid, 1);
      emulator.clock.advance(3_700_000);
      await lp.invoke(DEMO.lambdaUuid, 2);
      const stats = emulator.stats();
      expect(stats.tokens.issued).toBe(2);
      expect(stats.requests.byRoute["faasgw.invoke"]?.byStatus).toEqual({ "200": 2 });
    } finally {
      lp.dispose();
      emulator.clock.advance(-3_700_000);
    }
  });

  it("recovers from a key retired mid-run with one refresh and one replay", async () => {
    const { emulator } = env();
    const lp = createLivePersonFunctions({
      ...v2App,
      domainApi: { baseUrl: emulator.domainApiUrl },
      fetch: emulator.fetch,
      now: emulator.clock.now,
    });
    try {
      await lp.invoke(DEMO.lambdaUuid, "before");
      emulator.resetStats();
      await emulator.rotateKeys({ retirePrevious: true });
      expect((await lp.invoke(DEMO.lambdaUuid, "after")).data).toEqual({ echo: "after", headers: [] });
      const stats = emulator.stats();
      expect(stats.requests.byRoute["faasgw.invoke"]?.byStatus).toEqual({ "202": 1, "401": 1 });
      expect(stats.tokens.issued).toBe(1);
      expect(stats.executions.byLambda[DEMO.lambdaUuid]).toBe(1);
    } finally {
      lp.dispose();
    }
  });

  it("jose verifies every token issued in this file", async () => {
    const { emulator, recorder } = env();
    await fetch(`${emulator.url}/sentinel/well-known/jwks`);
    expect(await verifyIssuedTokens(emulator, recorder)).toBeGreaterThanOrEqual(6);
  });
});
