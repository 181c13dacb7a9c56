import { beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import { seededRandom } from "./prng.js";
import { requestToken, useEmulator } from "./test-support/harness.js";

const env = useEmulator();
let token: string;
beforeAll(async () => {
  token = (await requestToken(env().emulator.url, DEMO.accountId, DEMO)).body.access_token as string;
});

const listPath = `/api/account/${DEMO.accountId}/service/baseURI.json?version=1.0`;
const invokePath = `/api/account/${DEMO.accountId}/lambdas/${DEMO.lambdaUuid}/invoke?v=1&externalSystem=tests`;
const failingPath = `/api/account/${DEMO.accountId}/lambdas/${DEMO.failingLambdaUuid}/invoke?v=1&externalSystem=tests`;

const get = (path: string, init?: RequestInit) => fetch(`${env().emulator.url}${path}`, init);
const invoke = (path = invokePath, init: RequestInit = {}) =>
  fetch(`${env().emulator.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ timestamp: 0, headers: [], payload: { n: 1 } }),
    ...init,
  });
const tokenRequest = () => requestToken(env().emulator.url, DEMO.accountId, DEMO);

describe("fault rules", () => {
  it("answers a status with Retry-After for the next N requests, then lets requests through", async () => {
    const { emulator } = env();
    const handle = emulator.fault({ route: "sentinel.token.v2", status: 503, retryAfter: 2, times: 1 });
    const response = await fetch(`${emulator.url}/sentinel/api/v2/account/${DEMO.accountId}/app/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        client_id: DEMO.clientId,
        client_secret: DEMO.clientSecret,
        grant_type: "client_credentials",
      }),
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(await response.json()).toEqual({
      error: "temporarily_unavailable",
      error_description: expect.any(String),
    });
    expect(handle.hits).toBe(1);
    expect(handle.active).toBe(false);
    expect((await tokenRequest()).status).toBe(200);
  });

  it("answers each API's own error body when the rule gives none", async () => {
    const { emulator } = env();
    emulator.fault({ route: "faasgw.invoke", status: 429, retryAfter: 1, times: 1 });
    const limited = await invoke();
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({
      errorCode: "com.liveperson.faas.es.general",
      errorMsg: "Rate limit exceeded",
    });
    emulator.fault({ route: "faasgw.invoke", status: 901, times: 1 });
    const failed = await invoke();
    expect(failed.status).toBe(901);
    expect(((await failed.json()) as { errorCode: string }).errorCode).toBe(
      "com.liveperson.faas.handler.custom-failure",
    );
    emulator.fault({ route: "domain.list", status: 500, times: 1 });
    expect((await get(listPath)).status).toBe(500);
    emulator.fault({ route: "sentinel.jwks", status: 500, body: { error: "server_error" }, times: 1 });
    const jwks = await get("/sentinel/well-known/jwks");
    expect(await jwks.json()).toEqual({ error: "server_error" });
  });

  it("adds latency, then answers normally", async () => {
    const { emulator } = env();
    emulator.fault({ route: "domain.list", latencyMs: 150, times: 1 });
    const started = performance.now();
    const response = await get(listPath);
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("sends malformed JSON", async () => {
    env().emulator.fault({ route: "sentinel.token.v2", kind: "malformed-json", times: 1 });
    const response = await fetch(
      `${env().emulator.url}/sentinel/api/v2/account/${DEMO.accountId}/app/token`,
      {
        method: "POST",
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    await expect(response.json()).rejects.toThrow();
  });

  it("cuts the real answer short", async () => {
    const { emulator } = env();
    const full = await (await get(listPath)).text();
    emulator.fault({ route: "domain.list", kind: "truncated-json", times: 1 });
    const cut = await (await get(listPath)).text();
    expect(cut.length).toBeLessThan(full.length);
    expect(full.startsWith(cut)).toBe(true);
    expect(() => JSON.parse(cut)).toThrow();
  });

  it("sends an empty body, an HTML page, or JSON labelled text/plain", async () => {
    const { emulator } = env();
    emulator.fault({ route: "domain.list", kind: "empty-body", status: 502, times: 1 });
    const empty = await get(listPath);
    expect(empty.status).toBe(502);
    expect(await empty.text()).toBe("");
    emulator.fault({ route: "domain.list", kind: "html", times: 1 });
    const html = await get(listPath);
    expect(html.status).toBe(502);
    expect(html.headers.get("content-type")).toBe("text/html");
    expect(await html.text()).toContain("<h1>502 Bad Gateway</h1>");
    emulator.fault({ route: "domain.list", kind: "wrong-content-type", times: 1 });
    const mislabelled = await get(listPath);
    expect(mislabelled.headers.get("content-type")).toBe("text/plain;charset=utf-8");
    expect(JSON.parse(await mislabelled.text())).toHaveProperty("baseURIs");
  });

  it.each([
    ["faasgw.invoke", 502],
    ["faasgw.invoke", 504],
    ["faasgw.isImplemented", 502],
    ["sentinel.token.v2", 502],
    ["sentinel.token.v2", 503],
    ["sentinel.token.v2", 504],
    ["sentinel.jwks", 504],
    ["domain.list", 504],
  ] as const)(
    "empty error bodies: a body-less %s %i is labelled text/plain, as the specs model it",
    async (route, status) => {
      // The file's conformance check (afterAll) validates these answers against the specs too.
      const { emulator } = env();
      emulator.fault({ route, kind: "empty-body", status, times: 1 });
      const response =
        route === "faasgw.invoke"
          ? await invoke()
          : route === "faasgw.isImplemented"
            ? await get(`/api/account/${DEMO.accountId}/events/${DEMO.eventId}/isImplemented?v=1`, {
                headers: { authorization: `Bearer ${token}` },
              })
            : route === "sentinel.token.v2"
              ? await fetch(`${emulator.url}/sentinel/api/v2/account/${DEMO.accountId}/app/token`, {
                  method: "POST",
                })
              : await get(route === "sentinel.jwks" ? "/sentinel/well-known/jwks" : listPath);
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toBe("text/plain;charset=utf-8");
      expect(response.headers.get("content-length")).toBe("0");
      expect(await response.text()).toBe("");
    },
  );

  it("leaves an empty success answer without a content type (broken on purpose)", async () => {
    const { emulator } = env();
    emulator.fault({ route: "domain.list", kind: "empty-body", times: 1 });
    const response = await get(listPath);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBeNull();
  });

  it("resets the connection before the function runs", async () => {
    const { emulator } = env();
    emulator.resetStats();
    emulator.fault({ route: "faasgw.invoke", kind: "reset", times: 1 });
    await expect(invoke()).rejects.toThrow(TypeError);
    const stats = emulator.stats();
    expect(stats.invocations.byLambda[DEMO.lambdaUuid]).toBe(1);
    expect(stats.executions.total).toBe(0);
    expect(stats.requests.byRoute["faasgw.invoke"]?.byStatus).toEqual({ reset: 1 });
  });

  it("resets the connection after the function ran (afterExecution)", async () => {
    const { emulator } = env();
    emulator.resetStats();
    emulator.fault({ route: "faasgw.invoke", kind: "reset", afterExecution: true, times: 1 });
    await expect(invoke()).rejects.toThrow(TypeError);
    expect(emulator.stats().executions.byLambda).toEqual({ [DEMO.lambdaUuid]: 1 });
  });

  it("answers an error status after the function ran (afterExecution)", async () => {
    const { emulator } = env();
    emulator.resetStats();
    emulator.fault({ route: "faasgw.invoke", status: 502, kind: "html", afterExecution: true, times: 1 });
    const response = await invoke();
    expect(response.status).toBe(502);
    expect(emulator.stats().executions.total).toBe(1);
  });

  it("hangs until the client gives up", async () => {
    const { emulator } = env();
    emulator.fault({ route: "domain.single", kind: "hang", times: 1 });
    const hangs = () => emulator.stats().requests.byRoute["domain.single"]?.byStatus.hang ?? 0;
    const giveUp = new AbortController();
    const outcome = get(`/api/account/${DEMO.accountId}/service/sentinel/baseURI.json?version=1.0`, {
      signal: giveUp.signal,
    }).then(
      () => "answered",
      () => "gave up",
    );
    // The client gives up only once the request reached the emulator and hung there (a fixed
    // client deadline could pass on a loaded machine before the request arrived: no hang counted).
    while (hangs() < 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const wait = new Promise((resolve) => setTimeout(resolve, 200, "no answer"));
    expect(await Promise.race([outcome, wait])).toBe("no answer");
    giveUp.abort();
    expect(await outcome).toBe("gave up");
    expect(hangs()).toBe(1);
  });

  it("applies to a seeded share of requests, reproducibly", async () => {
    const { emulator } = env();
    const next = seededRandom(42);
    const expected = Array.from({ length: 20 }, () => (next() < 0.3 ? 500 : 200));
    const handle = emulator.fault({ route: "domain.list", status: 500, probability: 0.3, seed: 42 });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      statuses.push((await get(listPath)).status);
    }
    handle.remove();
    expect(statuses).toEqual(expected);
    expect(statuses).toContain(500);
    expect(statuses).toContain(200);
    expect(handle.hits).toBe(expected.filter((status) => status === 500).length);
    expect((await get(listPath)).status).toBe(200);
  });

  it("narrows a rule to one lambda", async () => {
    const { emulator } = env();
    const handle = emulator.fault({
      route: "faasgw.invoke",
      match: { lambdaUuid: DEMO.failingLambdaUuid },
      status: 504,
    });
    expect((await invoke()).status).toBe(200);
    expect((await invoke(failingPath)).status).toBe(504);
    handle.remove();
    expect((await invoke(failingPath)).status).toBe(901);
  });

  it("applies '*' rules to every route and clears them all", async () => {
    const { emulator } = env();
    emulator.resetStats();
    emulator.fault({ route: "*", status: 500 });
    expect((await get(listPath)).status).toBe(500);
    expect((await get("/sentinel/well-known/jwks")).status).toBe(500);
    emulator.clearFaults();
    expect((await get(listPath)).status).toBe(200);
    expect(emulator.stats().faults).toEqual({
      applied: 2,
      byRoute: { "domain.list": 1, "sentinel.jwks": 1 },
    });
  });

  it("refuses malformed rules", () => {
    const { emulator } = env();
    expect(() => emulator.fault({ route: "nope" as "domain.list", status: 500 })).toThrow(TypeError);
    expect(() => emulator.fault({ route: "domain.list" })).toThrow(TypeError);
    expect(() => emulator.fault({ route: "domain.list", kind: "status" })).toThrow(TypeError);
    expect(() => emulator.fault({ route: "domain.list", status: 1000 })).toThrow(TypeError);
    expect(() => emulator.fault({ route: "domain.list", status: 500, probability: 2 })).toThrow(TypeError);
    expect(() => emulator.fault({ route: [], status: 500 })).toThrow(TypeError);
  });
});
