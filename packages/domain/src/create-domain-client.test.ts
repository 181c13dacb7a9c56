/**
 * Behaviour of `createDomainClient`: request shape, argument checks, answer parsing, error mapping,
 * deadlines, aborts and body bounds. Every test injects its own `fetch`.
 *
 * @module
 */
import {
  AbortError,
  DomainApiError,
  InvalidArgumentError,
  NetworkError,
  ServiceNotFoundError,
  TimeoutError,
  UnexpectedResponseError,
} from "@lpkit/core";
import type { Client } from "openapi-fetch";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createDomainClient, type DomainClient } from "./create-domain-client.js";
import type { paths } from "./generated/domain.js";
import type { ServiceEntry } from "./service-entry.js";
import {
  endlessStream,
  hangingFetch,
  jsonResponse,
  stallingStream,
  stubFetch,
  textResponse,
} from "./test-support/fetch-stubs.js";

const ACCOUNT = "12345678";
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const SENTINEL: ServiceEntry = {
  service: "sentinel",
  account: ACCOUNT,
  baseURI: "va.sentinel.liveperson.net",
};
const FAAS_GW: ServiceEntry = { service: "faasGW", account: ACCOUNT, baseURI: "va.faasgw.liveperson.net" };

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}

describe("types", () => {
  it("exposes the agreed public types", () => {
    const domain = createDomainClient({ fetch: stubFetch(() => jsonResponse(200, SENTINEL)).fetch });
    expectTypeOf(domain).toEqualTypeOf<DomainClient>();
    expectTypeOf(domain.raw).toEqualTypeOf<Client<paths>>();
    expectTypeOf(domain.getServiceHost).returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf(domain.listServices).returns.toEqualTypeOf<Promise<ServiceEntry[]>>();
    expectTypeOf<ServiceEntry>().toEqualTypeOf<{ service: string; account: string; baseURI: string }>();
    expectTypeOf(domain.getServiceHost)
      .parameter(2)
      .toEqualTypeOf<{ signal?: AbortSignal | undefined } | undefined>();
  });
});

describe("request shape", () => {
  it("sends GET …/service/{service}/baseURI.json?version=1.0 with a fresh X-Request-Id", async () => {
    const { fetch, requests } = stubFetch(() => jsonResponse(200, FAAS_GW));
    const domain = createDomainClient({ fetch });
    expect(await domain.getServiceHost(ACCOUNT, "faasGW")).toBe("va.faasgw.liveperson.net");
    await domain.getServiceHost(ACCOUNT, "faasGW");
    expect(requests).toHaveLength(2);
    const [first, second] = requests as [Request, Request];
    expect(first.method).toBe("GET");
    expect(first.url).toBe(
      `https://api.liveperson.net/api/account/${ACCOUNT}/service/faasGW/baseURI.json?version=1.0`,
    );
    expect(first.headers.get("accept")).toBe("application/json");
    expect(first.headers.get("x-request-id")).toMatch(UUID_V4);
    expect(second.headers.get("x-request-id")).toMatch(UUID_V4);
    expect(second.headers.get("x-request-id")).not.toBe(first.headers.get("x-request-id"));
    expect(first.headers.get("authorization")).toBeNull();
    expect(first.headers.get("content-type")).toBeNull();
    expect(first.body).toBeNull();
  });

  it("sends GET …/service/baseURI.json?version=1.0 for the list", async () => {
    const { fetch, requests } = stubFetch(() => jsonResponse(200, { baseURIs: [SENTINEL] }));
    await createDomainClient({ fetch }).listServices("le81823118");
    const request = requests[0] as Request;
    expect(request.method).toBe("GET");
    expect(new URL(request.url).pathname).toBe("/api/account/le81823118/service/baseURI.json");
    expect([...new URL(request.url).searchParams]).toEqual([["version", "1.0"]]);
    expect(request.headers.get("x-request-id")).toMatch(UUID_V4);
  });

  it("adds the caller's headers, lets them override Accept, but never the per-call request id", async () => {
    const { fetch, requests } = stubFetch(() => jsonResponse(200, SENTINEL));
    const domain = createDomainClient({
      fetch,
      headers: [
        ["User-Agent", "my-app/1.0"],
        ["Accept", "application/json, text/plain"],
        ["X-Request-Id", "fixed"],
      ],
    });
    await domain.getServiceHost(ACCOUNT, "sentinel");
    const request = requests[0] as Request;
    expect(request.headers.get("user-agent")).toBe("my-app/1.0");
    expect(request.headers.get("accept")).toBe("application/json, text/plain");
    expect(request.headers.get("x-request-id")).toMatch(UUID_V4);
  });

  it.each([
    ["adminlogin.liveperson.net", "https://adminlogin.liveperson.net/api/account/"],
    ["https://adminlogin-a.liveperson.net/", "https://adminlogin-a.liveperson.net/api/account/"],
    ["127.0.0.1:4000", "https://127.0.0.1:4000/api/account/"],
    ["http://127.0.0.1:4000", "http://127.0.0.1:4000/api/account/"],
    ["http://localhost:4000/csds/", "http://localhost:4000/csds/api/account/"],
  ])("uses baseUrl %s", async (baseUrl, prefix) => {
    const { fetch, requests } = stubFetch(() => jsonResponse(200, SENTINEL));
    await createDomainClient({ baseUrl, fetch }).getServiceHost(ACCOUNT, "sentinel");
    expect((requests[0] as Request).url.startsWith(prefix)).toBe(true);
  });

  it("refuses plain http:// for a non-loopback host unless allowInsecureHttp is set", async () => {
    expect(() => createDomainClient({ baseUrl: "http://api.liveperson.net" })).toThrow(InvalidArgumentError);
    const { fetch, requests } = stubFetch(() => jsonResponse(200, SENTINEL));
    const domain = createDomainClient({
      baseUrl: "http://adminlogin.liveperson.net",
      allowInsecureHttp: true,
      fetch,
    });
    await domain.getServiceHost(ACCOUNT, "sentinel");
    expect((requests[0] as Request).url).toMatch(/^http:\/\/adminlogin\.liveperson\.net\//);
  });

  it("exposes the typed openapi-fetch client as raw", async () => {
    const { fetch, requests } = stubFetch(() => jsonResponse(200, { baseURIs: [SENTINEL] }));
    const domain = createDomainClient({ fetch });
    const { data } = await domain.raw.GET("/api/account/{accountId}/service/baseURI.json", {
      params: { path: { accountId: ACCOUNT }, query: { version: "1.0" } },
    });
    expectTypeOf(data).toEqualTypeOf<{ baseURIs: ServiceEntry[] } | undefined>();
    expect(data).toEqual({ baseURIs: [SENTINEL] });
    expect((requests[0] as Request).headers.get("accept")).toBe("application/json");
  });
});

describe("argument checks (before any request)", () => {
  const cases: [string, () => Promise<unknown>, string][] = [];
  const { fetch } = stubFetch(() => jsonResponse(200, SENTINEL));
  const domain = createDomainClient({ fetch });
  for (const bad of ["", "12 34", "123/../456", "ab-cd", "x".repeat(65)]) {
    cases.push([
      `getServiceHost account ${JSON.stringify(bad)}`,
      () => domain.getServiceHost(bad, "faasGW"),
      "accountId",
    ]);
    cases.push([`listServices account ${JSON.stringify(bad)}`, () => domain.listServices(bad), "accountId"]);
  }
  for (const bad of ["", " faasGW", "faas GW", "../sentinel", "9lives", "faasGW/x", "a".repeat(129)]) {
    cases.push([
      `getServiceHost service ${JSON.stringify(bad)}`,
      () => domain.getServiceHost(ACCOUNT, bad),
      "service",
    ]);
  }
  const untyped = domain as unknown as {
    getServiceHost(a: unknown, s: unknown, o?: unknown): Promise<string>;
    listServices(a: unknown, o?: unknown): Promise<unknown>;
  };
  cases.push([
    "getServiceHost account 12345678 (number)",
    () => untyped.getServiceHost(12345678, "faasGW"),
    "accountId",
  ]);
  cases.push([
    "getServiceHost service undefined",
    () => untyped.getServiceHost(ACCOUNT, undefined),
    "service",
  ]);
  cases.push(["listServices signal 'x'", () => untyped.listServices(ACCOUNT, { signal: "x" }), "signal"]);
  cases.push([
    "getServiceHost signal {}",
    () => untyped.getServiceHost(ACCOUNT, "faasGW", { signal: {} }),
    "signal",
  ]);

  it.each(cases)("%s → InvalidArgumentError, fetch never called", async (_name, call, argument) => {
    const error = await failure(call());
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect(fetch).not.toHaveBeenCalled();
  });

  it.each([
    ["timeoutMs -1", { timeoutMs: -1 }, "timeoutMs"],
    ["timeoutMs NaN", { timeoutMs: Number.NaN }, "timeoutMs"],
    ["baseUrl ''", { baseUrl: "" }, "baseUrl"],
    ["baseUrl with a query", { baseUrl: "https://api.liveperson.net/?x=1" }, "baseUrl"],
    ["baseUrl ftp://", { baseUrl: "ftp://api.liveperson.net" }, "baseUrl"],
    ["fetch not a function", { fetch: "fetch" }, "fetch"],
    ["headers with a bad name", { headers: { "bad header": "x" } }, "headers"],
  ])("createDomainClient with %s → InvalidArgumentError", (_name, options, argument) => {
    const error = (() => {
      try {
        createDomainClient(options as never);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
  });
});

describe("getServiceHost answers", () => {
  it.each([
    ["a service entry", SENTINEL, "va.sentinel.liveperson.net"],
    ["an entry with extra fields", { ...SENTINEL, zone: "us" }, "va.sentinel.liveperson.net"],
    [
      "an entry with upper-case letters (kept as sent)",
      { ...SENTINEL, baseURI: "VA.Sentinel.LivePerson.net" },
      "VA.Sentinel.LivePerson.net",
    ],
    ["the list shape containing the entry", { baseURIs: [FAAS_GW, SENTINEL] }, "va.sentinel.liveperson.net"],
    [
      "a list with a broken entry for another service (13.3: skipped, not fatal)",
      { baseURIs: [{ service: "faasGW" }, SENTINEL, { ...FAAS_GW, baseURI: "evil.example\\.x" }] },
      "va.sentinel.liveperson.net",
    ],
  ])("returns the host from %s", async (_name, body, host) => {
    const domain = createDomainClient({ fetch: stubFetch(() => jsonResponse(200, body)).fetch });
    expect(await domain.getServiceHost(ACCOUNT, "sentinel")).toBe(host);
  });

  it.each([
    ["404", () => jsonResponse(404, { error: "Not Found" })],
    ["an empty list", () => jsonResponse(200, { baseURIs: [] })],
    ["a list without the entry", () => jsonResponse(200, { baseURIs: [FAAS_GW] })],
    [
      "a list with the entry in another case",
      () => jsonResponse(200, { baseURIs: [{ ...SENTINEL, service: "Sentinel" }] }),
    ],
    [
      "a list with the entry of another account",
      () => jsonResponse(200, { baseURIs: [{ ...SENTINEL, account: "999" }] }),
    ],
    ["an empty object", () => jsonResponse(200, {})],
    ["an entry without baseURI", () => jsonResponse(200, { service: "sentinel", account: ACCOUNT })],
    ["an entry with baseURI null", () => jsonResponse(200, { ...SENTINEL, baseURI: null })],
    ["an entry with baseURI ''", () => jsonResponse(200, { ...SENTINEL, baseURI: "" })],
  ])("reports ServiceNotFoundError for %s", async (_name, answer) => {
    const domain = createDomainClient({ fetch: stubFetch(answer).fetch });
    const error = await failure(domain.getServiceHost(ACCOUNT, "sentinel"));
    expect(error).toBeInstanceOf(ServiceNotFoundError);
    expect(error).toMatchObject({ code: "ERR_SERVICE_NOT_FOUND", accountId: ACCOUNT, service: "sentinel" });
  });

  it("keeps the 404's status and request id as the cause", async () => {
    const { fetch, requests } = stubFetch(() => textResponse(404, "<h1>Not Found</h1>", "text/html"));
    const error = (await failure(
      createDomainClient({ fetch }).getServiceHost(ACCOUNT, "nope"),
    )) as ServiceNotFoundError;
    const cause = error.cause as DomainApiError;
    expect(cause).toBeInstanceOf(DomainApiError);
    expect(cause.status).toBe(404);
    expect(cause.requestId).toBe((requests[0] as Request).headers.get("x-request-id"));
    expect(cause.message).toContain("<h1>Not Found</h1>");
  });

  it.each([
    ["HTML", () => textResponse(200, "<html><body>Maintenance</body></html>", "text/html"), "Maintenance"],
    [
      "malformed JSON",
      () => textResponse(200, '{"service":"sentinel",', "application/json"),
      '{"service":"sentinel",',
    ],
    ["an empty body", () => new Response(null, { status: 200 }), ""],
    ["a 204", () => new Response(null, { status: 204 }), ""],
    ["a JSON array", () => jsonResponse(200, [SENTINEL]), "[{"],
    ["a JSON string", () => jsonResponse(200, "va.sentinel.liveperson.net"), "va.sentinel"],
    ["a numeric baseURI", () => jsonResponse(200, { ...SENTINEL, baseURI: 42 }), "42"],
    [
      "an entry without service",
      () => jsonResponse(200, { account: ACCOUNT, baseURI: "va.sentinel.liveperson.net" }),
      "account",
    ],
    [
      "baseURIs that is not an array",
      () => jsonResponse(200, { baseURIs: "va.sentinel.liveperson.net" }),
      "baseURIs",
    ],
  ])("reports UnexpectedResponseError for %s", async (_name, answer, inSnippet) => {
    const { fetch, requests } = stubFetch(answer);
    const error = await failure(createDomainClient({ fetch }).getServiceHost(ACCOUNT, "sentinel"));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    const unexpected = error as UnexpectedResponseError;
    expect(unexpected.status).toBeGreaterThanOrEqual(200);
    expect(unexpected.status).toBeLessThan(300);
    expect(unexpected.requestId).toBe((requests[0] as Request).headers.get("x-request-id"));
    expect(unexpected.bodySnippet).toContain(inSnippet);
  });

  it.each([400, 401, 403, 429, 500, 502, 503])("reports DomainApiError for status %i", async (status) => {
    const { fetch, requests } = stubFetch(() =>
      textResponse(status, "<html>upstream failure</html>", "text/html"),
    );
    const error = await failure(createDomainClient({ fetch }).getServiceHost(ACCOUNT, "faasGW"));
    expect(error).toBeInstanceOf(DomainApiError);
    expect(error).toMatchObject({ code: "ERR_DOMAIN_API", status });
    expect((error as DomainApiError).requestId).toBe((requests[0] as Request).headers.get("x-request-id"));
    expect((error as DomainApiError).message).toContain("upstream failure");
    expect((error as DomainApiError).message).toContain(
      `/api/account/${ACCOUNT}/service/faasGW/baseURI.json`,
    );
  });
});

describe("listServices answers", () => {
  it("returns every entry with its documented fields, hosts exactly as sent", async () => {
    const body = {
      baseURIs: [
        { ...SENTINEL, extra: true },
        FAAS_GW,
        { ...SENTINEL, service: "faasUI", baseURI: "Va.FaasUI.liveperson.net" },
      ],
    };
    const domain = createDomainClient({ fetch: stubFetch(() => jsonResponse(200, body)).fetch });
    expect(await domain.listServices(ACCOUNT)).toEqual([
      SENTINEL,
      FAAS_GW,
      { service: "faasUI", account: ACCOUNT, baseURI: "Va.FaasUI.liveperson.net" },
    ]);
  });

  it("returns an empty list as []", async () => {
    const domain = createDomainClient({ fetch: stubFetch(() => jsonResponse(200, { baseURIs: [] })).fetch });
    expect(await domain.listServices(ACCOUNT)).toEqual([]);
  });

  it.each([
    ["a single entry", () => jsonResponse(200, SENTINEL)],
    ["an empty object", () => jsonResponse(200, {})],
    ["HTML", () => textResponse(200, "<!doctype html><title>Login</title>", "text/html")],
    ["malformed JSON", () => textResponse(200, '{"baseURIs":[', "application/json")],
  ])("reports UnexpectedResponseError for %s", async (_name, answer) => {
    const domain = createDomainClient({ fetch: stubFetch(answer).fetch });
    const error = await failure(domain.listServices(ACCOUNT));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).bodySnippet).toBeDefined();
  });

  it.each([400, 401, 404, 500])("reports DomainApiError for status %i (404 included)", async (status) => {
    const domain = createDomainClient({ fetch: stubFetch(() => jsonResponse(status, { error: "x" })).fetch });
    const error = await failure(domain.listServices(ACCOUNT));
    expect(error).toBeInstanceOf(DomainApiError);
    expect((error as DomainApiError).status).toBe(status);
  });
});

describe("transport failures", () => {
  it("maps a fetch that never answers to TimeoutError", async () => {
    const { fetch, requests } = hangingFetch();
    const domain = createDomainClient({ fetch, timeoutMs: 20 });
    const error = await failure(domain.getServiceHost(ACCOUNT, "faasGW"));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(20);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect((requests[0] as Request).signal.aborted).toBe(true);
  });

  it("times out even when fetch ignores the signal", async () => {
    const domain = createDomainClient({ fetch: () => new Promise<Response>(() => {}), timeoutMs: 20 });
    expect(await failure(domain.listServices(ACCOUNT))).toBeInstanceOf(TimeoutError);
  });

  it("times out when the body stalls after the headers", async () => {
    const body = stallingStream('{"baseURIs":[');
    const domain = createDomainClient({
      fetch: async () => new Response(body, { status: 200 }),
      timeoutMs: 20,
    });
    expect(await failure(domain.listServices(ACCOUNT))).toBeInstanceOf(TimeoutError);
  });

  it("maps the caller's abort during the call to AbortError", async () => {
    const { fetch } = hangingFetch();
    const controller = new AbortController();
    const pending = createDomainClient({ fetch }).getServiceHost(ACCOUNT, "faasGW", {
      signal: controller.signal,
    });
    await Promise.resolve();
    controller.abort();
    expect(await failure(pending)).toBeInstanceOf(AbortError);
  });

  it("maps an already aborted signal to AbortError without calling fetch", async () => {
    const { fetch } = stubFetch(() => jsonResponse(200, SENTINEL));
    const signal = AbortSignal.abort();
    const domain = createDomainClient({ fetch });
    expect(await failure(domain.getServiceHost(ACCOUNT, "sentinel", { signal }))).toBeInstanceOf(AbortError);
    expect(await failure(domain.listServices(ACCOUNT, { signal }))).toBeInstanceOf(AbortError);
    expect(fetch).not.toHaveBeenCalled();
  });

  it("maps a fetch failure to NetworkError with its phase, without the original error", async () => {
    const refused = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const domain = createDomainClient({ fetch: () => Promise.reject(refused) });
    const error = await failure(domain.getServiceHost(ACCOUNT, "faasGW"));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "ERR_NETWORK", phase: "connect" });
    expect((error as NetworkError).cause).toBeUndefined();
    const reset = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNRESET" } });
    const other = createDomainClient({ fetch: () => Promise.reject(reset) });
    expect(await failure(other.listServices(ACCOUNT))).toMatchObject({
      code: "ERR_NETWORK",
      phase: "unknown",
    });
  });

  it("reports a network-error Response (status 0) as UnexpectedResponseError", async () => {
    const domain = createDomainClient({ fetch: async () => Response.error() });
    const error = await failure(domain.getServiceHost(ACCOUNT, "faasGW"));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).status).toBe(0);
  });

  it("uses no timer when timeoutMs is 0", async () => {
    const domain = createDomainClient({
      fetch: stubFetch(() => jsonResponse(200, SENTINEL)).fetch,
      timeoutMs: 0,
    });
    expect(await domain.getServiceHost(ACCOUNT, "sentinel")).toBe("va.sentinel.liveperson.net");
  });
});

describe("body bounds", () => {
  it("refuses a success body whose Content-Length is over 1 MiB", async () => {
    const { fetch, requests } = stubFetch(
      () => new Response("{}", { status: 200, headers: { "Content-Length": String(2 * 1024 * 1024) } }),
    );
    const error = await failure(createDomainClient({ fetch }).listServices(ACCOUNT));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).message).toMatch(/exceeds the 1048576-byte limit/);
    expect((error as UnexpectedResponseError).requestId).toBe(
      (requests[0] as Request).headers.get("x-request-id"),
    );
  });

  it("stops reading an endless success body after 1 MiB", async () => {
    const fetch = async () =>
      new Response(endlessStream(new Uint8Array(64 * 1024).fill(32)), { status: 200 });
    const error = await failure(createDomainClient({ fetch }).getServiceHost(ACCOUNT, "faasGW"));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect((error as UnexpectedResponseError).message).toMatch(/exceeds the 1048576-byte limit/);
  });

  it("reports an endless error body as DomainApiError without the body", async () => {
    const fetch = async () =>
      new Response(endlessStream(new TextEncoder().encode("<p>oops</p>")), {
        status: 503,
        statusText: "Service Unavailable",
      });
    const error = await failure(createDomainClient({ fetch }).listServices(ACCOUNT));
    expect(error).toBeInstanceOf(DomainApiError);
    expect((error as DomainApiError).status).toBe(503);
    expect((error as DomainApiError).message).toContain("503 Service Unavailable (body too large to show)");
  });

  it("never shows JWT-shaped strings from a body", async () => {
    const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2lnbmF0dXJl";
    const fetch = async () => textResponse(401, `{"echo":"Bearer ${jwt}"}`, "application/json");
    const error = (await failure(createDomainClient({ fetch }).listServices(ACCOUNT))) as DomainApiError;
    expect(error.message).not.toContain("eyJ");
    const fetch200 = async () => textResponse(200, `<p>${jwt}</p>`, "text/html");
    const unexpected = (await failure(
      createDomainClient({ fetch: fetch200 }).listServices(ACCOUNT),
    )) as UnexpectedResponseError;
    expect(unexpected.bodySnippet).toContain("[REDACTED]");
    expect(unexpected.bodySnippet).not.toContain("eyJ");
  });

  it("shows only a short snippet of a long error body", async () => {
    const fetch = async () => textResponse(500, `<html>${"x".repeat(5000)}</html>`, "text/html");
    const error = (await failure(createDomainClient({ fetch }).listServices(ACCOUNT))) as DomainApiError;
    expect(error.message.length).toBeLessThan(400);
  });
});
