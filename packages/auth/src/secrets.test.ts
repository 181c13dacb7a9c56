import { readdirSync, readFileSync } from "node:fs";
import { inspect } from "node:util";
import { InvalidArgumentError, NetworkError, TokenRequestError, UnexpectedResponseError } from "@lpkit/core";
import createClient from "openapi-fetch";
import { afterAll, describe, expect, it } from "vitest";
import { createDomainResolver } from "./domain-resolver.js";
import { createLivePersonFunctions } from "./liveperson-functions.js";
import { createFakeClock } from "./test-support/fake-clock.js";
import {
  ACCOUNT,
  CLIENT_ID,
  CLIENT_SECRET,
  createFakeLivePerson,
  json,
  mintedTokens,
  SENTINEL_HOST,
} from "./test-support/fake-liveperson.js";
import {
  assertCollectedSecretFree,
  assertSecretFree,
  collectEvent,
  collectingLogger,
  collector,
  expectFailure,
  expectThrow,
  renderings,
} from "./test-support/secrets.js";
import { setup } from "./test-support/setup.js";
import { createTokenManager } from "./token-manager.js";
import { createMemoryTokenStore, type TokenStore } from "./token-store.js";

afterAll(assertCollectedSecretFree);

const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

describe("10. secrets", () => {
  it("10. secrets: the check itself catches a leak (it can fail)", () => {
    const leaky = new Error("wrapped", { cause: new Error(`client_secret=${CLIENT_SECRET}`) });
    expect(() => assertSecretFree(leaky)).toThrow(/leaks a secret/);
    expect(
      renderings({ nested: { deep: { deeper: { token: mintedTokens[0] ?? CLIENT_SECRET } } } }).join(""),
    ).toContain(mintedTokens[0] ?? CLIENT_SECRET);
  });

  it("10. secrets: Sentinel echoing the secret or a token in its error body never reaches the error", async () => {
    const { lp, manager } = setup();
    const token = await manager.getToken();
    await manager.invalidate();
    lp.setFallback(
      "token",
      json(
        {
          error: "invalid_client",
          error_description: `bad secret ${CLIENT_SECRET} (last token ${token.accessToken})`,
        },
        401,
      ),
    );
    const error = await expectFailure(manager.getToken());
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).errorDescription).toContain("[REDACTED]");
  });

  it("10. secrets: a 5xx text body, a garbage 2xx body and an opaque non-JWT token do not leak", async () => {
    const opaque = "opaque-ACCESS-token-7c1e9b";
    collector.secrets.push(opaque);
    const { lp, manager } = setup({ retry: { maxRetries: 0 } });
    lp.enqueue(
      "token",
      new Response(`upstream failed for client_secret=${CLIENT_SECRET}`, { status: 500 }),
      json({ note: `echo ${CLIENT_SECRET}` }),
      json({ access_token: opaque, token_type: "Bearer" }),
    );
    expect(await expectFailure(manager.getToken())).toBeInstanceOf(TokenRequestError);
    await manager.invalidate();
    expect(
      await expectFailure(setup({ retry: { maxRetries: 0 } }, { lp }).manager.getToken()),
    ).toBeInstanceOf(UnexpectedResponseError);
    expect(
      await expectFailure(setup({ retry: { maxRetries: 0 } }, { lp }).manager.getToken()),
    ).toBeInstanceOf(UnexpectedResponseError);
  });

  it("10. secrets: a fetch that throws an error quoting the request (body included) does not leak", async () => {
    const { manager } = setup({
      retry: { maxRetries: 1 },
      fetch: async (request) => {
        const body = await request.text();
        throw Object.assign(new TypeError(`fetch failed for ${request.url} with ${body}`), {
          cause: { request, body, code: "ECONNRESET" },
        });
      },
    });
    expect(await expectFailure(manager.getToken())).toBeInstanceOf(NetworkError);
  });

  it("10. secrets: a token store whose errors quote the token is logged redacted", async () => {
    let broken = false;
    const inner = createMemoryTokenStore();
    const store: TokenStore = {
      get: async (key) => {
        const value = await inner.get(key);
        if (broken && value) {
          throw new Error(`redis GET failed, value ${value.accessToken}`);
        }
        return value;
      },
      set: (key, token, ttl) => inner.set(key, token, ttl),
      delete: (key) => inner.delete(key),
    };
    const { manager } = setup({ store });
    await manager.getToken();
    broken = true;
    await manager.getToken();
    expect(collector.logs.some((l) => l.level === "warn")).toBe(true);
  });

  it("10. secrets: a secret passed in the wrong option is not echoed by validation", () => {
    const long = `${CLIENT_SECRET}-and-then-some-more-characters-to-pass-forty`;
    collector.secrets.push(long, long.slice(0, 40));
    for (const secret of [CLIENT_SECRET, long]) {
      const base = {
        clientId: CLIENT_ID,
        clientSecret: secret,
        version: "v2" as const,
        domains: { sentinel: SENTINEL_HOST },
      };
      expect(expectThrow(() => createTokenManager({ ...base, accountId: secret }))).toBeInstanceOf(
        InvalidArgumentError,
      );
      expect(
        expectThrow(() =>
          createTokenManager({ ...base, accountId: ACCOUNT, domains: { sentinel: `bad host ${secret}` } }),
        ),
      ).toBeInstanceOf(InvalidArgumentError);
      expect(
        expectThrow(() =>
          createLivePersonFunctions({ accountId: secret, clientId: CLIENT_ID, clientSecret: secret }),
        ),
      ).toBeInstanceOf(InvalidArgumentError);
    }
  });

  it("10. secrets: 401 replays and faasGW errors echoing the Authorization header do not leak", async () => {
    const clock = createFakeClock();
    const lp = createFakeLivePerson({ now: clock.now });
    lp.setFallback("faas", (request) =>
      json({ code: "unauthorized", message: `rejected ${request.headers.get("authorization")}` }, 401),
    );
    const functions = createLivePersonFunctions({
      accountId: ACCOUNT,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      fetch: lp.fetch,
      now: clock.now,
      sleep: clock.sleep,
      random: clock.random,
      logger: collectingLogger,
      onEvent: collectEvent,
    });
    await expectFailure(functions.invoke(LAMBDA, { hello: "world" }));
    expect(lp.requests("faas")).toHaveLength(2);
    assertSecretFree(functions, "the functions object");
  });

  it("10. secrets: util.inspect and JSON.stringify of the token manager, resolver, store, tokens and helpers", async () => {
    const { manager } = setup();
    const token = await manager.getToken();
    const resolver = createDomainResolver({ accountId: ACCOUNT, fetch: createFakeLivePerson().fetch });
    await resolver.resolve("sentinel");
    const store = createMemoryTokenStore();
    await store.set("k", token, 1_000);
    const client = createClient({ baseUrl: "https://x.test" });
    client.use(manager.middleware);
    for (const [what, value] of [
      ["token", token],
      ["manager", manager],
      ["resolver", resolver],
      ["store", store],
      ["middleware", manager.middleware],
      ["authorization hook", manager.authorization],
      ["everything together", { manager, resolver, token, store }],
    ] as const) {
      assertSecretFree(value, what);
    }
    expect(inspect(token)).toContain("[REDACTED]");
    expect(JSON.parse(JSON.stringify(manager))).toMatchObject({
      kind: "TokenManager",
      accountId: ACCOUNT,
      clientSecret: "[REDACTED]",
    });
    expect(JSON.parse(JSON.stringify(resolver))).toMatchObject({
      kind: "DomainResolver",
      accountId: ACCOUNT,
    });
  });

  it("10. secrets: events and log lines of this file carry no secret (also checked after every test file)", () => {
    expect(collector.events.length).toBeGreaterThan(5);
    expect(collector.logs.length).toBeGreaterThan(5);
    expect(collector.errors.length).toBeGreaterThan(10);
    assertCollectedSecretFree();
  });

  it("10. secrets: every test file that expects failures routes them through the collector and checks it", () => {
    const dir = new URL(".", import.meta.url);
    const files = readdirSync(dir).filter((f) => f.endsWith(".test.ts"));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const text = readFileSync(new URL(file, dir), "utf8");
      const expectsFailures = /expectFailure|expectThrow/.test(text);
      // Rejections and throws are only asserted through the collector (expectFailure / expectThrow)…
      if (file !== "secrets.test.ts") {
        expect(/\.rejects\b/.test(text), `${file} uses .rejects`).toBe(false);
        expect(/\.toThrow\(/.test(text), `${file} uses toThrow`).toBe(false);
      }
      // …and every file that does so checks everything it collected.
      if (expectsFailures) {
        expect(text, `${file} must check its collected errors`).toContain(
          "afterAll(assertCollectedSecretFree)",
        );
      }
    }
  });
});
