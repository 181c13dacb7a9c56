/**
 * The client with the real `globalThis.fetch` against an HTTP server this test starts on loopback:
 * proves the default `fetch`, the wire format, real timeouts and refused connections.
 *
 * @module
 */
import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { DomainApiError, NetworkError, TimeoutError } from "@lpkit/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDomainClient } from "./create-domain-client.js";

const seen: { method: string | undefined; url: string | undefined; requestId: string | undefined }[] = [];
let server: Server;
let baseUrl: string;
const hanging = new Set<ServerResponse>();

function handle(request: IncomingMessage, response: ServerResponse): void {
  seen.push({
    method: request.method,
    url: request.url,
    requestId: request.headers["x-request-id"] as string,
  });
  const url = new URL(request.url ?? "/", "http://localhost");
  const match = /^\/api\/account\/([^/]+)\/service\/(?:([^/]+)\/)?baseURI\.json$/.exec(url.pathname);
  if (!match || url.searchParams.get("version") !== "1.0") {
    response.writeHead(400, { "Content-Type": "text/html" }).end("<h1>Bad Request</h1>");
    return;
  }
  const [, account, service] = match;
  if (account === "slow") {
    hanging.add(response);
    return;
  }
  const entries = [
    { service: "sentinel", account, baseURI: "127.0.0.1:4101" },
    { service: "faasGW", account, baseURI: "127.0.0.1:4102" },
  ];
  const body =
    service === undefined ? { baseURIs: entries } : entries.find((entry) => entry.service === service);
  if (!body) {
    response.writeHead(404, { "Content-Type": "application/json" }).end('{"error":"Not Found"}');
    return;
  }
  response.writeHead(200, { "Content-Type": "application/json;charset=utf-8" }).end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer(handle);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const response of hanging) {
    response.destroy();
  }
  server.closeAllConnections();
  server.close();
  await once(server, "close");
});

describe("against a loopback server with the default fetch", () => {
  it("looks up one service and lists all of them", async () => {
    const domain = createDomainClient({ baseUrl });
    // A plain-HTTP loopback Domain API (an emulator): its loopback hosts are reached over http too.
    expect(await domain.getServiceHost("12345678", "faasGW")).toBe("http://127.0.0.1:4102");
    expect(await domain.listServices("12345678")).toEqual([
      { service: "sentinel", account: "12345678", baseURI: "127.0.0.1:4101" },
      { service: "faasGW", account: "12345678", baseURI: "127.0.0.1:4102" },
    ]);
    const last = seen.at(-1);
    expect(last?.method).toBe("GET");
    expect(last?.url).toBe("/api/account/12345678/service/baseURI.json?version=1.0");
    expect(last?.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("maps the server's 404 and a wrong path", async () => {
    const domain = createDomainClient({ baseUrl });
    await expect(domain.getServiceHost("12345678", "unknownService")).rejects.toMatchObject({
      code: "ERR_SERVICE_NOT_FOUND",
    });
    const wrongPrefix = createDomainClient({ baseUrl: `${baseUrl}/prefix` });
    const error = await wrongPrefix.listServices("12345678").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainApiError);
    expect((error as DomainApiError).status).toBe(400);
  });

  it("times out a server that never answers", async () => {
    const domain = createDomainClient({ baseUrl, timeoutMs: 50 });
    const error = await domain.listServices("slow").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("reports a refused connection as a connect-phase NetworkError", async () => {
    const closed = createServer();
    closed.listen(0, "127.0.0.1");
    await once(closed, "listening");
    const port = (closed.address() as AddressInfo).port;
    closed.close();
    await once(closed, "close");
    const error = await createDomainClient({ baseUrl: `http://127.0.0.1:${port}` })
      .listServices("12345678")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).phase).toBe("connect");
  });
});
