import { inspect } from "node:util";
import {
  AbortError,
  type FetchLike,
  FunctionError,
  GatewayError,
  InvalidArgumentError,
  NetworkError,
  TimeoutError,
  UnexpectedResponseError,
} from "@lpkit/core";
import type { Client } from "openapi-fetch";
import { afterEach, describe, expect, expectTypeOf, it, vi } from "vitest";
import { createFaasClient } from "./client.js";
import type { paths } from "./generated/faasgw.js";
import {
  fetchFailed,
  recordingFetch,
  rejection,
  respond,
  thrown,
  untilAborted,
} from "./test-support/responses.js";
import type { AuthHook, FaasClient, FaasClientOptions, InvokeResponse } from "./types.js";

const ACCOUNT = "12345678";
const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const EVENT = "bot_connectors_custom_integration";
const NOW = 1_700_000_000_000;
const V1_HOST = "va.faasgw.liveperson.net";
const V2_HOST = "va.fninvocations.liveperson.net";
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function setup(
  handler: (request: Request, index: number) => Response | Promise<Response> = () =>
    respond(200, { ok: true }),
  options: Partial<FaasClientOptions> = {},
) {
  const recorder = recordingFetch(handler);
  const sleep = vi.fn(async (_ms: number, _signal?: AbortSignal) => {});
  const client = createFaasClient({
    baseUrl: V1_HOST,
    accountId: ACCOUNT,
    fetch: recorder.fetch,
    now: () => NOW,
    sleep,
    ...options,
  });
  return { client, calls: recorder.calls, sleep };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("createFaasClient options", () => {
  const fetch = vi.fn<FetchLike>();

  it.each<[string, Partial<FaasClientOptions>, RegExp]>([
    ["a plain-http public host", { baseUrl: "http://va.faasgw.liveperson.net" }, /baseUrl: plain http/],
    ["a bad account id", { accountId: "12 34" }, /accountId/],
    ["an unknown convention", { convention: "v3" as never }, /convention/],
    ["an empty static token", { auth: "" }, /auth/],
    ["a token with a line break", { auth: "abc\r\nX-Evil: 1" }, /auth/],
    ["a numeric auth", { auth: 5 as never }, /auth/],
    ["a source with a line break", { source: "my\r\ncrm" }, /source/],
    ["an over-long source", { source: "x".repeat(129) }, /source/],
    ["a V2 source that cannot be a header", { source: "crm ✓", convention: "v2" }, /source/],
    ["a negative timeout", { timeoutMs: -1 }, /timeoutMs/],
    ["too many retries", { retry: { maxRetries: 99 } }, /retry\.maxRetries/],
    [
      "the pre-0.2 retry.attempts",
      { retry: { attempts: 2 } as never },
      /retry\.attempts: was renamed: use maxRetries/,
    ],
    ["the removed middleware option (wrap fetch instead)", { middleware: [{}] } as never, /middleware/],
    ["a non-boolean allowInsecureHttp", { allowInsecureHttp: "yes" as never }, /allowInsecureHttp/],
    ["bad headers", { headers: [["a"]] as never }, /headers/],
    ["a zero response bound", { maxResponseBytes: 0 }, /maxResponseBytes/],
    ["a non-function fetch", { fetch: "fetch" as never }, /fetch/],
  ])("rejects %s", (_name, override, message) => {
    const error = thrown(() =>
      createFaasClient({ baseUrl: V1_HOST, accountId: ACCOUNT, fetch, ...override }),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(message);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("rejects a missing options object", () => {
    expect(thrown(() => createFaasClient(undefined as never))).toBeInstanceOf(InvalidArgumentError);
  });

  it("allows plain http for loopback and, when asked, elsewhere", () => {
    expect(() => createFaasClient({ baseUrl: "http://127.0.0.1:4000", accountId: ACCOUNT })).not.toThrow();
    expect(() =>
      createFaasClient({ baseUrl: "http://faas.internal", accountId: ACCOUNT, allowInsecureHttp: true }),
    ).not.toThrow();
  });

  it("detects the convention from the host, and lets an explicit one win", () => {
    expect(createFaasClient({ baseUrl: V1_HOST, accountId: ACCOUNT }).convention).toBe("v1");
    expect(createFaasClient({ baseUrl: `https://${V2_HOST}`, accountId: ACCOUNT }).convention).toBe("v2");
    expect(createFaasClient({ baseUrl: V2_HOST, accountId: ACCOUNT, convention: "v1" }).convention).toBe(
      "v1",
    );
  });
});

describe("invoke: request shape", () => {
  it("V1: POST to the lambda path with v=1 and externalSystem, JSON envelope, request id", async () => {
    const { client, calls } = setup(() => respond(200, { greeting: "hi" }));
    const result = await client.invoke(LAMBDA, { name: "Jane" }, { headers: { "x-corr": "42" } });

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call?.method).toBe("POST");
    expect(`${call?.url.origin}${call?.url.pathname}`).toBe(
      `https://${V1_HOST}/api/account/${ACCOUNT}/lambdas/${LAMBDA}/invoke`,
    );
    expect(call?.url.search).toBe("?v=1&externalSystem=lpkit");
    expect(call?.headers.get("content-type")).toBe("application/json");
    expect(call?.headers.get("accept")).toBe("application/json");
    expect(call?.headers.has("lp-eventsource")).toBe(false);
    expect(call?.headers.has("authorization")).toBe(false);
    expect(call?.headers.get("x-request-id")).toMatch(UUID_RE);
    expect(JSON.parse(call?.body ?? "")).toEqual({
      timestamp: NOW,
      headers: [{ key: "x-corr", value: "42" }],
      payload: { name: "Jane" },
    });
    expect(result).toEqual({
      data: { greeting: "hi" },
      status: 200,
      requestId: call?.headers.get("x-request-id"),
    });
  });

  it("V1: sends userId and skillId, a custom source, and an explicit timestamp 0", async () => {
    const { client, calls } = setup(undefined, { source: "my-crm" });
    await client.invoke(LAMBDA, {}, { userId: "crm user", skillId: "1234567890", timestamp: 0 });
    const params = calls[0]?.url.searchParams;
    expect(params?.get("v")).toBe("1");
    expect(params?.get("externalSystem")).toBe("my-crm");
    expect(params?.get("userId")).toBe("crm user");
    expect(params?.get("skillId")).toBe("1234567890");
    expect(JSON.parse(calls[0]?.body ?? "").timestamp).toBe(0);
  });

  it("V2: no v or externalSystem; the source goes in LP-EventSource", async () => {
    const { client, calls } = setup(() => respond(202, { result: "ok" }), {
      baseUrl: V2_HOST,
      source: "my-crm",
    });
    expect(client.convention).toBe("v2");
    const result = await client.invoke(LAMBDA, [1, 2], { userId: "u1", skillId: "s1" });
    const call = calls[0];
    expect(call?.url.host).toBe(V2_HOST);
    expect(call?.url.search).toBe("?userId=u1&skillId=s1");
    expect(call?.headers.get("lp-eventsource")).toBe("my-crm");
    expect(JSON.parse(call?.body ?? "")).toEqual({ timestamp: NOW, headers: [], payload: [1, 2] });
    expect(result.status).toBe(202);
    expect(result.data).toEqual({ result: "ok" });
  });

  it("V2 forced on any host; V1 forced on a V2 host", async () => {
    const forcedV2 = setup(undefined, { convention: "v2" });
    await forcedV2.client.invoke(LAMBDA, {});
    expect(forcedV2.calls[0]?.url.search).toBe("");
    expect(forcedV2.calls[0]?.headers.get("lp-eventsource")).toBe("lpkit");
    const forcedV1 = setup(undefined, { baseUrl: V2_HOST, convention: "v1" });
    await forcedV1.client.invoke(LAMBDA, {});
    expect(forcedV1.calls[0]?.url.search).toBe("?v=1&externalSystem=lpkit");
  });

  it("sends the client-wide headers", async () => {
    const { client, calls } = setup(undefined, { headers: [["User-Agent", "my-app/1.0"]] });
    await client.invoke(LAMBDA, {});
    expect(calls[0]?.headers.get("user-agent")).toBe("my-app/1.0");
  });
});

describe("invoke: Authorization", () => {
  it("adds Bearer to a static token, or keeps it", async () => {
    const bare = setup(undefined, { auth: "tok-123" });
    await bare.client.invoke(LAMBDA, {});
    expect(bare.calls[0]?.headers.get("authorization")).toBe("Bearer tok-123");
    const full = setup(undefined, { auth: "Bearer tok-456" });
    await full.client.invoke(LAMBDA, {});
    expect(full.calls[0]?.headers.get("authorization")).toBe("Bearer tok-456");
  });

  it("asks the hook once per attempt, with a signal", async () => {
    let n = 0;
    const hook = vi.fn<AuthHook>(async () => `Bearer token-${++n}`);
    const { client, calls } = setup(
      (_request, index) =>
        index === 0 ? respond(429, "", { headers: { "retry-after": "0" } }) : respond(200, {}),
      { auth: hook },
    );
    await client.invoke(LAMBDA, {});
    expect(hook).toHaveBeenCalledTimes(2);
    expect(hook.mock.calls[0]?.[0].signal).toBeInstanceOf(AbortSignal);
    expect(calls.map((c) => c.headers.get("authorization"))).toEqual(["Bearer token-1", "Bearer token-2"]);
  });

  it("propagates a hook's own error unchanged, before any request", async () => {
    const failure = new Error("token store offline");
    const { client, calls } = setup(undefined, { auth: async () => Promise.reject(failure) });
    expect(await rejection(client.invoke(LAMBDA, {}))).toBe(failure);
    expect(calls).toHaveLength(0);
  });

  it("does not show a static token when the client is printed", () => {
    const { client } = setup(undefined, { auth: "static-token-abc" });
    expect(inspect(client, { depth: 10, showHidden: true })).not.toContain("static-token-abc");
    expect(JSON.stringify(client)).not.toContain("static-token-abc");
  });

  it("never puts the Authorization value in errors, messages, JSON or inspect output", async () => {
    const secret = "s3cr3t-token-value-123";
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJsZTEifQ.c2lnbmF0dXJlLXBhcnQ";
    for (const [auth, headers] of [
      [secret, undefined],
      [undefined, { authorization: secret }],
      [jwt, undefined],
    ] as const) {
      const { client } = setup(
        (request) =>
          respond(400, `<pre>echo: ${request.headers.get("authorization")}</pre>`, {
            headers: { "content-type": "text/html" },
          }),
        { auth, headers },
      );
      const error = await rejection(client.invoke(LAMBDA, {}));
      expect(error).toBeInstanceOf(GatewayError);
      const shown = [
        String(error),
        (error as Error).stack,
        JSON.stringify(error),
        inspect(error, { depth: 5 }),
      ].join("\n");
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(jwt);
      expect(shown).toContain("[REDACTED]");
    }
  });
});

describe("invokeEvent and isImplemented", () => {
  it("invokeEvent posts to the event path with the same conventions", async () => {
    const { client, calls } = setup(() => respond(200, { handled: true }));
    const result = await client.invokeEvent<{ handled: boolean }>(EVENT, { a: 1 }, { skillId: "77" });
    expect(calls[0]?.method).toBe("POST");
    expect(calls[0]?.url.pathname).toBe(`/api/account/${ACCOUNT}/events/${EVENT}/invoke`);
    expect(calls[0]?.url.search).toBe("?v=1&externalSystem=lpkit&skillId=77");
    expect(JSON.parse(calls[0]?.body ?? "")).toEqual({ timestamp: NOW, headers: [], payload: { a: 1 } });
    expect(result.data.handled).toBe(true);
  });

  it("isImplemented: V1 GET with v, externalSystem, skillId, userId; no body", async () => {
    const { client, calls } = setup(() => respond(200, { implemented: true }));
    await expect(client.isImplemented(EVENT, { skillId: "9", userId: "u" })).resolves.toBe(true);
    expect(calls[0]?.method).toBe("GET");
    expect(calls[0]?.url.pathname).toBe(`/api/account/${ACCOUNT}/events/${EVENT}/isImplemented`);
    expect(calls[0]?.url.search).toBe("?v=1&externalSystem=lpkit&userId=u&skillId=9");
    expect(calls[0]?.body).toBe("");
    expect(calls[0]?.headers.has("content-type")).toBe(false);
  });

  it("isImplemented: V2 sends only userId/skillId and LP-EventSource", async () => {
    const { client, calls } = setup(() => respond(200, { implemented: false }), { baseUrl: V2_HOST });
    await expect(client.isImplemented(EVENT, { skillId: "9" })).resolves.toBe(false);
    expect(calls[0]?.url.search).toBe("?skillId=9");
    expect(calls[0]?.headers.get("lp-eventsource")).toBe("lpkit");
  });

  it("isImplemented: a body without a boolean `implemented` is an UnexpectedResponseError", async () => {
    for (const body of [{ implemented: "yes" }, {}, [true], "true"]) {
      const { client } = setup(() => respond(200, body));
      const error = await rejection(client.isImplemented(EVENT));
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect((error as UnexpectedResponseError).status).toBe(200);
    }
  });

  it("isImplemented: errors are typed too", async () => {
    const { client } = setup(() => respond(403, { code: "com.liveperson.faas.evg.general", message: "no" }));
    const error = await rejection(client.isImplemented(EVENT));
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).status).toBe(403);
  });
});

describe("bad arguments never reach the network", () => {
  const cases: [string, (client: FaasClient) => Promise<unknown>, RegExp][] = [
    ["a non-UUID lambda id", (c) => c.invoke("not-a-uuid", {}), /lambdaUuid/],
    ["a lambda id with a path", (c) => c.invoke(`${LAMBDA}/../x`, {}), /lambdaUuid/],
    ["a non-string lambda id", (c) => c.invoke(42 as never, {}), /lambdaUuid/],
    ["a missing payload", (c) => c.invoke(LAMBDA, undefined), /payload/],
    ["a BigInt payload", (c) => c.invoke(LAMBDA, { n: 1n }), /payload/],
    ["a negative timestamp", (c) => c.invoke(LAMBDA, {}, { timestamp: -5 }), /timestamp/],
    ["a userId with a newline", (c) => c.invoke(LAMBDA, {}, { userId: "a\nb" }), /userId/],
    ["a skillId with a lone surrogate", (c) => c.invoke(LAMBDA, {}, { skillId: "a\uD800" }), /skillId/],
    ["a userId with a lone surrogate", (c) => c.isImplemented(EVENT, { userId: "\uDC00" }), /userId/],
    ["a bad per-call timeout", (c) => c.invoke(LAMBDA, {}, { timeoutMs: Number.NaN }), /timeoutMs/],
    ["bad invocation headers", (c) => c.invoke(LAMBDA, {}, { headers: { a: 1 } as never }), /headers/],
    ["a bad event id", (c) => c.invokeEvent("../admin", {}), /eventId/],
    ["an empty event id", (c) => c.isImplemented(""), /eventId/],
    ["a bad isImplemented userId", (c) => c.isImplemented(EVENT, { userId: "x".repeat(300) }), /userId/],
  ];

  it.each(cases)("%s", async (_name, call, message) => {
    const fetch = vi.fn<FetchLike>();
    const client = createFaasClient({ baseUrl: V1_HOST, accountId: ACCOUNT, fetch });
    const error = await rejection(call(client));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(message);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("an oversized payload is refused before sending", async () => {
    const fetch = vi.fn<FetchLike>();
    const client = createFaasClient({ baseUrl: V1_HOST, accountId: ACCOUNT, fetch, maxRequestBytes: 100 });
    expect(await rejection(client.invoke(LAMBDA, { blob: "x".repeat(200) }))).toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(fetch).not.toHaveBeenCalled();
  });
});

describe("responses", () => {
  it("an empty 2xx body gives data undefined", async () => {
    const { client } = setup(() => respond(202));
    await expect(client.invoke(LAMBDA, {})).resolves.toMatchObject({ data: undefined, status: 202 });
    const noContent = setup(() => respond(204));
    await expect(noContent.client.invoke(LAMBDA, {})).resolves.toMatchObject({
      data: undefined,
      status: 204,
    });
  });

  it("JSON null and primitives come through", async () => {
    for (const value of [null, 0, "done", false]) {
      const { client } = setup(() =>
        respond(200, JSON.stringify(value), { headers: { "content-type": "application/json" } }),
      );
      expect((await client.invoke(LAMBDA, {})).data).toEqual(value);
    }
  });

  it("a 2xx body that is not JSON is an UnexpectedResponseError with a snippet", async () => {
    const { client } = setup(() =>
      respond(200, "<html>hello</html>", { headers: { "content-type": "text/html" } }),
    );
    const error = await rejection(client.invoke(LAMBDA, {}));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).bodySnippet).toBe("<html>hello</html>");
    expect((error as UnexpectedResponseError).requestId).toMatch(UUID_RE);
  });

  it("bounds the response body", async () => {
    const { client } = setup(() => respond(200, { big: "x".repeat(2_000) }), { maxResponseBytes: 1_000 });
    const error = await rejection(client.invoke(LAMBDA, {}));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toMatch(/1000-byte limit/);
    const chunked = setup(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              controller.enqueue(new Uint8Array(600));
            },
          }),
        ),
      { maxResponseBytes: 1_000 },
    );
    expect(await rejection(chunked.client.invoke(LAMBDA, {}))).toBeInstanceOf(UnexpectedResponseError);
  });

  it("a 901 is a FunctionError, also when the response is a plain object shaped like a Response", async () => {
    const body = JSON.stringify({
      code: "com.customer.faas.function.threw-error",
      message: "something wrong",
    });
    const quack = {
      status: 901,
      ok: false,
      statusText: "",
      headers: new Headers({ "content-type": "application/json" }),
      body: new Response(body).body,
    } as unknown as Response;
    for (const make of [() => respond(901, JSON.parse(body)), () => quack]) {
      const { client } = setup(make);
      const error = await rejection(client.invoke(LAMBDA, {}));
      expect(error).toBeInstanceOf(FunctionError);
      expect(error).toMatchObject({ status: 901, errorCode: "com.customer.faas.function.threw-error" });
    }
  });

  it(".raw is a plain openapi-fetch client: same base URL, fetch and headers, no auth added", async () => {
    const { client, calls } = setup(() => respond(200, { implemented: true }), {
      auth: "raw-token",
      headers: { "X-Tenant": "t1" },
    });
    const { data, response } = await client.raw.GET(
      "/api/account/{accountId}/events/{eventId}/isImplemented",
      {
        params: { path: { accountId: ACCOUNT, eventId: EVENT }, query: { v: "1" } },
      },
    );
    expect(response.status).toBe(200);
    expect(data).toEqual({ implemented: true });
    expect(calls[0]?.url.href).toBe(
      `https://${V1_HOST}/api/account/${ACCOUNT}/events/${EVENT}/isImplemented?v=1`,
    );
    expect(calls[0]?.headers.get("x-tenant")).toBe("t1");
    // The documented contract: `auth` applies to the client's own calls, not to raw ones.
    expect(calls[0]?.headers.get("authorization")).toBeNull();
  });
});

describe("retry policy", () => {
  it("retries a connection that was never established, then succeeds", async () => {
    const { client, calls, sleep } = setup((_r, index) => {
      if (index < 2) {
        throw fetchFailed("ECONNREFUSED");
      }
      return respond(200, { ok: 1 });
    });
    const result = await client.invoke(LAMBDA, {});
    expect(result.data).toEqual({ ok: 1 });
    expect(calls).toHaveLength(3);
    expect(sleep.mock.calls.map((c) => c[0])).toEqual([200, 400]);
    // One logical call: the same request id on every attempt.
    expect(new Set(calls.map((c) => c.headers.get("x-request-id"))).size).toBe(1);
    expect(result.requestId).toBe(calls[0]?.headers.get("x-request-id"));
  });

  it("gives up after the configured attempts with a connect NetworkError", async () => {
    const { client, calls } = setup(
      () => {
        throw fetchFailed("ENOTFOUND");
      },
      { retry: { maxRetries: 3 } },
    );
    const error = await rejection(client.invoke(LAMBDA, {}));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).phase).toBe("connect");
    expect(calls).toHaveLength(4);
  });

  it("maxRetries: 0 turns retries off", async () => {
    const { client, calls } = setup(
      () => {
        throw fetchFailed("ECONNREFUSED");
      },
      { retry: { maxRetries: 0 } },
    );
    expect(await rejection(client.invoke(LAMBDA, {}))).toBeInstanceOf(NetworkError);
    expect(calls).toHaveLength(1);
  });

  it("retries 429 after Retry-After (seconds or HTTP date)", async () => {
    const { client, calls, sleep } = setup((_r, index) => {
      if (index === 0) {
        return respond(
          429,
          { code: "com.liveperson.faas.evg.general", message: "slow down" },
          { headers: { "retry-after": "2" } },
        );
      }
      if (index === 1) {
        return respond(429, "", { headers: { "retry-after": new Date(NOW + 3_000).toUTCString() } });
      }
      return respond(202, { ok: true });
    });
    await expect(client.invoke(LAMBDA, {})).resolves.toMatchObject({ status: 202 });
    expect(calls).toHaveLength(3);
    expect(sleep.mock.calls.map((c) => c[0])).toEqual([2_000, 3_000]);
  });

  it("does not retry a 429 whose Retry-After exceeds maxRetryAfterMs, and reports it", async () => {
    const { client, calls, sleep } = setup(() => respond(429, "", { headers: { "retry-after": "60" } }));
    const error = await rejection(client.invoke(LAMBDA, {}));
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as GatewayError).retryAfterMs).toBe(60_000);
    expect(calls).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it("bounds 429 retries too", async () => {
    const { client, calls } = setup(() =>
      respond(429, { errorCode: "com.liveperson.faas.es.general", errorMsg: "x" }),
    );
    const error = await rejection(client.invoke(LAMBDA, {}));
    expect(error).toMatchObject({ status: 429, errorCode: "com.liveperson.faas.es.general" });
    expect(calls).toHaveLength(3);
  });

  it.each([
    ["a reset after the request was sent", () => Promise.reject(fetchFailed("ECONNRESET")), NetworkError],
    ["an unknown fetch failure", () => Promise.reject(new TypeError("fetch failed")), NetworkError],
    [
      "a 500",
      () => respond(500, { errorCode: "com.liveperson.faas.es.general", errorMsg: "x" }),
      GatewayError,
    ],
    ["a 502 HTML page", () => respond(502, "<html>bad gateway</html>"), GatewayError],
    ["a 504 empty body", () => respond(504), GatewayError],
    ["a 408", () => respond(408, ""), GatewayError],
    [
      "a 901",
      () => respond(901, { code: "com.customer.faas.function.execution-exceeded", message: "x" }),
      FunctionError,
    ],
  ] as const)("does not retry %s", async (_name, answer, type) => {
    const { client, calls, sleep } = setup(answer as () => Response);
    expect(await rejection(client.invoke(LAMBDA, {}))).toBeInstanceOf(type);
    expect(calls).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it("does not retry after a timeout", async () => {
    vi.useFakeTimers();
    const { client, calls } = setup((request) => untilAborted(request.signal), { timeoutMs: 1_000 });
    const pending = rejection(client.invoke(LAMBDA, {}));
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(1_000);
    expect(calls).toHaveLength(1);
  });

  it("idempotent: true (client or call) also retries a reset, a 503 and a timeout after sending", async () => {
    const { client, calls, sleep } = setup(
      (_r, index) => {
        if (index === 0) {
          throw fetchFailed("ECONNRESET");
        }
        if (index === 1) {
          return respond(503, "", { headers: { "retry-after": "1" } });
        }
        return respond(200, { ok: 3 });
      },
      { retry: { idempotent: true } },
    );
    await expect(client.invoke(LAMBDA, {})).resolves.toMatchObject({ data: { ok: 3 } });
    expect(calls).toHaveLength(3);
    expect(sleep.mock.calls.map((c) => c[0])).toEqual([200, 1_000]);
    // The same request id on every attempt: the gateway can tell it is one logical call.
    expect(new Set(calls.map((c) => c.headers.get("x-request-id"))).size).toBe(1);

    vi.useFakeTimers();
    const slow = setup((request, index) => (index === 0 ? untilAborted(request.signal) : respond(200, {})));
    const pending = slow.client.invoke(LAMBDA, {}, { idempotent: true, timeoutMs: 100 });
    await vi.advanceTimersByTimeAsync(100);
    await expect(pending).resolves.toMatchObject({ status: 200 });
    expect(slow.calls).toHaveLength(2);
  });

  it("idempotent: false on a call overrides the client's opt-in; a 901 is never retried", async () => {
    const { client, calls } = setup(() => Promise.reject(fetchFailed("ECONNRESET")), {
      retry: { idempotent: true },
    });
    expect(await rejection(client.invoke(LAMBDA, {}, { idempotent: false }))).toBeInstanceOf(NetworkError);
    expect(calls).toHaveLength(1);
    const failing = setup(() => respond(901, { code: "com.customer.faas.function.threw-error" }), {
      retry: { idempotent: true },
    });
    expect(await rejection(failing.client.invokeEvent(EVENT, {}))).toBeInstanceOf(FunctionError);
    expect(failing.calls).toHaveLength(1);
  });

  it("idempotent must be a boolean, checked before sending", async () => {
    const { client, calls } = setup();
    const error = await rejection(client.invoke(LAMBDA, {}, { idempotent: "yes" as never }));
    expect(error).toMatchObject({ code: "ERR_INVALID_ARGUMENT", argument: "idempotent" });
    expect(calls).toHaveLength(0);
    expect(thrown(() => setup(undefined, { retry: { idempotent: 1 as never } }))).toMatchObject({
      argument: "retry.idempotent",
    });
  });

  it("isImplemented (a GET that runs no function) retries a reset and a 502 without opting in", async () => {
    const { client, calls } = setup((_r, index) => {
      if (index === 0) {
        throw fetchFailed("ECONNRESET");
      }
      return index === 1 ? respond(502, "<html>bad gateway</html>") : respond(200, { implemented: true });
    });
    await expect(client.isImplemented(EVENT)).resolves.toBe(true);
    expect(calls).toHaveLength(3);
  });

  it("stops waiting for a retry when the caller aborts", async () => {
    const controller = new AbortController();
    const { client, calls, sleep } = setup(() => {
      throw fetchFailed("ECONNREFUSED");
    });
    sleep.mockImplementation(async () => controller.abort());
    expect(await rejection(client.invoke(LAMBDA, {}, { signal: controller.signal }))).toBeInstanceOf(
      AbortError,
    );
    expect(calls).toHaveLength(1);
  });
});

describe("timeouts and aborts", () => {
  it("the per-call timeout overrides the client's", async () => {
    vi.useFakeTimers();
    const { client } = setup((request) => untilAborted(request.signal), { timeoutMs: 60_000 });
    const pending = rejection(client.invoke(LAMBDA, {}, { timeoutMs: 50 }));
    await vi.advanceTimersByTimeAsync(50);
    expect(await pending).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: 50 });
  });

  it("defaults to 35 s", async () => {
    vi.useFakeTimers();
    const { client } = setup((request) => untilAborted(request.signal));
    let settled = false;
    const pending = rejection(client.invoke(LAMBDA, {})).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(34_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toBeInstanceOf(TimeoutError);
  });

  it("a timeout while the body is still arriving is a TimeoutError", async () => {
    vi.useFakeTimers();
    const { client } = setup(
      (request) =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('{"partial":'));
              request.signal.addEventListener("abort", () => controller.error(request.signal.reason));
            },
          }),
          { status: 200 },
        ),
      { timeoutMs: 100 },
    );
    const pending = rejection(client.invoke(LAMBDA, {}));
    await vi.advanceTimersByTimeAsync(100);
    expect(await pending).toBeInstanceOf(TimeoutError);
  });

  it("the caller's signal aborts an in-flight call with an AbortError", async () => {
    const controller = new AbortController();
    const { client, calls } = setup((request) => {
      queueMicrotask(() => controller.abort());
      return untilAborted(request.signal);
    });
    expect(await rejection(client.invoke(LAMBDA, {}, { signal: controller.signal }))).toBeInstanceOf(
      AbortError,
    );
    expect(calls).toHaveLength(1);
  });

  it("an already-aborted signal ends isImplemented with an AbortError", async () => {
    const controller = new AbortController();
    controller.abort();
    const { client } = setup((request) => untilAborted(request.signal));
    expect(await rejection(client.isImplemented(EVENT, { signal: controller.signal }))).toBeInstanceOf(
      AbortError,
    );
  });

  it("a hook that gives up with an AbortError when the deadline fires is reported as a TimeoutError", async () => {
    vi.useFakeTimers();
    // Like @lpkit/auth's token manager: its wait for a token ends with AbortError when the signal fires.
    const waitingHook: AuthHook = ({ signal }) =>
      new Promise((_, reject) =>
        signal?.addEventListener("abort", () => reject(new AbortError("the wait was aborted")), {
          once: true,
        }),
      );
    const { client, calls } = setup(undefined, { timeoutMs: 200, auth: waitingHook });
    const pending = rejection(client.invoke(LAMBDA, {}));
    await vi.advanceTimersByTimeAsync(200);
    expect(await pending).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: 200 });
    expect(calls).toHaveLength(0);
    // The caller's own abort stays an AbortError.
    const controller = new AbortController();
    const aborted = rejection(client.invoke(LAMBDA, {}, { signal: controller.signal }));
    controller.abort();
    expect(await aborted).toBeInstanceOf(AbortError);
  });

  it("times out on time even when fetch, or the body, ignores the signal", async () => {
    vi.useFakeTimers();
    const deaf = setup(() => new Promise<Response>(() => {}), { timeoutMs: 100 });
    const pending = rejection(deaf.client.invoke(LAMBDA, {}));
    await vi.advanceTimersByTimeAsync(100);
    expect(await pending).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: 100 });
    const endless = setup(
      () =>
        new Response(new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) }), { status: 200 }),
      { timeoutMs: 100 },
    );
    const body = rejection(endless.client.isImplemented(EVENT));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await body).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: 100 });
  });

  it("an auth hook that hangs is cut off by the deadline", async () => {
    vi.useFakeTimers();
    const { client, calls } = setup(undefined, {
      timeoutMs: 200,
      auth: ({ signal }) => untilAborted(signal as AbortSignal),
    });
    const pending = rejection(client.invoke(LAMBDA, {}));
    await vi.advanceTimersByTimeAsync(200);
    expect(await pending).toBeInstanceOf(TimeoutError);
    expect(calls).toHaveLength(0);
  });
});

describe("types", () => {
  it("invoke<TResult> types data; defaults to unknown", () => {
    const client = createFaasClient({ baseUrl: V1_HOST, accountId: ACCOUNT, fetch: vi.fn<FetchLike>() });
    expectTypeOf(client.invoke<{ greeting: string }>).returns.toEqualTypeOf<
      Promise<InvokeResponse<{ greeting: string }>>
    >();
    expectTypeOf(client.invoke).returns.toEqualTypeOf<Promise<InvokeResponse<unknown>>>();
    expectTypeOf(client.invokeEvent<number[]>).returns.toEqualTypeOf<Promise<InvokeResponse<number[]>>>();
    expectTypeOf(client.isImplemented).returns.toEqualTypeOf<Promise<boolean>>();
    expectTypeOf(client.raw).toEqualTypeOf<Client<paths>>();
    expectTypeOf(client.convention).toEqualTypeOf<"v1" | "v2">();
    expectTypeOf<InvokeResponse<string>>().toEqualTypeOf<{
      data: string;
      status: number;
      requestId: string;
    }>();
    expectTypeOf<AuthHook>().toEqualTypeOf<
      (context: { signal?: AbortSignal | undefined }) => Promise<string>
    >();
    // The middleware option is gone (wrap `fetch` instead).
    expectTypeOf<FaasClientOptions>().not.toHaveProperty("middleware");
  });
});
