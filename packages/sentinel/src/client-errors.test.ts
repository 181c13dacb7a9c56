import { inspect } from "node:util";
import {
  AbortError,
  InvalidArgumentError,
  JwksFetchError,
  JwtMalformedError,
  NetworkError,
  TimeoutError,
  TokenRequestError,
  UnexpectedResponseError,
} from "@lpkit/core";
import { DEFAULT_TIMEOUT_MS } from "@lpkit/core/internal";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createSentinelClient, MAX_JWKS_BODY_BYTES, MAX_TOKEN_BODY_BYTES } from "./client.js";
import {
  ACCOUNT_ID,
  BASE_URL,
  CLIENT_ID,
  hangingFetch,
  json,
  makeJwt,
  recordingFetch,
  SECRET,
  SEED_TOKEN,
} from "./test-support/fixtures.js";
import type { SentinelTokenRequest } from "./types.js";

/** Every error the failure tests below produce; the last test checks none of them leaks. */
const thrown: unknown[] = [];

/** A token Sentinel "returned" in failing 2xx answers; it must not leak either. */
const LEAKY_TOKEN = makeJwt({ aud: ACCOUNT_ID, exp: 1_800_000_000, secret_marker: "tok" });
const OPAQUE_TOKEN = "opaque-token-value-9f8e7d6c5b4a";

const request: SentinelTokenRequest = {
  accountId: ACCOUNT_ID,
  clientId: CLIENT_ID,
  clientSecret: SECRET,
  version: "v2",
};

async function failure(promise: Promise<unknown>): Promise<unknown> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "the call should have failed").toBeDefined();
  thrown.push(error);
  return error;
}

function clientAnswering(respond: () => Response | Promise<Response>, now = () => 1_700_000_000_000) {
  return createSentinelClient({ baseUrl: BASE_URL, fetch: recordingFetch(respond).fetch, now });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("error statuses → TokenRequestError", () => {
  it.each([
    [400, { error: "invalid_request", error_description: "Missing client_id" }, false],
    [401, { error: "invalid_client", error_description: "Client authentication failed" }, false],
    [403, { error: "access_denied" }, false],
    [429, { error: "too_many_requests" }, true],
    [500, { error: "server_error" }, true],
    [503, { error: "temporarily_unavailable", error_description: "later" }, true],
  ])("HTTP %i with an OAuth body", async (status, body, retryable) => {
    const error = await failure(clientAnswering(() => json(body, { status })).requestToken(request));
    expect(error).toBeInstanceOf(TokenRequestError);
    const e = error as TokenRequestError;
    expect(e.code).toBe("ERR_TOKEN_REQUEST");
    expect(e.status).toBe(status);
    expect(e.error).toBe(body.error);
    expect(e.errorDescription).toBe("error_description" in body ? body.error_description : undefined);
    expect(e.retryable).toBe(retryable);
    expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(e.message).toContain(`HTTP ${status}`);
    expect(e.message).toContain(body.error);
  });

  it("reads Retry-After in seconds and as an HTTP date", async () => {
    const now = Date.parse("2025-01-01T00:00:00Z");
    const seconds = await failure(
      clientAnswering(
        () => json({}, { status: 429, headers: { "Retry-After": "7" } }),
        () => now,
      ).requestToken(request),
    );
    expect((seconds as TokenRequestError).retryAfterMs).toBe(7_000);
    const date = await failure(
      clientAnswering(
        () =>
          new Response("busy", { status: 503, headers: { "Retry-After": "Wed, 01 Jan 2025 00:00:30 GMT" } }),
        () => now,
      ).requestToken(request),
    );
    expect((date as TokenRequestError).retryAfterMs).toBe(30_000);
    const none = await failure(clientAnswering(() => json({}, { status: 500 })).requestToken(request));
    expect((none as TokenRequestError).retryAfterMs).toBeUndefined();
  });

  it.each([
    ["an HTML page", 502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "502 Bad Gateway"],
    ["an empty body", 503, "", undefined],
    ["plain text", 401, "Unauthorized", "Unauthorized"],
    ["a JSON array", 400, "[1,2]", "[1,2]"],
    ["JSON without OAuth members", 400, '{"message":"nope"}', "nope"],
  ])("non-OAuth bodies (%s) still give a TokenRequestError", async (_name, status, body, inMessage) => {
    const error = await failure(clientAnswering(() => new Response(body, { status })).requestToken(request));
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).status).toBe(status);
    expect((error as TokenRequestError).error).toBeUndefined();
    if (inMessage) {
      expect((error as Error).message).toContain(inMessage);
    }
  });

  it("does not follow redirects (the secret would be re-posted)", async () => {
    const server = recordingFetch(
      () => new Response(null, { status: 307, headers: { Location: "https://evil.test/" } }),
    );
    const client = createSentinelClient({ baseUrl: BASE_URL, fetch: server.fetch });
    const error = await failure(client.requestToken(request));
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as Error).message).toContain("redirects are not followed");
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0]?.redirect).toBe("manual");
  });

  it("a browser's opaque redirect (status 0) is a TokenRequestError too", async () => {
    const error = await failure(clientAnswering(() => Response.error()).requestToken(request));
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).status).toBe(0);
    expect((error as TokenRequestError).retryable).toBe(false);
    expect((error as Error).message).toContain("redirects are not followed");
  });

  it("an oversized error body still gives the status", async () => {
    const big = "x".repeat(MAX_TOKEN_BODY_BYTES + 1);
    const error = await failure(
      clientAnswering(() => new Response(big, { status: 500 })).requestToken(request),
    );
    expect(error).toBeInstanceOf(TokenRequestError);
    expect((error as TokenRequestError).retryable).toBe(true);
    expect((error as Error).message).toContain("size limit");
  });
});

describe("2xx answers that are not a token → UnexpectedResponseError", () => {
  it.each([
    [
      "HTML",
      () => new Response("<html>maintenance</html>", { headers: { "content-type": "text/html" } }),
      "not JSON",
    ],
    ["malformed JSON", () => new Response('{"access_token": "eyJ', { status: 200 }), "not JSON"],
    ["an empty body", () => new Response("", { status: 200 }), "not JSON"],
    ["a JSON string", () => json("token"), "not a JSON object"],
    ["no access_token", () => json({ token_type: "Bearer" }), 'no "access_token"'],
    ["an empty access_token", () => json({ access_token: "", token_type: "Bearer" }), 'no "access_token"'],
    ["a numeric access_token", () => json({ access_token: 42, token_type: "Bearer" }), 'no "access_token"'],
    ["no token_type", () => json({ access_token: LEAKY_TOKEN }), 'no "token_type"'],
    ["token_type mac", () => json({ access_token: LEAKY_TOKEN, token_type: "mac" }), "not Bearer"],
    [
      "an opaque access_token",
      () => json({ access_token: OPAQUE_TOKEN, token_type: "Bearer" }),
      "not a decodable JWT",
    ],
    [
      "a JWT with a bad exp",
      () => json({ access_token: makeJwt({ exp: "tomorrow" }), token_type: "Bearer" }),
      "not a decodable JWT",
    ],
    ["a 204", () => new Response(null, { status: 204 }), "not JSON"],
  ])("%s", async (_name, respond, why) => {
    const error = await failure(clientAnswering(respond).requestToken(request));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    const e = error as UnexpectedResponseError;
    expect(e.code).toBe("ERR_UNEXPECTED_RESPONSE");
    expect(e.status).toBeGreaterThanOrEqual(200);
    expect(e.status).toBeLessThan(300);
    expect(e.message).toContain(why);
    expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps the JwtMalformedError as the cause of an undecodable token", async () => {
    const error = await failure(
      clientAnswering(() => json({ access_token: OPAQUE_TOKEN, token_type: "Bearer" })).requestToken(request),
    );
    expect((error as Error).cause).toBeInstanceOf(JwtMalformedError);
    expect((error as UnexpectedResponseError).bodySnippet).toContain("[REDACTED]");
  });

  it("gives a body snippet for HTML", async () => {
    const error = await failure(
      clientAnswering(() => new Response("<html>maintenance</html>", { status: 200 })).requestToken(request),
    );
    expect((error as UnexpectedResponseError).bodySnippet).toBe("<html>maintenance</html>");
  });

  it("refuses an oversized body without reading it all", async () => {
    const big = JSON.stringify({
      access_token: SEED_TOKEN,
      token_type: "Bearer",
      pad: "x".repeat(MAX_TOKEN_BODY_BYTES),
    });
    const error = await failure(clientAnswering(() => new Response(big)).requestToken(request));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as Error).message).toContain("size limit");
  });
});

describe("transport failures", () => {
  it("a refused connection is a NetworkError in the connect phase, without the original error", async () => {
    const cause = Object.assign(new Error(`connect ECONNREFUSED while sending client_secret=${SECRET}`), {
      code: "ECONNREFUSED",
    });
    const client = createSentinelClient({
      baseUrl: BASE_URL,
      fetch: async () => {
        throw new TypeError(`fetch failed for body client_secret=${encodeURIComponent(SECRET)}`, { cause });
      },
    });
    const error = await failure(client.requestToken(request));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).phase).toBe("connect");
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect((error as Error).cause).toBeUndefined();
  });

  it("a reset connection is a NetworkError of unknown phase", async () => {
    const client = createSentinelClient({
      baseUrl: BASE_URL,
      fetch: async () => {
        throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });
      },
    });
    const error = await failure(client.requestToken(request));
    expect((error as NetworkError).phase).toBe("unknown");
  });

  it("times out after timeoutMs (TimeoutError)", async () => {
    vi.useFakeTimers();
    const client = createSentinelClient({ baseUrl: BASE_URL, fetch: hangingFetch(), timeoutMs: 2_000 });
    const pending = failure(client.requestToken(request));
    await vi.advanceTimersByTimeAsync(2_000);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(2_000);
  });

  it("times out after the default 10 s when no timeout is given", async () => {
    vi.useFakeTimers();
    const client = createSentinelClient({ baseUrl: BASE_URL, fetch: hangingFetch() });
    let settled = false;
    const pending = failure(client.getJwks()).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(DEFAULT_TIMEOUT_MS - 1);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await pending).toBeInstanceOf(TimeoutError);
  });

  it("maps a runtime's generic AbortError on timeout to TimeoutError", async () => {
    vi.useFakeTimers();
    const client = createSentinelClient({
      baseUrl: BASE_URL,
      timeoutMs: 50,
      fetch: (req) =>
        new Promise((_resolve, reject) => {
          req.signal.addEventListener("abort", () =>
            reject(new DOMException("This operation was aborted", "AbortError")),
          );
        }),
    });
    const pending = failure(client.requestToken(request));
    await vi.advanceTimersByTimeAsync(50);
    expect(await pending).toBeInstanceOf(TimeoutError);
  });

  it("times out while the body is still streaming", async () => {
    vi.useFakeTimers();
    const client = createSentinelClient({
      baseUrl: BASE_URL,
      timeoutMs: 100,
      fetch: async (req) => {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"access_token":'));
            req.signal.addEventListener("abort", () => controller.error(req.signal.reason));
          },
        });
        return new Response(body, { status: 200 });
      },
    });
    const pending = failure(client.requestToken(request));
    await vi.advanceTimersByTimeAsync(100);
    expect(await pending).toBeInstanceOf(TimeoutError);
  });

  it("times out on time even when fetch and the body ignore the signal", async () => {
    vi.useFakeTimers();
    const deaf = createSentinelClient({
      baseUrl: BASE_URL,
      timeoutMs: 100,
      fetch: () => new Promise(() => {}),
    });
    const pending = failure(deaf.requestToken(request));
    await vi.advanceTimersByTimeAsync(100);
    expect(await pending).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: 100 });
    const endlessBody = createSentinelClient({
      baseUrl: BASE_URL,
      timeoutMs: 100,
      fetch: async () => new Response(new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) })),
    });
    const jwks = failure(endlessBody.getJwks());
    await vi.advanceTimersByTimeAsync(100);
    expect(await jwks).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: 100 });
  });

  it("the caller's signal aborts a pending request (AbortError)", async () => {
    const controller = new AbortController();
    const client = createSentinelClient({ baseUrl: BASE_URL, fetch: hangingFetch() });
    const pending = failure(client.requestToken({ ...request, signal: controller.signal }));
    controller.abort();
    const error = await pending;
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).code).toBe("ERR_ABORTED");
  });

  it("an already aborted signal fails without waiting", async () => {
    const client = createSentinelClient({ baseUrl: BASE_URL, fetch: hangingFetch() });
    expect(await failure(client.requestToken({ ...request, signal: AbortSignal.abort() }))).toBeInstanceOf(
      AbortError,
    );
    expect(await failure(client.getJwks({ signal: AbortSignal.abort() }))).toBeInstanceOf(AbortError);
  });
});

describe("getJwks failures → JwksFetchError", () => {
  it.each([
    ["HTTP 404 HTML", () => new Response("<html>404 Not Found</html>", { status: 404 }), "HTTP 404"],
    [
      "HTTP 429 with Retry-After",
      () => json({}, { status: 429, headers: { "Retry-After": "3" } }),
      "retry after 3000 ms",
    ],
    ["HTTP 503", () => new Response("", { status: 503 }), "HTTP 503"],
    ["not JSON", () => new Response("<html/>"), "not JSON"],
    ["no keys", () => json({ key: [] }), 'no "keys" array'],
    ["keys not an array", () => json({ keys: {} }), 'no "keys" array'],
    ["a key without kty", () => json({ keys: [{ kid: "a" }] }), 'keys[0] has no "kty"'],
    ["a key that is not an object", () => json({ keys: ["RSA"] }), "keys[0] is not an object"],
    [
      "a numeric kid",
      () => json({ keys: [{ kty: "RSA" }, { kty: "RSA", kid: 5 }] }),
      "keys[1].kid is not a string",
    ],
    ["an oversized body", () => new Response("x".repeat(MAX_JWKS_BODY_BYTES + 1)), "size limit"],
  ])("%s", async (_name, respond, why) => {
    const error = await failure(clientAnswering(respond).getJwks());
    expect(error).toBeInstanceOf(JwksFetchError);
    expect((error as JwksFetchError).code).toBe("ERR_JWKS_FETCH");
    expect((error as Error).message).toContain(why);
  });
});

describe("secrets never leak", () => {
  it("argument errors name the argument, never the secret", async () => {
    const client = clientAnswering(() => json({}));
    for (const bad of [
      { ...request, accountId: "no/slashes" },
      { ...request, accountId: SECRET },
      { ...request, version: SECRET },
      { ...request, version: "v9" },
      { ...request, v1Query: SECRET },
      { ...request, clientId: "" },
      { ...request, clientSecret: `  ` },
    ]) {
      expect(await failure(client.requestToken(bad as SentinelTokenRequest))).toBeInstanceOf(
        InvalidArgumentError,
      );
    }
  });

  it("servers echoing the secret or the token are redacted", async () => {
    const echo = [
      () => json({ error: "invalid_client", error_description: `bad secret ${SECRET}` }, { status: 401 }),
      () =>
        new Response(`<html>client_secret=${encodeURIComponent(SECRET)} ${SECRET}</html>`, { status: 400 }),
      () => new Response(`<html>${SECRET} ${LEAKY_TOKEN}</html>`, { status: 200 }),
      () => json({ access_token: LEAKY_TOKEN, token_type: `Bearer ${SECRET}` }),
      () => json({ access_token: OPAQUE_TOKEN, token_type: "Bearer", echo: SECRET }),
      () => json({ access_token: OPAQUE_TOKEN, token_type: OPAQUE_TOKEN }),
    ];
    for (const respond of echo) {
      await failure(clientAnswering(respond).requestToken(request));
    }
  });

  it("no error thrown above contains the secret or a token anywhere", () => {
    expect(thrown.length).toBeGreaterThanOrEqual(50);
    const forbidden = [
      SECRET,
      encodeURIComponent(SECRET),
      new URLSearchParams({ s: SECRET }).toString().slice(2),
      LEAKY_TOKEN,
      LEAKY_TOKEN.split(".")[1] ?? "",
      OPAQUE_TOKEN,
      SEED_TOKEN.split(".")[2] ?? "",
    ];
    for (const error of thrown) {
      const views: string[] = [
        String(error),
        JSON.stringify(error),
        inspect(error, { depth: 10, showHidden: true }),
      ];
      for (let e: unknown = error; e instanceof Error; e = e.cause) {
        views.push(e.message, e.stack ?? "", JSON.stringify(e), String(e));
      }
      for (const view of views) {
        for (const value of forbidden) {
          expect(view).not.toContain(value);
        }
      }
    }
  });
});
