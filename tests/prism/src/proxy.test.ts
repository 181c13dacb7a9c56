// Issue 14, Prism part (b): `prism proxy --errors` stands in front of the emulator, one proxy per
// spec, and the Domain API hands out the proxies' hosts. The demo flow — Domain API lookup → token →
// invoke, on a Functions V1 and a Functions V2 account — and its failure answers go through them,
// driven by lpkit's clients. Prism validates every request and every emulator answer against the
// spec, so a spec/client/emulator disagreement fails here.
import { createDomainClient, findServiceHost } from "@lpkit/domain";
import { createEmulator, DEMO, type Emulator } from "@lpkit/emulator";
import { createFaasClient } from "@lpkit/faasgw";
import { createSentinelClient } from "@lpkit/sentinel";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CheckedFetch, checkedFetch } from "./fetch.js";
import { PRISM_HOOK_TIMEOUT_MS, type PrismServer, startPrism } from "./prism.js";

let emulator: Emulator;
const FUNCTIONS_HOST_ACCOUNT = "55555555";
const proxies: Partial<Record<"domain" | "sentinel" | "faasgw", PrismServer>> = {};

beforeAll(async () => {
  emulator = createEmulator();
  await emulator.start();
  const [domain, sentinel, faasgw] = await Promise.all([
    startPrism(["proxy", "domain.yaml", emulator.url]),
    startPrism(["proxy", "sentinel.yaml", emulator.url]),
    startPrism(["proxy", "faasgw.yaml", emulator.url]),
  ]);
  Object.assign(proxies, { domain, sentinel, faasgw });
  // The Domain API hands out the proxies, so every later call goes through Prism too.
  const sentinelHost = `127.0.0.1:${sentinel.port}`;
  emulator.registerAccount({
    id: DEMO.accountId,
    functions: "v1",
    services: { sentinel: sentinelHost, faasGW: `127.0.0.1:${faasgw.port}` },
  });
  emulator.registerAccount({
    id: DEMO.v2AccountId,
    functions: "v2",
    services: { sentinel: sentinelHost, faasGW: `fninvocations.localhost:${faasgw.port}` },
  });
  // A V2 account whose gateway host has `functions` in it (LivePerson's Node client's other V2 rule).
  emulator.registerAccount({
    id: FUNCTIONS_HOST_ACCOUNT,
    functions: "v2",
    services: { sentinel: sentinelHost, faasGW: `va.functions.localhost:${faasgw.port}` },
  });
  emulator.registerApp({
    accountId: FUNCTIONS_HOST_ACCOUNT,
    clientId: "functions-host-app",
    clientSecret: "functions-host-secret",
  });
}, PRISM_HOOK_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(Object.values(proxies).map((proxy) => proxy?.stop()));
  await emulator?.stop();
});

function proxy(name: keyof typeof proxies): PrismServer {
  const server = proxies[name];
  if (!server) {
    throw new Error(`prism proxy ${name} is not running`);
  }
  return server;
}

function expectNoViolations(checked: CheckedFetch): void {
  expect(checked.exchanges.length).toBeGreaterThan(0);
  const logs = Object.values(proxies)
    .map((server) => server?.output().slice(-1_500))
    .join("\n");
  for (const exchange of checked.exchanges) {
    expect(exchange.violations, `${exchange.method} ${exchange.url} → ${exchange.status}\n${logs}`).toEqual(
      [],
    );
  }
}

const accounts = [
  {
    name: "Functions V1",
    accountId: DEMO.accountId,
    clientId: DEMO.clientId,
    clientSecret: DEMO.clientSecret,
    success: 200,
  },
  {
    name: "Functions V2",
    accountId: DEMO.v2AccountId,
    clientId: DEMO.v2ClientId,
    clientSecret: DEMO.v2ClientSecret,
    success: 202,
  },
  {
    name: "Functions V2 on a functions host",
    accountId: FUNCTIONS_HOST_ACCOUNT,
    clientId: "functions-host-app",
    clientSecret: "functions-host-secret",
    success: 202,
  },
] as const;

/** Domain API lookup → token → a faasGW client, all through the proxies. */
async function connect(
  account: (typeof accounts)[number],
  checked: CheckedFetch,
  version: "v1" | "v2" = "v2",
) {
  const domain = createDomainClient({ baseUrl: proxy("domain").url, fetch: checked.fetch });
  const entries = await domain.listServices(account.accountId);
  // The host policy judges the hosts against the Domain API they came from (a loopback one here).
  const sentinelHost = findServiceHost(entries, account.accountId, "sentinel", domain);
  const faasHost = await domain.getServiceHost(account.accountId, "faasGW");
  expect(faasHost).toBe(findServiceHost(entries, account.accountId, "faasGW", domain));
  const sentinel = createSentinelClient({ baseUrl: sentinelHost, fetch: checked.fetch });
  const token = await sentinel.requestToken({
    accountId: account.accountId,
    clientId: account.clientId,
    clientSecret: account.clientSecret,
    version,
  });
  const faas = createFaasClient({
    baseUrl: faasHost,
    accountId: account.accountId,
    auth: token.accessToken,
    fetch: checked.fetch,
  });
  return { faas, sentinel, faasHost };
}

describe.each(accounts)("prism proxy --errors in front of the emulator: $name", (account) => {
  it("completes the demo flow: Domain API lookup → token → invoke, isImplemented, invoke by event", async () => {
    const checked = checkedFetch();
    const { faas, faasHost } = await connect(account, checked);
    expect(faasHost.includes("fninvocations") || faasHost.includes("functions")).toBe(
      account.success === 202,
    );
    const invoked = await faas.invoke(DEMO.lambdaUuid, { hello: "prism" });
    expect(invoked.status).toBe(account.success);
    expect(invoked.data).toMatchObject({ echo: { hello: "prism" } });
    expect(await faas.isImplemented(DEMO.eventId)).toBe(true);
    await faas.invokeEvent(DEMO.eventId, { hello: "event" });
    expectNoViolations(checked);
    expect(emulator.stats().executions.byLambda[DEMO.lambdaUuid]).toBeGreaterThan(0);
  });

  it("takes a V1-key token from the V1 path too", async () => {
    const checked = checkedFetch();
    const { faas } = await connect(account, checked, "v1");
    expect((await faas.invoke(DEMO.lambdaUuid, { via: "v1 token" })).status).toBe(account.success);
    expectNoViolations(checked);
  });

  it("answers a failing function with 901, an unknown one with 404, and a proxy's empty 502, as the spec says", async () => {
    const checked = checkedFetch();
    const { faas } = await connect(account, checked);
    await expect(faas.invoke(DEMO.failingLambdaUuid, {})).rejects.toMatchObject({ status: 901 });
    await expect(faas.invoke("00000000-0000-4000-8000-000000000000", {})).rejects.toMatchObject({
      status: 404,
    });
    const fault = emulator.fault({ route: "faasgw.invoke", kind: "empty-body", status: 502, times: 1 });
    await expect(faas.invoke(DEMO.lambdaUuid, {})).rejects.toMatchObject({ status: 502 });
    expect(fault.hits).toBe(1);
    // isImplemented is safe to retry, so the client tries again: the fault stays until removed.
    const html = emulator.fault({ route: "faasgw.isImplemented", kind: "html", status: 504 });
    try {
      await expect(faas.isImplemented(DEMO.eventId)).rejects.toMatchObject({ status: 504 });
    } finally {
      html.remove();
    }
    expect(html.hits).toBeGreaterThan(0);
    expectNoViolations(checked);
  });
});

describe("prism proxy --errors in front of the emulator: Sentinel", () => {
  it("answers the rate limit with 429 and Retry-After, and bad credentials with 401", async () => {
    const checked = checkedFetch();
    const sentinel = createSentinelClient({
      baseUrl: `127.0.0.1:${proxy("sentinel").port}`,
      fetch: checked.fetch,
    });
    const request = {
      accountId: DEMO.accountId,
      clientId: DEMO.clientId,
      clientSecret: DEMO.clientSecret,
      version: "v2",
    } as const;
    emulator.setTokenRateLimit(1);
    emulator.clock.advance(3_600_000);
    try {
      await sentinel.requestToken(request);
      await expect(sentinel.requestToken(request)).rejects.toMatchObject({ status: 429 });
    } finally {
      emulator.setTokenRateLimit(undefined);
    }
    await expect(sentinel.requestToken({ ...request, clientSecret: "wrong" })).rejects.toMatchObject({
      status: 401,
    });
    expect(emulator.stats().tokens.rateLimited).toBeGreaterThan(0);
    expectNoViolations(checked);
  });
});

describe("prism proxy --errors in front of the emulator: what LivePerson's Node client sends", () => {
  it("passes an empty scope=, an empty skillId= and a source name with a space (My CRM)", async () => {
    const checked = checkedFetch();
    const token = await checked.fetch(
      `${proxy("sentinel").url}/sentinel/api/account/${DEMO.accountId}/app/token?v=2.0`,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `grant_type=client_credentials&client_id=${DEMO.clientId}&client_secret=${DEMO.clientSecret}&scope=`,
      },
    );
    expect(token.status).toBe(200);
    const { access_token } = (await token.json()) as { access_token: string };
    const body = JSON.stringify({ timestamp: Date.now(), headers: [], payload: { from: "My CRM" } });
    const v1 = await checked.fetch(
      `${proxy("faasgw").url}/api/account/${DEMO.accountId}/lambdas/${DEMO.lambdaUuid}/invoke?v=1&skillId=&externalSystem=My%20CRM`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
        body,
      },
    );
    expect(v1.status).toBe(200);
    const v2Token = await emulator.mintToken({ accountId: DEMO.v2AccountId });
    const v2 = await checked.fetch(
      `${proxy("faasgw").url}/api/account/${DEMO.v2AccountId}/lambdas/${DEMO.lambdaUuid}/invoke`,
      {
        method: "POST",
        headers: {
          authorization: `Bearer ${v2Token}`,
          "content-type": "application/json",
          "lp-eventsource": "My CRM",
        },
        body,
      },
    );
    expect(v2.status).toBe(202);
    expectNoViolations(checked);
  });
});
