import { FunctionError, InvalidArgumentError } from "@lpkit/core";
import { afterAll, describe, expect, expectTypeOf, it } from "vitest";
import { createLivePersonFunctions, type LivePersonFunctionsOptions } from "./liveperson-functions.js";
import { createFakeClock } from "./test-support/fake-clock.js";
import {
  ACCOUNT,
  CLIENT_ID,
  CLIENT_SECRET,
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
} from "./test-support/secrets.js";

afterAll(assertCollectedSecretFree);

const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

function functionsSetup(options: Partial<LivePersonFunctionsOptions> = {}) {
  const clock = createFakeClock();
  const lp = createFakeLivePerson({ now: clock.now });
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
    ...options,
  });
  return { clock, lp, functions };
}

describe("the convenience entry: createLivePersonFunctions", () => {
  it("invokes a lambda from scratch: Domain API → Sentinel → faasGW, with the token attached", async () => {
    const { lp, functions } = functionsSetup();
    lp.setFallback("faas", async (request) =>
      json({ echo: ((await request.json()) as { payload: unknown }).payload }),
    );
    const { data, status } = await functions.invoke<{ echo: unknown }>(LAMBDA, { hello: "world" });
    expect(data).toEqual({ echo: { hello: "world" } });
    expect(status).toBe(200);
    expectTypeOf(data).toEqualTypeOf<{ echo: unknown }>();
    expect(lp.requests("domain")).toHaveLength(1);
    expect(lp.requests("token")).toHaveLength(1);
    const invoke = lp.requests("faas")[0]!;
    expect(new URL(invoke.url).host).toBe(FAAS_HOST);
    expect(new URL(invoke.url).pathname).toBe(`/api/account/${ACCOUNT}/lambdas/${LAMBDA}/invoke`);
    expect(new URL(lp.requests("token")[0]!.url).host).toBe(SENTINEL_HOST);
    expect(invoke.headers.get("authorization")).toBe(await functions.tokenManager.authorization());

    await functions.invokeEvent("bot_connectors_custom_integration", {});
    lp.setFallback("faas", json({ implemented: true }));
    await functions.isImplemented("bot_connectors_custom_integration");
    expect(lp.requests("domain")).toHaveLength(1);
    expect(lp.requests("token")).toHaveLength(1);
  });

  it("replays once after a 401 and surfaces function failures typed", async () => {
    const { lp, functions } = functionsSetup();
    lp.enqueue("faas", json({ code: "unauthorized" }, 401), json({ ok: 1 }));
    expect((await functions.invoke(LAMBDA, { order: 4711 })).data).toEqual({ ok: 1 });
    expect(lp.requests("token")).toHaveLength(2);
    // Replayed once by @lpkit/faasgw with the token manager as authenticator: new token, same body.
    const [first, replay] = lp.requests("faas");
    expect(lp.requests("faas")).toHaveLength(2);
    expect(replay?.body).toBe(first?.body);
    expect(JSON.parse(replay?.body ?? "{}")).toMatchObject({ payload: { order: 4711 } });
    expect(replay?.headers.get("authorization")).not.toBe(first?.headers.get("authorization"));
    expect(replay?.headers.get("authorization")).toBe(await functions.tokenManager.authorization());
    lp.enqueue("faas", json({ code: "com.customer.faas.function.threw-error", message: "boom" }, 901));
    expect(await expectFailure(functions.invoke(LAMBDA, {}))).toBeInstanceOf(FunctionError);
  });

  it("rejects bad ids before any request", async () => {
    const { lp, functions } = functionsSetup();
    expect(await expectFailure(functions.invoke("not-a-uuid", {}))).toBeInstanceOf(InvalidArgumentError);
    expect(await expectFailure(functions.invokeEvent("bad event!", {}))).toBeInstanceOf(InvalidArgumentError);
    expect(await expectFailure(functions.isImplemented(""))).toBeInstanceOf(InvalidArgumentError);
    expect(lp.all).toHaveLength(0);
  });

  it("uses overrides (e.g. an emulator on loopback) and the v1 token path when asked", async () => {
    const { lp, functions } = functionsSetup({
      version: "v1",
      domainApi: { overrides: { sentinel: "http://127.0.0.1:4100", faasGW: "http://127.0.0.1:4200" } },
    });
    await functions.invoke(LAMBDA, {});
    expect(lp.requests("domain")).toHaveLength(0);
    expect(new URL(lp.requests("token")[0]!.url).pathname).toBe(`/sentinel/api/account/${ACCOUNT}/app/token`);
    expect(new URL(lp.requests("faas")[0]!.url).origin).toBe("http://127.0.0.1:4200");
    expect((await functions.client()).convention).toBe("v1");
  });
});
