// Issue 14, Prism part (a): `prism mock --errors` serves each spec from its own examples, and lpkit's
// clients are driven against it through their public API only (baseUrl, fetch, accountId, auth).
// Prism validates every request the clients send against the spec (a violation becomes an error
// answer with `sl-violations`), and the clients must read every answer the spec's examples give.
import { createDomainClient } from "@lpkit/domain";
import { createFaasClient } from "@lpkit/faasgw";
import { createSentinelClient } from "@lpkit/sentinel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkedFetch } from "./fetch.js";
import { PRISM_HOOK_TIMEOUT_MS, type PrismServer, startPrism } from "./prism.js";

const ACCOUNT = "12345678";
const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const EVENT = "bot_connectors_custom_integration";

const mocks: Partial<Record<"domain" | "sentinel" | "faasgw", PrismServer>> = {};

beforeAll(async () => {
  const [domain, sentinel, faasgw] = await Promise.all([
    startPrism(["mock", "domain.yaml"]),
    startPrism(["mock", "sentinel.yaml"]),
    startPrism(["mock", "faasgw.yaml"]),
  ]);
  Object.assign(mocks, { domain, sentinel, faasgw });
}, PRISM_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(Object.values(mocks).map((mock) => mock?.stop()));
});

function mock(name: keyof typeof mocks): PrismServer {
  const server = mocks[name];
  if (!server) {
    throw new Error(`prism mock ${name} is not running`);
  }
  return server;
}

/** Every exchange went through without a violation Prism reported. */
function expectNoViolations(checked: ReturnType<typeof checkedFetch>, server: PrismServer): void {
  expect(checked.exchanges.length).toBeGreaterThan(0);
  for (const exchange of checked.exchanges) {
    expect(
      exchange.violations,
      `${exchange.method} ${exchange.url}\n${server.output().slice(-2_000)}`,
    ).toEqual([]);
  }
}

describe("prism mock specs/domain.yaml", () => {
  it("@lpkit/domain lists the services and finds one, as the spec's examples give them", async () => {
    const checked = checkedFetch();
    const domain = createDomainClient({ baseUrl: mock("domain").url, fetch: checked.fetch });
    const entries = await domain.listServices(ACCOUNT);
    expect(entries).toContainEqual({
      service: "sentinel",
      account: ACCOUNT,
      baseURI: "va.sentinel.liveperson.net",
    });
    expect(entries).toContainEqual({
      service: "faasGW",
      account: ACCOUNT,
      baseURI: "va.faasgw.liveperson.net",
    });
    expect(await domain.getServiceHost(ACCOUNT, "sentinel")).toBe("va.sentinel.liveperson.net");
    expectNoViolations(checked, mock("domain"));
  });
});

describe("prism mock specs/sentinel.yaml", () => {
  it("@lpkit/sentinel requests V1 and V2 tokens and reads the key set", async () => {
    const checked = checkedFetch();
    // Prism answers with each operation's first example: one-hour tokens issued in the past (V2's
    // 2025-01-01T00:00:00Z, V1's 2018-04-25T07:51:10Z). The client runs at each one's own time, or it
    // would rightly refuse it as expired (issue 13, item 9).
    let now = Date.UTC(2025, 0, 1, 0, 1);
    const sentinel = createSentinelClient({
      baseUrl: mock("sentinel").url,
      fetch: checked.fetch,
      now: () => now,
    });
    const credentials = {
      accountId: ACCOUNT,
      clientId: "5c0ffee0-1111-4222-8333-444455556666",
      clientSecret: "s3cret",
    };
    const v2 = await sentinel.requestToken({ ...credentials, version: "v2" });
    expect(v2.tokenType).toBe("Bearer");
    expect(v2.claims).toMatchObject({ aud: ACCOUNT, iss: "Sentinel" });
    now = 1_524_642_670_000 + 60_000;
    const v1 = await sentinel.requestToken({ ...credentials, version: "v1" });
    expect(v1.accessToken.split(".")).toHaveLength(3);
    const jwks = await sentinel.getJwks();
    expect(jwks.keys[0]).toMatchObject({ kty: "RSA", use: "sig" });
    expectNoViolations(checked, mock("sentinel"));
  });
});

describe("prism mock specs/faasgw.yaml", () => {
  it("@lpkit/faasgw invokes by UUID and by event and asks isImplemented (Functions V1)", async () => {
    const checked = checkedFetch();
    const faas = createFaasClient({
      baseUrl: mock("faasgw").url,
      accountId: ACCOUNT,
      auth: "example-token",
      fetch: checked.fetch,
    });
    const invoked = await faas.invoke(LAMBDA, { orderId: "4711" });
    expect(invoked.status).toBe(200);
    expect(invoked.data).toEqual({ greeting: "Hello, Jane", score: 0.93 });
    await faas.invokeEvent(EVENT, { orderId: "4711" });
    expect(await faas.isImplemented(EVENT)).toBe(true);
    expectNoViolations(checked, mock("faasgw"));
    expect(checked.exchanges.map((exchange) => new URL(exchange.url).searchParams.get("v"))).toEqual([
      "1",
      "1",
      "1",
    ]);
  });

  it("@lpkit/faasgw talks the V2 convention to a fninvocations host", async () => {
    const checked = checkedFetch();
    const faas = createFaasClient({
      baseUrl: `fninvocations.localhost:${mock("faasgw").port}`,
      accountId: ACCOUNT,
      auth: "example-token",
      fetch: checked.fetch,
    });
    await faas.invoke(LAMBDA, { orderId: "4711" });
    expect(await faas.isImplemented(EVENT)).toBe(true);
    expectNoViolations(checked, mock("faasgw"));
    expect(checked.exchanges.every((exchange) => !new URL(exchange.url).searchParams.has("v"))).toBe(true);
  });

  it("@lpkit/faasgw talks the V2 convention to a *.functions.* host too (LivePerson's isV2Domain rule)", async () => {
    const checked = checkedFetch();
    const faas = createFaasClient({
      baseUrl: `va.functions.localhost:${mock("faasgw").port}`,
      accountId: ACCOUNT,
      auth: "example-token",
      fetch: checked.fetch,
    });
    await faas.invoke(LAMBDA, { orderId: "4711" });
    expectNoViolations(checked, mock("faasgw"));
    const [sent] = checked.exchanges;
    expect(new URL(sent?.url ?? "http://x").searchParams.has("v")).toBe(false);
  });

  it("Prism itself refuses what the spec forbids (the check can fail)", async () => {
    const checked = checkedFetch();
    const response = await checked.fetch(
      `${mock("faasgw").url}/api/account/${ACCOUNT}/lambdas/${LAMBDA}/invoke?v=2`,
      {
        method: "POST",
        headers: { authorization: "Bearer x", "content-type": "application/json" },
        body: JSON.stringify({ payload: {} }),
      },
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(checked.exchanges[0]?.violations).not.toEqual([]);
  });
});
