/**
 * The client against real HTTP servers on 127.0.0.1 with Node's own fetch: the non-standard status
 * 901 as Node really delivers it, real connection refusals (retried) and resets (not retried).
 */
import { FunctionError, GatewayError, NetworkError } from "@lpkit/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFaasClient } from "./client.js";
import { closeServers, serve } from "./test-support/loopback-server.js";
import { rejection } from "./test-support/responses.js";

const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";

afterEach(closeServers);

describe("against a loopback server with Node's fetch", () => {
  it("sends the documented V1 request and reads the function's result", async () => {
    const { baseUrl, seen } = await serve((_seen, res) => {
      res.writeHead(200, { "content-type": "application/json" }).end('{"greeting":"hi"}');
    });
    const client = createFaasClient({
      baseUrl,
      accountId: "12345678",
      auth: "tok",
      source: "crm",
      now: () => 5,
    });
    const result = await client.invoke<{ greeting: string }>(LAMBDA, { a: 1 }, { userId: "u1" });
    expect(result.data.greeting).toBe("hi");
    expect(seen[0]).toMatchObject({
      method: "POST",
      url: `/api/account/12345678/lambdas/${LAMBDA}/invoke?v=1&externalSystem=crm&userId=u1`,
      body: '{"timestamp":5,"headers":[],"payload":{"a":1}}',
    });
    expect(seen[0]?.headers).toMatchObject({
      authorization: "Bearer tok",
      "content-type": "application/json",
    });
    expect(seen[0]?.headers["x-request-id"]).toBe(result.requestId);
  });

  it("maps a real status 901 to a FunctionError with logs", async () => {
    const { baseUrl } = await serve((_seen, res) => {
      res.writeHead(901, "Function Failed", { "content-type": "application/json" }).end(
        JSON.stringify({
          errorCode: "com.liveperson.faas.handler.custom-failure",
          errorMsg: "Function Invocation failed due to an issue caused by customer coding",
          errorLogs: [{ level: "Error", message: "boom", timestamp: 1, extras: ["x"] }],
        }),
      );
    });
    const client = createFaasClient({ baseUrl, accountId: "12345678" });
    const error = await rejection(client.invoke(LAMBDA, {}));
    expect(error).toBeInstanceOf(FunctionError);
    expect(error).toMatchObject({
      status: 901,
      errorCode: "com.liveperson.faas.handler.custom-failure",
      logs: [{ level: "Error", message: "boom", timestamp: 1, extras: ["x"] }],
    });
  });

  it("maps a real HTML 502 to a GatewayError", async () => {
    const { baseUrl } = await serve((_seen, res) => {
      res.writeHead(502, { "content-type": "text/html" }).end("<html><h1>502 Bad Gateway</h1></html>");
    });
    const client = createFaasClient({ baseUrl, accountId: "12345678" });
    const error = await rejection(client.invoke(LAMBDA, {}));
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as Error).message).toContain("<h1>502 Bad Gateway</h1>");
  });

  it("retries a refused connection (the function certainly did not run)", async () => {
    const { baseUrl } = await serve(() => {});
    // Free the port again: connections to it are now refused.
    await closeServers();
    const fetch = vi.fn((request: Request) => globalThis.fetch(request));
    const sleep = vi.fn(async () => {});
    const client = createFaasClient({ baseUrl, accountId: "12345678", fetch, sleep });
    const error = await rejection(client.invoke(LAMBDA, {}));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).phase).toBe("connect");
    expect(fetch).toHaveBeenCalledTimes(3);
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it("does not retry when the connection drops after the request was sent", async () => {
    const { baseUrl, seen } = await serve((_seen, _res, req) => {
      req.socket.destroy();
    });
    const sleep = vi.fn(async () => {});
    const client = createFaasClient({ baseUrl, accountId: "12345678", sleep });
    const error = await rejection(client.invoke(LAMBDA, { side: "effect" }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).phase).toBe("unknown");
    expect(seen).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });
});
