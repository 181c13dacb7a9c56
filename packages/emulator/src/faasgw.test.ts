import { generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import type { LambdaContext } from "./lambda-types.js";
import { requestToken, useEmulator } from "./test-support/harness.js";

const UUID = {
  echo: "11111111-1111-4111-8111-111111111111",
  context: "22222222-2222-4222-8222-222222222222",
  throws: "33333333-3333-4333-8333-333333333333",
  runtime: "44444444-4444-4444-8444-444444444444",
  slow: "55555555-5555-4555-8555-555555555555",
  undefinedResult: "66666666-6666-4666-8666-666666666666",
  bigint: "77777777-7777-4777-8777-777777777777",
  eventA: "88888888-8888-4888-8888-888888888888",
  eventB: "99999999-9999-4999-8999-999999999999",
  unknown: "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
  onlyV2: "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
};
let seenContext: LambdaContext | undefined;
let slowSignal: AbortSignal | undefined;

const env = useEmulator({
  demo: true,
  lambdas: [
    { uuid: UUID.echo, handler: async (payload) => ({ got: payload }) },
    {
      uuid: UUID.context,
      handler: (_payload, context) => {
        seenContext = context;
        return "ok";
      },
    },
    {
      uuid: UUID.throws,
      handler: (_payload, context) => {
        context.log("Info", "starting", { orderId: 4711 });
        context.log("Error", "about to fail");
        throw new Error("boom");
      },
    },
    {
      uuid: UUID.runtime,
      handler: (payload) => (payload as { missing: { deeper: number } }).missing.deeper,
    },
    {
      uuid: UUID.slow,
      timeoutMs: 60,
      handler: async (_payload, context) => {
        slowSignal = context.signal;
        // Runs until the emulator's time limit aborts it: if the limit never fired, the test would
        // hang and fail on vitest's own timeout, with no wall-clock bound of ours.
        await new Promise((resolve) => context.signal.addEventListener("abort", resolve, { once: true }));
        return "too late";
      },
    },
    { uuid: UUID.undefinedResult, handler: () => undefined },
    { uuid: UUID.bigint, handler: () => ({ big: 1n }) },
    { uuid: UUID.eventA, eventId: "two_lambdas_event", handler: () => "A" },
    { uuid: UUID.eventB, eventId: "two_lambdas_event", handler: async () => "B" },
    { uuid: UUID.onlyV2, accountId: DEMO.v2AccountId, handler: () => "v2 only" },
  ],
});

let v1Token: string;
let v2Token: string;
beforeAll(async () => {
  const { emulator } = env();
  v1Token = (await requestToken(emulator.url, DEMO.accountId, DEMO)).body.access_token as string;
  v2Token = (
    await requestToken(emulator.url, DEMO.v2AccountId, {
      clientId: DEMO.v2ClientId,
      clientSecret: DEMO.v2ClientSecret,
    })
  ).body.access_token as string;
});

interface CallOptions {
  token?: string | null;
  query?: string;
  headers?: Record<string, string>;
  body?: string;
  method?: string;
}

async function call(path: string, options: CallOptions = {}) {
  const headers: Record<string, string> = { "content-type": "application/json", ...options.headers };
  if (options.token !== null) {
    headers.authorization = `Bearer ${options.token ?? v1Token}`;
  }
  const response = await fetch(
    `${env().emulator.url}${path}${options.query ?? "?v=1&externalSystem=tests"}`,
    {
      method: options.method ?? "POST",
      headers,
      body:
        options.method === "GET"
          ? undefined
          : (options.body ?? JSON.stringify({ timestamp: 0, headers: [], payload: {} })),
    },
  );
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

const invokePath = (uuid: string, account: string = DEMO.accountId) =>
  `/api/account/${account}/lambdas/${uuid}/invoke`;
const v2 = { token: "", query: "", headers: { "LP-EventSource": "tests" } };
const asV2 = (): CallOptions => ({ ...v2, token: v2Token });

describe("invoke by UUID", () => {
  it("runs the lambda and answers 200 with its result (V1 convention)", async () => {
    const { status, body } = await call(invokePath(UUID.echo), {
      body: JSON.stringify({ timestamp: Date.now(), headers: [], payload: { name: "Jane" } }),
    });
    expect(status).toBe(200);
    expect(body).toEqual({ got: { name: "Jane" } });
  });

  it("answers 202 on a Functions V2 account (LP-EventSource, no v)", async () => {
    const { status, body } = await call(invokePath(UUID.echo, DEMO.v2AccountId), {
      ...asV2(),
      body: JSON.stringify({ payload: [1, 2] }),
    });
    expect(status).toBe(202);
    expect(body).toEqual({ got: [1, 2] });
  });

  it("hands the lambda the envelope headers and the invocation's details", async () => {
    await call(invokePath(UUID.context), {
      query: "?v=1&externalSystem=crm&userId=u-1&skillId=42",
      headers: { "x-request-id": "3fa85f64-5717-4562-b3fc-2c963f66afa6" },
      body: JSON.stringify({
        timestamp: 1_700_000_000_000,
        headers: [{ key: "x-corr", value: "c-1" }],
        payload: null,
      }),
    });
    expect(seenContext).toMatchObject({
      accountId: DEMO.accountId,
      lambdaUuid: UUID.context,
      eventId: undefined,
      headers: [{ key: "x-corr", value: "c-1" }],
      timestamp: 1_700_000_000_000,
      convention: "v1",
      source: "crm",
      userId: "u-1",
      skillId: "42",
      requestId: "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    });
    expect(seenContext?.httpHeaders.authorization).toBeUndefined();
    expect(seenContext?.signal.aborted).toBe(false);
  });

  it("treats an empty skillId as absent (LivePerson's Node client sends skillId= on every V1 call)", async () => {
    const { status } = await call(invokePath(UUID.context), {
      query: "?v=1&skillId=&externalSystem=unknown",
    });
    expect(status).toBe(200);
    expect(seenContext?.skillId).toBeUndefined();
    expect((await call(invokePath(UUID.echo), { query: `?v=1&skillId=${"9".repeat(257)}` })).status).toBe(
      400,
    );
  });

  it("answers null when the lambda returns nothing", async () => {
    const { status, body } = await call(invokePath(UUID.undefinedResult));
    expect(status).toBe(200);
    expect(body).toBeNull();
  });

  it("answers 404 with the V1 or V2 not-found code for an unknown lambda", async () => {
    expect(await call(invokePath(UUID.unknown))).toEqual({
      status: 404,
      body: { errorCode: "com.liveperson.faas.es.missinglambda", errorMsg: expect.any(String) },
    });
    expect(await call(invokePath(UUID.unknown, DEMO.v2AccountId), asV2())).toEqual({
      status: 404,
      body: { code: "com.liveperson.faas.function.not-found", message: expect.any(String) },
    });
    expect((await call(invokePath(UUID.onlyV2))).status).toBe(404);
    expect((await call(invokePath(UUID.onlyV2, DEMO.v2AccountId), asV2())).status).toBe(202);
  });

  it("requires v=1 on a V1 account and refuses other versions", async () => {
    const missing = await call(invokePath(UUID.echo), { query: "" });
    expect(missing).toEqual({
      status: 400,
      body: { errorCode: "com.liveperson.faas.es.badinput", errorMsg: expect.stringContaining("v=1") },
    });
    expect((await call(invokePath(UUID.echo), { query: "?v=2" })).status).toBe(400);
  });

  it.each([
    ["not JSON", "{nope", "application/json"],
    ["no payload", JSON.stringify({ timestamp: 0 }), "application/json"],
    ["a negative timestamp", JSON.stringify({ timestamp: -1, payload: {} }), "application/json"],
    ["malformed headers", JSON.stringify({ headers: [{ key: "" }], payload: {} }), "application/json"],
    ["a text body", JSON.stringify({ payload: {} }), "text/plain"],
  ])("answers 400 to a body with %s", async (_name, body, contentType) => {
    const v1 = await call(invokePath(UUID.echo), { body, headers: { "content-type": contentType } });
    expect(v1.status).toBe(400);
    expect((v1.body as { errorCode: string }).errorCode).toBe("com.liveperson.faas.es.badinput");
    const v2Answer = await call(invokePath(UUID.echo, DEMO.v2AccountId), {
      ...asV2(),
      body,
      headers: { ...v2.headers, "content-type": contentType },
    });
    expect(v2Answer.status).toBe(400);
    expect((v2Answer.body as { code: string }).code).toBe("com.liveperson.faas.evg.invalid");
  });

  it("answers 405 to GET on an invoke path", async () => {
    const { status, body } = await call(invokePath(UUID.echo), { method: "GET" });
    expect(status).toBe(405);
    expect((body as { errorCode: string }).errorCode).toBe("com.liveperson.faas.es.general");
  });
});

describe("function failures answer 901", () => {
  it("V1: a thrown error becomes custom-failure with the lambda's logs", async () => {
    const { status, body } = await call(invokePath(UUID.throws));
    expect(status).toBe(901);
    expect(body).toEqual({
      errorCode: "com.liveperson.faas.handler.custom-failure",
      errorMsg: "Error: boom",
      errorLogs: [
        { level: "Info", message: "starting", timestamp: expect.any(Number), extras: ['{"orderId":4711}'] },
        { level: "Error", message: "about to fail", timestamp: expect.any(Number), extras: [] },
      ],
    });
  });

  it("V2: a thrown error becomes threw-error", async () => {
    expect(await call(invokePath(UUID.throws, DEMO.v2AccountId), asV2())).toEqual({
      status: 901,
      body: { code: "com.customer.faas.function.threw-error", message: "Error: boom" },
    });
  });

  it("a runtime error (TypeError) becomes runtime-exception / js-runtime-error", async () => {
    const v1 = await call(invokePath(UUID.runtime));
    expect(v1.status).toBe(901);
    expect(v1.body).toMatchObject({
      errorCode: "com.liveperson.faas.handler.runtime-exception",
      errorMsg: expect.stringMatching(/^TypeError: /),
    });
    const v2Answer = await call(invokePath(UUID.runtime, DEMO.v2AccountId), asV2());
    expect(v2Answer.body).toMatchObject({ code: "com.customer.faas.function.js-runtime-error" });
  });

  it("a result that is not JSON-serialisable is a runtime error", async () => {
    const { status, body } = await call(invokePath(UUID.bigint));
    expect(status).toBe(901);
    expect((body as { errorCode: string }).errorCode).toBe("com.liveperson.faas.handler.runtime-exception");
  });

  it("a lambda over its time limit becomes execution-time-exceeded and sees its signal aborted", async () => {
    const started = performance.now();
    const v1 = await call(invokePath(UUID.slow));
    // The limit is 60 ms: the answer cannot come sooner (timers never fire early; 1 ms of rounding).
    expect(performance.now() - started).toBeGreaterThanOrEqual(59);
    expect(v1).toEqual({
      status: 901,
      body: {
        errorCode: "com.liveperson.faas.handler.executiontime-exceeded",
        errorMsg: expect.stringContaining("60 ms"),
        errorLogs: [],
      },
    });
    expect(slowSignal?.aborted).toBe(true);
    const v2Answer = await call(invokePath(UUID.slow, DEMO.v2AccountId), asV2());
    expect(v2Answer.body).toMatchObject({ code: "com.customer.faas.function.execution-exceeded" });
  });
});

describe("bearer token checks", () => {
  it("answers 401 without a token or with a malformed one", async () => {
    expect(await call(invokePath(UUID.echo), { token: null })).toEqual({
      status: 401,
      body: { errorCode: "com.liveperson.faas.es.general", errorMsg: expect.stringContaining("missing") },
    });
    expect((await call(invokePath(UUID.echo), { token: "not.a.jwt" })).status).toBe(401);
    const v2Answer = await call(invokePath(UUID.echo, DEMO.v2AccountId), { ...asV2(), token: "x" });
    expect(v2Answer).toEqual({
      status: 401,
      body: { code: "com.liveperson.faas.evg.general", message: expect.any(String) },
    });
  });

  it("answers 401 to an expired token, judged by the emulator clock", async () => {
    const { emulator } = env();
    emulator.clock.advance(3_601_000);
    try {
      const { status, body } = await call(invokePath(UUID.echo));
      expect(status).toBe(401);
      expect((body as { errorMsg: string }).errorMsg).toContain("expired");
    } finally {
      emulator.clock.advance(-3_601_000);
    }
    expect((await call(invokePath(UUID.echo))).status).toBe(200);
  });

  it("answers 401 to a token signed by a key the emulator never published", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    const now = Math.floor(Date.now() / 1000);
    const forged = await new SignJWT({ aud: DEMO.accountId, azp: "x", scope: "faas.lambda.invoke" })
      .setProtectedHeader({ alg: "RS256", kid: env().emulator.jwks().keys[0]?.kid })
      .setIssuer("Sentinel")
      .setIssuedAt(now)
      .setExpirationTime(now + 600)
      .sign(privateKey);
    const { status, body } = await call(invokePath(UUID.echo), { token: forged });
    expect(status).toBe(401);
    expect((body as { errorMsg: string }).errorMsg).toContain("invalid");
  });

  it("answers 403 to a token of another account and to one without faas.lambda.invoke", async () => {
    const { emulator } = env();
    expect((await call(invokePath(UUID.echo), { token: v2Token })).status).toBe(403);
    const reader = await emulator.mintToken({ accountId: DEMO.accountId, scope: "msg.consumer" });
    const { status, body } = await call(invokePath(UUID.echo), { token: reader });
    expect(status).toBe(403);
    expect((body as { errorMsg: string }).errorMsg).toContain("faas.lambda.invoke");
  });

  it("accepts V1 (static key) tokens too", async () => {
    const { emulator } = env();
    const token = await emulator.mintToken({ accountId: DEMO.accountId, version: "v1" });
    expect((await call(invokePath(UUID.echo), { token })).status).toBe(200);
  });

  it("keeps accepting tokens of a rotated-out key during its grace period, not after it is retired", async () => {
    const { emulator } = env();
    const before = await emulator.mintToken({ accountId: DEMO.accountId });
    await emulator.rotateKeys();
    expect((await call(invokePath(UUID.echo), { token: before })).status).toBe(200);
    await emulator.rotateKeys({ retirePrevious: true });
    const latest = await emulator.mintToken({ accountId: DEMO.accountId });
    expect((await call(invokePath(UUID.echo), { token: before })).status).toBe(401);
    expect((await call(invokePath(UUID.echo), { token: latest })).status).toBe(200);
    v1Token = (await requestToken(emulator.url, DEMO.accountId, DEMO)).body.access_token as string;
    v2Token = (
      await requestToken(emulator.url, DEMO.v2AccountId, {
        clientId: DEMO.v2ClientId,
        clientSecret: DEMO.v2ClientSecret,
      })
    ).body.access_token as string;
  });
});

describe("invoke by event and isImplemented", () => {
  const eventPath = (eventId: string, account: string = DEMO.accountId) =>
    `/api/account/${account}/events/${eventId}/invoke`;
  const implementedPath = (eventId: string, account: string = DEMO.accountId) =>
    `/api/account/${account}/events/${eventId}/isImplemented`;

  it("runs the event's only lambda and answers its result", async () => {
    const { status, body } = await call(eventPath(DEMO.eventId), {
      body: JSON.stringify({ payload: { hello: "world" }, headers: [] }),
    });
    expect(status).toBe(200);
    expect(body).toEqual({ echo: { hello: "world" }, headers: [] });
  });

  it("runs every lambda of an event, answering their results in order", async () => {
    const { emulator } = env();
    emulator.resetStats();
    const { status, body } = await call(eventPath("two_lambdas_event", DEMO.v2AccountId), asV2());
    expect(status).toBe(202);
    expect(body).toEqual(["A", "B"]);
    const stats = emulator.stats();
    expect(stats.invocations.byEvent).toEqual({ two_lambdas_event: 1 });
    expect(stats.executions.byLambda).toEqual({ [UUID.eventA]: 1, [UUID.eventB]: 1 });
  });

  it("answers 404 for an event without lambdas and 400 for a malformed event id", async () => {
    expect((await call(eventPath("nobody_listens"))).status).toBe(404);
    expect((await call(eventPath("-bad"))).status).toBe(400);
  });

  it("tells whether an event is implemented", async () => {
    expect(await call(implementedPath(DEMO.eventId), { method: "GET" })).toEqual({
      status: 200,
      body: { implemented: true },
    });
    expect(
      await call(implementedPath("nobody_listens", DEMO.v2AccountId), { ...asV2(), method: "GET" }),
    ).toEqual({
      status: 200,
      body: { implemented: false },
    });
    expect((await call(implementedPath(DEMO.eventId), { method: "GET", token: null })).status).toBe(401);
  });

  it("answers 404 for an unknown account once the token is valid for it", async () => {
    const { emulator } = env();
    const token = await emulator.mintToken({ accountId: "55555555" });
    const { status } = await call(implementedPath(DEMO.eventId, "55555555"), { method: "GET", token });
    expect(status).toBe(404);
  });
});

describe("counters", () => {
  it("counts invocations on arrival and executions only when the handler ran", async () => {
    const { emulator } = env();
    emulator.resetStats();
    await call(invokePath(UUID.echo));
    await call(invokePath(UUID.echo), { token: null });
    await call(invokePath(UUID.unknown));
    const { invocations, executions } = emulator.stats();
    expect(invocations.byLambda).toEqual({ [UUID.echo]: 2, [UUID.unknown]: 1 });
    expect(executions).toEqual({ total: 1, byLambda: { [UUID.echo]: 1 } });
  });

  it("lets lambdas be registered and removed while running", async () => {
    const { emulator } = env();
    const uuid = "cccccccc-cccc-4ccc-8ccc-cccccccccccc";
    emulator.registerLambda(uuid, (payload) => ({ late: payload }));
    expect((await call(invokePath(uuid), { body: JSON.stringify({ payload: 1 }) })).body).toEqual({
      late: 1,
    });
    expect(emulator.unregisterLambda(uuid)).toBe(true);
    expect((await call(invokePath(uuid))).status).toBe(404);
  });
});

describe("request size limit", () => {
  const small = useEmulator({ maxBodyBytes: 2_000 });

  it("answers 413 with the gateway's error body to an oversized invocation", async () => {
    const { emulator } = small();
    emulator.resetStats();
    const token = await emulator.mintToken({ accountId: DEMO.accountId });
    const response = await fetch(`${emulator.url}${invokePath(DEMO.lambdaUuid)}?v=1`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ payload: "x".repeat(5_000) }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errorCode: string }).errorCode).toBe(
      "com.liveperson.faas.es.general",
    );
    expect(emulator.stats().executions.total).toBe(0);
  });
});

describe("13.7 names that Object.prototype has", () => {
  // Attack: event ids and account ids such as "constructor" indexed the stats records, which found
  // Object.prototype's members ("function Object() { [native code] }1" as a count).
  it('13.7 events named "toString" | "constructor" | "valueOf" | "hasOwnProperty" | "__proto__" are counted as themselves', async () => {
    const { emulator } = env();
    const names = ["toString", "constructor", "valueOf", "hasOwnProperty", "__proto__"];
    for (const name of names) {
      const { status } = await call(`/api/account/${DEMO.accountId}/events/${name}/invoke`);
      expect(status, name).toBeLessThan(500);
      await call(`/api/account/${name}/service/baseURI.json`, { method: "GET", query: "?version=1.0" });
    }
    const { invocations, domainLookups } = emulator.stats();
    for (const name of names) {
      expect(Object.hasOwn(invocations.byEvent, name), name).toBe(true);
      expect(invocations.byEvent[name], name).toBe(1);
    }
    expect(Object.getPrototypeOf(invocations.byEvent)).toBe(Object.prototype);
    expect(Object.hasOwn(domainLookups.byAccount, "constructor")).toBe(true);
    expect(domainLookups.byAccount.constructor).toBe(1);
  });
});
