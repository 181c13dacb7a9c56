import { inspect } from "node:util";
import {
  ConsumerJwsRequestError,
  InvalidArgumentError,
  NetworkError,
  TimeoutError,
  UnexpectedResponseError,
} from "@lpkit/core";
import { describe, expect, it, vi } from "vitest";
import { createIdpClient, type IdpClientOptions } from "./index.js";
import { APP_JWT, fakeIdp, jws, refused } from "./test-support/fixtures.js";

const OTHER_JWT = `${APP_JWT.slice(0, -4)}ZZZZ`;

function client(fetch: IdpClientOptions["fetch"], extra: Partial<IdpClientOptions> = {}) {
  const sleeps: number[] = [];
  const idp = createIdpClient({
    baseUrl: "va.idp.liveperson.net",
    accountId: "12345678",
    auth: APP_JWT,
    fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  return { idp, sleeps };
}

function rotatingSource() {
  let current = APP_JWT;
  return {
    getToken: vi.fn(async () => ({ accessToken: current })),
    invalidate: vi.fn(async (rejected: string) => {
      if (rejected === current) {
        current = OTHER_JWT;
      }
      return true;
    }),
  };
}

describe("createIdpClient", () => {
  it("sends the documented request — raw AppJWT, v=1.0, JSON body — and returns the decoded, hidden ConsumerJWS", async () => {
    const server = fakeIdp();
    const { idp } = client(server.fetch);
    const result = await idp.createConsumerJws("whatsapp-4915112345678");
    expect(server.seen).toHaveLength(1);
    const [request] = server.seen;
    expect(request?.method).toBe("POST");
    expect(request?.url).toBe("https://va.idp.liveperson.net/api/account/12345678/consumer?v=1.0");
    expect(request?.headers.get("authorization")).toBe(APP_JWT);
    expect(request?.headers.get("content-type")).toBe("application/json");
    expect(request?.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(request?.body ?? "")).toEqual({ ext_consumer_id: "whatsapp-4915112345678" });
    expect(result.claims).toMatchObject({
      account_id: "12345678",
      ext_consumer_id: "whatsapp-4915112345678",
    });
    expect(inspect(result)).not.toContain(result.token.split(".")[2]);
    expect(JSON.stringify(idp)).not.toContain(APP_JWT.slice(-16));
  });

  it("a 401: asks the token source for a new AppJWT and replays once — never twice", async () => {
    const source = rotatingSource();
    const once = fakeIdp([{ status: 401 }]);
    await client(once.fetch, { auth: source }).idp.createConsumerJws("u1");
    expect(once.seen.map((r) => r.headers.get("authorization"))).toEqual([APP_JWT, OTHER_JWT]);
    expect(source.invalidate).toHaveBeenCalledWith(APP_JWT);

    const always = fakeIdp([{ status: 401 }, { status: 401 }, { status: 401 }]);
    const error = await client(always.fetch, { auth: rotatingSource() })
      .idp.createConsumerJws("u1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsumerJwsRequestError);
    expect(error).toMatchObject({ status: 401, retryable: false });
    expect(always.seen).toHaveLength(2);
  });

  it("retries what may pass — refused, timeouts, 5xx, 429 after at least 1 s — and not other 4xx", async () => {
    const flaky = fakeIdp([refused(), { status: 503 }, { status: 429 }]);
    const { idp, sleeps } = client(flaky.fetch, { retry: { maxRetries: 3 } });
    await idp.createConsumerJws("u1");
    expect(flaky.seen).toHaveLength(4);
    expect(sleeps).toEqual([1_000, 2_000, 4_000]);
    expect(new Set(flaky.seen.map((r) => r.headers.get("x-request-id"))).size).toBe(1);

    const limited = fakeIdp([{ status: 429, headers: { "retry-after": "0" } }]);
    const second = client(limited.fetch);
    await second.idp.createConsumerJws("u1");
    expect(second.sleeps).toEqual([1_000]); // never sooner than 1 s after a 429

    const longWait = fakeIdp([{ status: 429, headers: { "retry-after": "120" } }]);
    const third = client(longWait.fetch);
    await expect(third.idp.createConsumerJws("u1")).rejects.toMatchObject({
      status: 429,
      retryAfterMs: 120_000,
    });
    expect(longWait.seen).toHaveLength(1);

    const bad = fakeIdp([{ status: 400, body: { internalErrorCode: 1001 } }]);
    const fourth = client(bad.fetch);
    await expect(fourth.idp.createConsumerJws("u1")).rejects.toMatchObject({
      status: 400,
      internalErrorCode: "1001",
    });
    expect(bad.seen).toHaveLength(1);

    const down = fakeIdp([refused(), refused(), refused()]);
    const fifth = client(down.fetch);
    const error = await fifth.idp.createConsumerJws("u1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ phase: "connect" });
    expect(down.seen).toHaveLength(3);
  });

  it("never follows a redirect: one request, a typed error naming where it pointed", async () => {
    const server = fakeIdp([{ status: 302, headers: { location: "https://evil.example/steal" } }]);
    const error = await client(server.fetch)
      .idp.createConsumerJws("u1")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsumerJwsRequestError);
    expect((error as Error).message).toContain("redirect (HTTP 302) to https://evil.example:443");
    expect(server.seen).toHaveLength(1);
  });

  it("a success without a usable token, or over the size bound, is an UnexpectedResponseError that quotes nothing", async () => {
    const token = jws({ nothing: "here" });
    for (const step of [
      { status: 201, body: { token } },
      { status: 201, body: "<html>" },
      { status: 201, body: { token: "x".repeat(70_000) } },
    ]) {
      const server = fakeIdp([step]);
      const error = await client(server.fetch)
        .idp.createConsumerJws("u1")
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      expect(inspect(error, { depth: 5 })).not.toContain(token.split(".")[1]);
      expect(server.seen).toHaveLength(1);
    }
  });

  it("refuses bad input and options before any request, never quoting a token", async () => {
    const server = fakeIdp();
    const { idp } = client(server.fetch);
    for (const id of ["", " ", "a\nb", 7]) {
      await expect(idp.createConsumerJws(id as string)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    await expect(idp.createConsumerJws("u1", { timeoutMs: -1 })).rejects.toMatchObject({
      argument: "timeoutMs",
    });
    const refusals: [Partial<IdpClientOptions>, string][] = [
      [{ auth: `Bearer ${APP_JWT}` }, "auth"],
      [{ auth: undefined as never }, "auth"],
      [{ accountId: "12 34" }, "accountId"],
      [{ baseUrl: "http://va.idp.liveperson.net" }, "baseUrl"],
      [{ headers: { Authorization: APP_JWT } }, "headers.authorization"],
      [{ timeoutMs: Number.NaN }, "timeoutMs"],
      [{ retry: { maxRetries: 99 } }, "retry.maxRetries"],
    ];
    for (const [extra, argument] of refusals) {
      let thrown: unknown;
      try {
        client(server.fetch, extra);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InvalidArgumentError);
      expect(thrown).toMatchObject({ argument });
      expect(inspect(thrown)).not.toContain(APP_JWT.slice(-20));
    }
    // An authenticator that adds "Bearer " (a token manager's authorization() does) is refused per call.
    const bearer = client(server.fetch, { auth: { authorization: async () => `Bearer ${APP_JWT}` } });
    await expect(bearer.idp.createConsumerJws("u1")).rejects.toMatchObject({ argument: "auth" });
    expect(server.seen).toHaveLength(0);
  });

  it("one deadline per attempt: an IdP that never answers is a TimeoutError after the retries", async () => {
    const seen: string[] = [];
    const hanging = (request: Request) =>
      new Promise<Response>((_resolve, reject) => {
        seen.push(request.url);
        request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
      });
    // The deadline under test is the timeout itself: 50 ms, and the server never answers.
    const { idp, sleeps } = client(hanging, { timeoutMs: 50, retry: { maxRetries: 1 } });
    const error = await idp.createConsumerJws("u1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toContain("https://va.idp.liveperson.net:443");
    expect(seen).toHaveLength(2);
    expect(sleeps).toEqual([1_000]);
  });

  it("raw is a plain openapi-fetch client on the same host", async () => {
    const server = fakeIdp();
    const { idp } = client(server.fetch);
    const { data, response } = await idp.raw.POST("/api/account/{accountId}/consumer", {
      params: { path: { accountId: "12345678" }, query: { v: "1.0" } },
      headers: { authorization: APP_JWT },
      body: { ext_consumer_id: "u1" },
    });
    expect(response.status).toBe(201);
    expect(typeof data?.token).toBe("string");
    expect(server.seen[0]?.url).toBe("https://va.idp.liveperson.net/api/account/12345678/consumer?v=1.0");
  });
});
