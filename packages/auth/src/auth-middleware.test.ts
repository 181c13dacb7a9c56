import { GatewayError } from "@lpkit/core";
import { createFaasClient } from "@lpkit/faasgw";
import createClient from "openapi-fetch";
import { afterAll, describe, expect, it } from "vitest";
import { createAuthMiddleware } from "./auth-middleware.js";
import { ACCOUNT, FAAS_HOST, json } from "./test-support/fake-liveperson.js";
import { assertCollectedSecretFree, expectFailure, expectThrow } from "./test-support/secrets.js";
import { setup } from "./test-support/setup.js";

afterAll(assertCollectedSecretFree);

// A tiny typed API for openapi-fetch, so the middleware is tested on a real client.
interface paths {
  "/things": {
    post: {
      requestBody: { content: { "application/json": { name: string } } };
      responses: { 200: { content: { "application/json": { ok: boolean } } } };
    };
    get: { responses: { 200: { content: { "application/json": { ok: boolean } } } } };
  };
}

const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

function api(answers: ((request: Request) => Response)[]) {
  const seen: { authorization: string | null; body: string; method: string }[] = [];
  const fetch = async (request: Request) => {
    seen.push({
      authorization: request.headers.get("authorization"),
      body: request.body ? await request.text() : "",
      method: request.method,
    });
    const answer = answers[Math.min(seen.length - 1, answers.length - 1)]!;
    return answer(request);
  };
  return { fetch, seen };
}

describe("6. 401 from an API", () => {
  it("6. middleware: sets Authorization: Bearer <token> on every request", async () => {
    const { manager } = setup();
    const { fetch, seen } = api([() => json({ ok: true })]);
    const client = createClient<paths>({ baseUrl: "https://api.example.test", fetch });
    client.use(manager.middleware);
    const { data } = await client.GET("/things");
    expect(data).toEqual({ ok: true });
    expect(seen[0]!.authorization).toBe(`Bearer ${(await manager.getToken()).accessToken}`);
  });

  it("6. middleware: a 401 invalidates, refreshes once and replays the POST once with its body intact", async () => {
    const { lp, manager, eventsOf } = setup();
    const { fetch, seen } = api([() => json({ message: "expired" }, 401), () => json({ ok: true })]);
    const client = createClient<paths>({ baseUrl: "https://api.example.test", fetch });
    client.use(manager.middleware);
    const { data, response } = await client.POST("/things", { body: { name: "Jane" } });
    expect(response.status).toBe(200);
    expect(data).toEqual({ ok: true });
    expect(seen).toHaveLength(2);
    expect(seen.map((s) => s.method)).toEqual(["POST", "POST"]);
    expect(seen[1]!.body).toBe(JSON.stringify({ name: "Jane" }));
    expect(seen[1]!.body).toBe(seen[0]!.body);
    expect(seen[1]!.authorization).not.toBe(seen[0]!.authorization);
    expect(seen[1]!.authorization).toBe(`Bearer ${(await manager.getToken()).accessToken}`);
    expect(lp.requests("token")).toHaveLength(2);
    expect(eventsOf("token-invalidated")).toHaveLength(1);
  });

  it("6. middleware: a 401 whose body is a clone (teed stream) does not stall the replay", async () => {
    const { manager } = setup();
    const original = json({ message: "expired" }, 401);
    const { fetch, seen } = api([() => original.clone(), () => json({ ok: true })]);
    const client = createClient<paths>({ baseUrl: "https://api.example.test", fetch });
    client.use(manager.middleware);
    const { response } = await client.GET("/things");
    expect(response.status).toBe(200);
    expect(seen).toHaveLength(2);
  });

  it("6. middleware: it never loops — a second 401 goes back to the caller", async () => {
    const { lp, manager } = setup();
    const { fetch, seen } = api([() => json({ message: "no" }, 401)]);
    const client = createClient<paths>({ baseUrl: "https://api.example.test", fetch });
    client.use(manager.middleware);
    const { response } = await client.POST("/things", { body: { name: "Jane" } });
    expect(response.status).toBe(401);
    expect(seen).toHaveLength(2);
    expect(lp.requests("token")).toHaveLength(2);
  });

  it("6. middleware: 403 is not retried and does not drop the token", async () => {
    const { lp, manager, eventsOf } = setup();
    const { fetch, seen } = api([() => json({ message: "forbidden" }, 403)]);
    const client = createClient<paths>({ baseUrl: "https://api.example.test", fetch });
    client.use(manager.middleware);
    const { response } = await client.POST("/things", { body: { name: "Jane" } });
    expect(response.status).toBe(403);
    expect(seen).toHaveLength(1);
    expect(lp.requests("token")).toHaveLength(1);
    expect(eventsOf("token-invalidated")).toHaveLength(0);
  });

  it("6. middleware: many concurrent 401s for the same token cause one new token, not one each", async () => {
    const { lp, manager } = setup();
    const first = await manager.getToken();
    const fetch = async (request: Request) =>
      request.headers.get("authorization") === `Bearer ${first.accessToken}`
        ? json({}, 401)
        : json({ ok: true });
    const client = createClient<paths>({ baseUrl: "https://api.example.test", fetch });
    client.use(manager.middleware);
    const results = await Promise.all(Array.from({ length: 10 }, () => client.GET("/things")));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(lp.requests("token")).toHaveLength(2);
  });

  it("6. middleware: when Sentinel hands out the same token again, the 401 is passed on without a replay", async () => {
    const { lp, manager } = setup();
    const same = await manager.getToken();
    lp.setFallback("token", json({ access_token: same.accessToken, token_type: "Bearer" }));
    const { fetch, seen } = api([() => json({}, 401)]);
    const client = createClient<paths>({ baseUrl: "https://api.example.test", fetch });
    client.use(manager.middleware);
    const { response } = await client.GET("/things");
    expect(response.status).toBe(401);
    expect(seen).toHaveLength(1);
  });

  it("6. middleware: when no new token can be had, the 401 is passed on", async () => {
    const { lp, manager } = setup();
    await manager.getToken();
    lp.setFallback("token", json({ error: "invalid_client" }, 401));
    const { fetch, seen } = api([() => json({}, 401)]);
    const client = createClient<paths>({ baseUrl: "https://api.example.test", fetch });
    client.use(manager.middleware);
    const { response } = await client.GET("/things");
    expect(response.status).toBe(401);
    expect(seen).toHaveLength(1);
  });

  it("6. middleware: on faasGW's raw openapi-fetch client, an invoke that meets a 401 is replayed once with the same payload", async () => {
    const { lp, manager } = setup();
    const { fetch, seen } = api([
      () => json({ code: "unauthorized" }, 401),
      () => json({ greeting: "hi Jane" }),
    ]);
    const faas = createFaasClient({ baseUrl: FAAS_HOST, accountId: ACCOUNT, fetch });
    faas.raw.use(manager.middleware);
    const { data } = await faas.raw.POST("/api/account/{accountId}/lambdas/{lambdaUuid}/invoke", {
      params: { path: { accountId: ACCOUNT, lambdaUuid: LAMBDA }, query: { v: "1" } },
      body: { timestamp: 0, headers: [], payload: { name: "Jane" } },
    });
    expect(data).toEqual({ greeting: "hi Jane" });
    expect(seen).toHaveLength(2);
    expect(JSON.parse(seen[1]!.body)).toEqual(JSON.parse(seen[0]!.body));
    expect(JSON.parse(seen[1]!.body).payload).toEqual({ name: "Jane" });
    expect(lp.requests("token")).toHaveLength(2);
  });

  it("6. middleware: with @lpkit/faasgw's own calls (the manager as authenticator), a 401 is replayed once with the same payload", async () => {
    const { lp, manager } = setup();
    const { fetch, seen } = api([
      () => json({ code: "unauthorized" }, 401),
      () => json({ greeting: "hi Jane" }),
    ]);
    const faas = createFaasClient({ baseUrl: FAAS_HOST, accountId: ACCOUNT, auth: manager, fetch });
    const { data } = await faas.invoke<{ greeting: string }>(LAMBDA, { name: "Jane" });
    expect(data).toEqual({ greeting: "hi Jane" });
    expect(seen).toHaveLength(2);
    expect(JSON.parse(seen[1]!.body)).toEqual(JSON.parse(seen[0]!.body));
    expect(lp.requests("token")).toHaveLength(2);
  });

  it("6. middleware: with @lpkit/faasgw, a persistent 401 becomes a GatewayError without leaking the token", async () => {
    const { manager } = setup();
    const { fetch, seen } = api([
      () => json({ code: "unauthorized", message: "Authentication failed" }, 401),
    ]);
    const faas = createFaasClient({
      baseUrl: FAAS_HOST,
      accountId: ACCOUNT,
      auth: manager,
      fetch,
    });
    const error = await expectFailure(faas.invoke(LAMBDA, { name: "Jane" }));
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 401 });
    expect(seen).toHaveLength(2);
  });

  it("6. middleware: with @lpkit/faasgw, 403 is not replayed", async () => {
    const { manager } = setup();
    const { fetch, seen } = api([() => json({ code: "forbidden" }, 403)]);
    const faas = createFaasClient({
      baseUrl: FAAS_HOST,
      accountId: ACCOUNT,
      auth: manager,
      fetch,
    });
    expect(await expectFailure(faas.invoke(LAMBDA, {}))).toMatchObject({ status: 403 });
    expect(seen).toHaveLength(1);
  });

  it("6. middleware: createAuthMiddleware refuses a source without getToken and invalidate", () => {
    for (const source of [null, {}, { getToken: async () => ({}) }, { getToken: 1, invalidate: 2 }]) {
      expect(expectThrow(() => createAuthMiddleware(source as never))).toMatchObject({
        code: "ERR_INVALID_ARGUMENT",
        argument: "source",
      });
    }
  });
});
