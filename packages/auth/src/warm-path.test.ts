/**
 * The warm path of an invoke — what runs on every call once the hosts and the token are known — does
 * only what it must: no AbortController, no copy of the token, no new header string, no request to
 * the resolver's async `resolve()`. (Speed is measured in bench/; these tests pin the mechanisms.)
 */
import { fetchTransport, type Transport } from "@lpkit/core";
import { AUTHORIZE_WITHIN, type DeadlineAuthenticator, startDeadline } from "@lpkit/core/internal";
import { afterAll, describe, expect, it } from "vitest";
import { cachedHost } from "./cached-host.js";
import { createDomainResolver } from "./domain-resolver.js";
import { createLivePersonFunctions } from "./liveperson-functions.js";
import { createFakeClock } from "./test-support/fake-clock.js";
import {
  ACCOUNT,
  CLIENT_ID,
  CLIENT_SECRET,
  createFakeLivePerson,
  DOMAIN_BASE,
  FAAS_HOST,
  SENTINEL_HOST,
} from "./test-support/fake-liveperson.js";
import { assertCollectedSecretFree, expectFailure } from "./test-support/secrets.js";
import { createTokenManager } from "./token-manager.js";

afterAll(assertCollectedSecretFree);

const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

/** Counts the AbortControllers made while `run` runs. */
async function controllersMadeBy(run: () => Promise<unknown>): Promise<number> {
  const Original = globalThis.AbortController;
  let made = 0;
  globalThis.AbortController = class extends Original {
    constructor() {
      super();
      made++;
    }
  };
  try {
    await run();
  } finally {
    globalThis.AbortController = Original;
  }
  return made;
}

function setup() {
  const clock = createFakeClock();
  const lp = createFakeLivePerson({ now: clock.now });
  const setupTransport = fetchTransport(lp.fetch);
  const authorizations: string[] = [];
  // Answers invokes itself, as a transport that follows `exchange`'s deadline would (never reading
  // `request.signal`); everything else goes to the fake LivePerson.
  const transport: Transport = {
    async send(request) {
      if (!request.url.includes("/invoke")) {
        return setupTransport.send(request);
      }
      authorizations.push(request.headers.authorization ?? "");
      return { status: 200, statusText: "OK", headers: new Headers(), body: '{"ok":true}' };
    },
  };
  const functions = createLivePersonFunctions({
    accountId: ACCOUNT,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    transport,
    now: clock.now,
    sleep: clock.sleep,
    random: clock.random,
  });
  return { clock, lp, functions, authorizations };
}

describe("the warm path of an invoke", () => {
  it("makes no AbortController once hosts and token are known", async () => {
    const { functions, authorizations, lp } = setup();
    await functions.invoke(LAMBDA, { n: 0 });
    const made = await controllersMadeBy(async () => {
      for (let n = 1; n <= 20; n++) {
        expect((await functions.invoke(LAMBDA, { n })).data).toEqual({ ok: true });
      }
    });
    expect(made).toBe(0);
    expect(new Set(authorizations).size).toBe(1);
    expect(lp.requests("token")).toHaveLength(1);
    expect(lp.requests("domain")).toHaveLength(1);
  });

  it("still ends an invoke whose caller aborts (the signal is followed when there is one)", async () => {
    const { functions } = setup();
    await functions.invoke(LAMBDA, {});
    const error = await expectFailure(functions.invoke(LAMBDA, {}, { signal: AbortSignal.abort() }));
    expect(error).toMatchObject({ code: "ERR_ABORTED" });
  });
});

describe("the token manager's warm path", () => {
  function manager() {
    const clock = createFakeClock();
    const lp = createFakeLivePerson({ now: clock.now });
    const tokens = createTokenManager({
      accountId: ACCOUNT,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      version: "v2",
      domains: { sentinel: SENTINEL_HOST },
      fetch: lp.fetch,
      now: clock.now,
      sleep: clock.sleep,
      random: clock.random,
    });
    return { tokens, lp };
  }

  it("hands out the stored token itself (frozen, printing as [REDACTED]), not a copy per read", async () => {
    const { tokens } = manager();
    const first = await tokens.getToken();
    const second = await tokens.getToken();
    expect(second).toBe(first);
    expect(Object.isFrozen(second)).toBe(true);
    expect(JSON.stringify(second)).toContain("[REDACTED]");
  });

  it("offers the deadline fast path: the same header as authorization(), no AbortController", async () => {
    const { tokens } = manager();
    const header = await tokens.authorization({});
    const fast = tokens as unknown as DeadlineAuthenticator;
    expect(typeof fast[AUTHORIZE_WITHIN]).toBe("function");
    expect(Object.keys(tokens)).not.toContain(String(AUTHORIZE_WITHIN));
    const made = await controllersMadeBy(async () => {
      const deadline = startDeadline(1_000, undefined);
      expect(await fast[AUTHORIZE_WITHIN](deadline)).toBe(header);
      deadline.clear();
    });
    expect(made).toBe(0);
    const ended = startDeadline(1_000, AbortSignal.abort());
    expect(await expectFailure(fast[AUTHORIZE_WITHIN](ended))).toMatchObject({ code: "ERR_ABORTED" });
  });

  it("waits for a cold token within the deadline's signal", async () => {
    const { tokens, lp } = manager();
    lp.hold("token");
    const deadline = startDeadline(60_000, undefined);
    const fast = tokens as unknown as DeadlineAuthenticator;
    const pending = fast[AUTHORIZE_WITHIN](deadline);
    await new Promise((resolve) => setTimeout(resolve, 10));
    // The wait made the deadline's signal; aborting through the caller ends only this wait.
    const caller = new AbortController();
    const other = startDeadline(60_000, caller.signal);
    const second = expectFailure(fast[AUTHORIZE_WITHIN](other));
    caller.abort();
    expect(await second).toMatchObject({ code: "ERR_ABORTED" });
    lp.release("token");
    expect(await pending).toMatch(/^Bearer /);
    deadline.clear();
    other.clear();
  });
});

describe("cachedHost", () => {
  it("answers from a fresh list or an override, and nothing once the list expired", async () => {
    const clock = createFakeClock();
    const lp = createFakeLivePerson({ now: clock.now });
    const resolver = createDomainResolver({
      accountId: ACCOUNT,
      baseUrl: DOMAIN_BASE,
      fetch: lp.fetch,
      now: clock.now,
      ttlMs: 60_000,
      overrides: { pinned: "https://pinned.example.test" },
    });
    expect(cachedHost(resolver, "faasGW")).toBeUndefined();
    expect(cachedHost(resolver, "pinned")).toBe("https://pinned.example.test");
    await resolver.resolve("faasGW");
    expect(cachedHost(resolver, "faasGW")).toBe(FAAS_HOST);
    expect(cachedHost(resolver, "no-such-service")).toBeUndefined();
    clock.advance(60_000);
    expect(cachedHost(resolver, "faasGW")).toBeUndefined();
    expect(cachedHost({ resolve: async () => "x" }, "faasGW")).toBeUndefined();
  });
});
