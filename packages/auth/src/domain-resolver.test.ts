import { AbortError, DomainApiError, ServiceNotFoundError } from "@lpkit/core";
import { createDomainClient } from "@lpkit/domain";
import { afterAll, describe, expect, it } from "vitest";
import { createDomainResolver, type DomainResolverOptions } from "./domain-resolver.js";
import type { AuthEvent } from "./events.js";
import { createFakeClock } from "./test-support/fake-clock.js";
import {
  ACCOUNT,
  createFakeLivePerson,
  FAAS_HOST,
  json,
  SENTINEL_HOST,
} from "./test-support/fake-liveperson.js";
import {
  assertCollectedSecretFree,
  collectEvent,
  collectingLogger,
  expectFailure,
  expectThrow,
} from "./test-support/secrets.js";
import { setup } from "./test-support/setup.js";

afterAll(assertCollectedSecretFree);

function resolverSetup(options: Partial<DomainResolverOptions> = {}) {
  const clock = createFakeClock();
  const lp = createFakeLivePerson({ now: clock.now });
  const events: AuthEvent[] = [];
  const resolver = createDomainResolver({
    accountId: ACCOUNT,
    fetch: lp.fetch,
    now: clock.now,
    logger: collectingLogger,
    onEvent: (event) => {
      events.push(event);
      collectEvent(event);
    },
    ...options,
  });
  return { clock, lp, resolver, events };
}

describe("1. discovery", () => {
  it("1. discovery: one Domain API call per account, shared by concurrent callers", async () => {
    const { lp, resolver } = resolverSetup();
    lp.hold("domain");
    const calls = Array.from({ length: 20 }, (_, i) => resolver.resolve(i % 2 ? "sentinel" : "faasGW"));
    await lp.waitForRequests("domain", 1);
    lp.release("domain");
    const hosts = await Promise.all(calls);
    expect(hosts[0]).toBe(FAAS_HOST);
    expect(hosts[1]).toBe(SENTINEL_HOST);
    expect(lp.requests("domain")).toHaveLength(1);
    const url = new URL(lp.requests("domain")[0]!.url);
    expect(url.href).toBe(
      `https://api.liveperson.net/api/account/${ACCOUNT}/service/baseURI.json?version=1.0`,
    );
  });

  it("1. discovery: the list is used for the TTL (default 10 min), then loaded again", async () => {
    const { clock, lp, resolver, events } = resolverSetup();
    await resolver.resolve("sentinel");
    clock.advance(10 * 60_000 - 1);
    await resolver.resolve("faasGW");
    expect(lp.requests("domain")).toHaveLength(1);
    clock.advance(1);
    await resolver.resolve("faasGW");
    expect(lp.requests("domain")).toHaveLength(2);
    expect(events.filter((e) => e.type === "domains-refreshed")).toHaveLength(2);
  });

  it("1. discovery: a custom ttlMs is honoured", async () => {
    const { clock, lp, resolver } = resolverSetup({ ttlMs: 60_000 });
    await resolver.resolve("sentinel");
    clock.advance(60_000);
    await resolver.resolve("sentinel");
    expect(lp.requests("domain")).toHaveLength(2);
  });

  it("1. discovery: stale-if-error — a failed reload keeps the last known hosts and says so in an event", async () => {
    const { clock, lp, resolver, events } = resolverSetup();
    await resolver.resolve("sentinel");
    clock.advance(10 * 60_000);
    lp.setFallback("domain", json({}, 503));
    expect(await resolver.resolve("sentinel")).toBe(SENTINEL_HOST);
    const failed = events.find((e) => e.type === "domains-refresh-failed");
    expect(failed).toMatchObject({
      type: "domains-refresh-failed",
      accountId: ACCOUNT,
      servingStale: true,
      usingFallback: false,
      error: { code: "ERR_DOMAIN_API", status: 503 },
    });
    // Stale hosts are served without asking again until the retry time…
    expect(await resolver.resolve("faasGW")).toBe(FAAS_HOST);
    expect(lp.requests("domain")).toHaveLength(2);
    // …then the Domain API is asked again.
    clock.advance(30_000);
    lp.setFallback(
      "domain",
      json({ baseURIs: [{ service: "sentinel", account: ACCOUNT, baseURI: "lo.sentinel.liveperson.net" }] }),
    );
    expect(await resolver.resolve("sentinel")).toBe("lo.sentinel.liveperson.net");
    expect(lp.requests("domain")).toHaveLength(3);
  });

  it("1. discovery: explicit overrides never ask the Domain API", async () => {
    const { lp, resolver } = resolverSetup({ overrides: { sentinel: "http://127.0.0.1:4000" } });
    expect(await resolver.resolve("sentinel")).toBe("http://127.0.0.1:4000");
    expect(lp.all).toHaveLength(0);
  });

  it("1. discovery: overrides and fallback hosts follow the http:// rule of every base URL", () => {
    for (const option of ["overrides", "fallback"] as const) {
      const error = expectThrow(() =>
        createDomainResolver({ accountId: ACCOUNT, [option]: { faasGW: "http://faasgw.example.com" } }),
      );
      expect(error).toMatchObject({ code: "ERR_INVALID_ARGUMENT", argument: `${option}.faasGW` });
      // Loopback is always allowed; other hosts only when explicitly allowed.
      expect(
        createDomainResolver({ accountId: ACCOUNT, [option]: { faasGW: "http://localhost:4000" } }).accountId,
      ).toBe(ACCOUNT);
      expect(
        createDomainResolver({
          accountId: ACCOUNT,
          allowInsecureHttp: true,
          [option]: { faasGW: "http://faasgw.example.com" },
        }).accountId,
      ).toBe(ACCOUNT);
    }
  });

  it("1. discovery: a static region fallback is used only when configured (Domain API down, nothing loaded yet)", async () => {
    const withFallback = resolverSetup({ fallback: { sentinel: "va.sentinel.liveperson.net" } });
    withFallback.lp.setFallback("domain", json({}, 500));
    expect(await withFallback.resolver.resolve("sentinel")).toBe("va.sentinel.liveperson.net");
    expect(withFallback.events.find((e) => e.type === "domains-refresh-failed")).toMatchObject({
      usingFallback: true,
      servingStale: false,
    });

    const without = resolverSetup();
    without.lp.setFallback("domain", json({}, 500));
    const error = await expectFailure(without.resolver.resolve("sentinel"));
    expect(error).toBeInstanceOf(DomainApiError);
    // Nothing to serve instead: the next call asks again rather than failing from memory.
    await expectFailure(without.resolver.resolve("sentinel"));
    expect(without.lp.requests("domain")).toHaveLength(2);
  });

  it("1. discovery: the fallback is not used for a service it does not list", async () => {
    const { lp, resolver } = resolverSetup({ fallback: { sentinel: "va.sentinel.liveperson.net" } });
    lp.setFallback("domain", json({}, 500));
    expect(await expectFailure(resolver.resolve("faasGW"))).toBeInstanceOf(DomainApiError);
  });

  it("1. discovery: a service the account does not have is ServiceNotFoundError", async () => {
    const { resolver } = resolverSetup();
    const error = await expectFailure(resolver.resolve("msgHist"));
    expect(error).toBeInstanceOf(ServiceNotFoundError);
    expect(error).toMatchObject({ service: "msgHist", accountId: ACCOUNT });
  });

  it("1. discovery: a caller's abort ends only its wait; the shared lookup completes for the others", async () => {
    const { lp, resolver } = resolverSetup();
    lp.hold("domain");
    const controller = new AbortController();
    const aborted = resolver.resolve("sentinel", { signal: controller.signal });
    const patient = resolver.resolve("sentinel");
    await lp.waitForRequests("domain", 1);
    controller.abort();
    expect(await expectFailure(aborted)).toBeInstanceOf(AbortError);
    lp.release("domain");
    expect(await patient).toBe(SENTINEL_HOST);
  });

  it("1. discovery: a shared DomainClient can be injected; refresh() and snapshot() expose the list", async () => {
    const clock = createFakeClock();
    const lp = createFakeLivePerson({ now: clock.now });
    const domainClient = createDomainClient({ baseUrl: "adminlogin.liveperson.net", fetch: lp.fetch });
    const resolver = createDomainResolver({ accountId: ACCOUNT, domainClient, now: clock.now });
    expect(resolver.snapshot()).toBeUndefined();
    await resolver.refresh();
    expect(new URL(lp.requests("domain")[0]!.url).host).toBe("adminlogin.liveperson.net");
    expect(resolver.snapshot()).toEqual({
      hosts: { sentinel: SENTINEL_HOST, faasGW: FAAS_HOST, agentVep: "va.agentvep.liveperson.net" },
      loadedAt: clock.now(),
    });
  });

  it("1. discovery: the token manager finds Sentinel through the resolver", async () => {
    const { lp, resolver } = resolverSetup();
    const { manager } = setup({ domains: resolver }, { lp });
    await manager.getToken();
    expect(lp.requests("domain")).toHaveLength(1);
    expect(new URL(lp.requests("token")[0]!.url).host).toBe(SENTINEL_HOST);
  });
});
