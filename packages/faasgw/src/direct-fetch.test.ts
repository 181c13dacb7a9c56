/**
 * The fast path: without an injected `fetch`, calls go straight to `globalThis.fetch(url, init)` —
 * no `Request`, no openapi-fetch. Checked against real loopback servers: it must send exactly what
 * the `Request` path sends and what openapi-fetch's `client.POST` / `client.GET` send for the same
 * operation, and keep 901, timeouts, aborts and the 401 replay.
 */
import { AbortError, FunctionError, TimeoutError } from "@lpkit/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFaasClient } from "./client.js";
import { closeServers, type SeenRequest, serve } from "./test-support/loopback-server.js";
import { rejection } from "./test-support/responses.js";
import type { FaasClient, FaasClientOptions } from "./types.js";

const ACCOUNT = "12345678";
const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const EVENT = "bot_connectors_custom_integration";

afterEach(closeServers);

/** What must be identical between the ways of sending (the request id differs per call by design). */
function comparable(seen: SeenRequest) {
  const { "x-request-id": requestId, ...headers } = seen.headers;
  expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
  return { method: seen.method, url: seen.url, headers, body: seen.body };
}

/** The two ways a client can send: straight to global fetch, and a Request to an injected fetch. */
function twoClients(options: FaasClientOptions) {
  const injected = vi.fn((request: Request) => globalThis.fetch(request));
  return {
    injected,
    clients: [createFaasClient(options), createFaasClient({ ...options, fetch: injected })] as const,
  };
}

/** The same three operations through openapi-fetch's own `client.POST` / `client.GET` (`raw`). */
async function viaOpenapiFetch(
  client: FaasClient,
  convention: "v1" | "v2",
  ids: { userId?: string; skillId?: string },
) {
  const query = convention === "v1" ? { v: "1" as const, externalSystem: "my-crm", ...ids } : ids;
  const header = {
    Authorization: "Bearer secret-token",
    Accept: "application/json",
    "X-Request-Id": crypto.randomUUID(),
    ...(convention === "v2" ? { "LP-EventSource": "my-crm" } : {}),
  };
  const invokeBody = {
    timestamp: 7,
    headers: [{ key: "x-correlation-id", value: "c1" }],
    payload: { text: "ünïcødé", list: [1, 2] },
  };
  await client.raw.POST("/api/account/{accountId}/lambdas/{lambdaUuid}/invoke", {
    params: { path: { accountId: ACCOUNT, lambdaUuid: LAMBDA }, query, header },
    body: invokeBody,
  });
  await client.raw.POST("/api/account/{accountId}/events/{eventId}/invoke", {
    params: { path: { accountId: ACCOUNT, eventId: EVENT }, query, header },
    body: { timestamp: 7, headers: [], payload: null },
  });
  await client.raw.GET("/api/account/{accountId}/events/{eventId}/isImplemented", {
    params: { path: { accountId: ACCOUNT, eventId: EVENT }, query, header },
  });
}

describe("straight to global fetch, against a loopback server", () => {
  it.each([
    ["v1", { userId: "crm user/1", skillId: "42" }],
    ["v2", {}],
  ] as const)(
    "sends the same %s requests as the Request path and as openapi-fetch's client.POST/GET",
    async (convention, ids) => {
      const { baseUrl, seen } = await serve((entry, res) => {
        res
          .writeHead(200, { "content-type": "application/json" })
          .end(entry.url?.includes("isImplemented") ? '{"implemented":true}' : '{"ok":true}');
      });
      const { clients, injected } = twoClients({
        baseUrl: `${baseUrl}/`,
        accountId: ACCOUNT,
        convention,
        auth: "secret-token",
        source: "my-crm",
        headers: { "X-Tenant": "t1", "content-type": "application/json; charset=utf-8" },
      });
      for (const client of clients) {
        const result = await client.invoke<{ ok: boolean }>(
          LAMBDA,
          { text: "ünïcødé", list: [1, 2] },
          { ...ids, timestamp: 7, headers: { "x-correlation-id": "c1" } },
        );
        expect(result.data).toEqual({ ok: true });
        await client.invokeEvent(EVENT, null, { ...ids, timestamp: 7 });
        expect(await client.isImplemented(EVENT, ids)).toBe(true);
      }
      await viaOpenapiFetch(clients[0], convention, ids);
      expect(injected).toHaveBeenCalledTimes(3);
      expect(seen).toHaveLength(9);
      const [direct, viaRequest, openapiFetch] = [seen.slice(0, 3), seen.slice(3, 6), seen.slice(6, 9)];
      expect(direct.map(comparable)).toEqual(viaRequest.map(comparable));
      expect(direct.map(comparable)).toEqual(openapiFetch.map(comparable));
      const [invoke, invokeEvent, isImplemented] = direct;
      const query = convention === "v1" ? "?v=1&externalSystem=my-crm&userId=crm%20user%2F1&skillId=42" : "";
      expect(invoke).toMatchObject({
        method: "POST",
        url: `/api/account/${ACCOUNT}/lambdas/${LAMBDA}/invoke${query}`,
        body: '{"timestamp":7,"headers":[{"key":"x-correlation-id","value":"c1"}],"payload":{"text":"ünïcødé","list":[1,2]}}',
      });
      expect(invoke?.headers).toMatchObject({
        authorization: "Bearer secret-token",
        accept: "application/json",
        // A client-wide Content-Type wins over the default, as with openapi-fetch.
        "content-type": "application/json; charset=utf-8",
        "x-tenant": "t1",
      });
      expect(invoke?.headers["lp-eventsource"]).toBe(convention === "v2" ? "my-crm" : undefined);
      expect(invokeEvent?.url).toBe(`/api/account/${ACCOUNT}/events/${EVENT}/invoke${query}`);
      expect(isImplemented).toMatchObject({ method: "GET", body: "" });
      // Client-wide headers go with every request, the GET included (as with openapi-fetch).
      expect(isImplemented?.headers["content-type"]).toBe("application/json; charset=utf-8");
    },
  );

  it("maps a real status 901 to a FunctionError", async () => {
    const { baseUrl } = await serve((_seen, res) => {
      res
        .writeHead(901, { "content-type": "application/json" })
        .end('{"code":"com.customer.faas.function.threw-error","message":"boom"}');
    });
    const client = createFaasClient({ baseUrl, accountId: ACCOUNT, convention: "v2" });
    const error = await rejection(client.invokeEvent(EVENT, {}));
    expect(error).toBeInstanceOf(FunctionError);
    expect(error).toMatchObject({ status: 901 });
  });

  it("times out when the server never answers, and when the body never ends", async () => {
    const { baseUrl } = await serve((entry, res) => {
      if (entry.url?.includes("isImplemented")) {
        res.writeHead(200, { "content-type": "application/json" }).write('{"implemented":');
      }
      // Otherwise: never answer.
    });
    const sleep = vi.fn(async () => {});
    const client: FaasClient = createFaasClient({ baseUrl, accountId: ACCOUNT, timeoutMs: 50, sleep });
    const started = performance.now();
    const error = await rejection(client.invoke(LAMBDA, {}));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 50 });
    // The deadline under test is 50 ms: never sooner (1 ms of timer rounding), and — only to prove
    // the call does not hang on a server that never answers — well within 40× that on a busy machine.
    expect(elapsed).toBeGreaterThanOrEqual(49);
    expect(elapsed).toBeLessThan(2_000);
    expect(await rejection(client.isImplemented(EVENT))).toBeInstanceOf(TimeoutError);
    // A GET is safe to repeat: retried after a timeout (without real waiting), an invoke is not.
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it("ends with an AbortError when the caller aborts", async () => {
    const { baseUrl, seen } = await serve(() => {});
    const client = createFaasClient({ baseUrl, accountId: ACCOUNT });
    const controller = new AbortController();
    const pending = rejection(client.invoke(LAMBDA, {}, { signal: controller.signal }));
    // A hang guard, not a time bound: vi.waitFor gives up after 1 s by default, and a loaded machine
    // can take longer than that to get the request to the server.
    await vi.waitFor(() => expect(seen).toHaveLength(1), { timeout: 60_000, interval: 10 });
    controller.abort();
    expect(await pending).toBeInstanceOf(AbortError);
  });

  it("replays once after a 401 with a new token and the same body", async () => {
    const { baseUrl, seen } = await serve((entry, res) => {
      const ok = entry.headers.authorization === "Bearer token-2";
      res.writeHead(ok ? 200 : 401, { "content-type": "application/json" }).end(ok ? '{"ok":1}' : "{}");
    });
    let version = 1;
    const auth = {
      authorization: async () => `Bearer token-${version}`,
      invalidate: async (rejected: string) => {
        if (rejected === `Bearer token-${version}`) {
          version += 1;
        }
      },
    };
    const client = createFaasClient({ baseUrl, accountId: ACCOUNT, auth });
    expect((await client.invoke(LAMBDA, { big: "x".repeat(100_000) })).data).toEqual({ ok: 1 });
    expect(seen).toHaveLength(2);
    expect(seen[1]?.body).toBe(seen[0]?.body);
    expect(seen[1]?.body.length).toBeGreaterThan(100_000);
  });
});
