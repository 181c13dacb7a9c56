/**
 * The transport conformance suite: what every `Transport` lpkit ships must do, checked against a
 * real HTTP server on loopback (started and stopped here). Run by core for `fetchTransport` and by
 * `@lpkit/node-transport` for `nodeTransport` — the two must be interchangeable. Everything it uses
 * from core comes in through the kit, so each package runs it against its own build of core.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { startDeadline } from "../deadline.js";
import type { exchange } from "../exchange.js";
import type { Transport, TransportRequest } from "../transport.js";

type ErrorClass = abstract new (...args: never[]) => Error;

/** What the suite needs from the package that runs it. */
export interface ConformanceKit {
  /** A fresh transport; `close` (if any) is called when the suite ends. */
  make(): Transport & { close?(): Promise<void> };
  exchange: typeof exchange;
  startDeadline: typeof startDeadline;
  errors: { TimeoutError: ErrorClass; AbortError: ErrorClass; NetworkError: ErrorClass };
}

type Route = (request: IncomingMessage, response: ServerResponse, body: string) => void;

/** An answer that never comes (the socket stays open until the server closes). */
const HANG: Route = () => {};

const ROUTES: Record<string, Route> = {
  "/echo": (request, response, body) => {
    response.setHeader("x-multi", ["a", "b"]);
    response.setHeader("Content-Type", "application/json");
    response.end(
      JSON.stringify({ method: request.method, url: request.url, headers: request.headers, body }),
    );
  },
  "/901": (_request, response) => {
    response.writeHead(901, "Function Failed", { "content-type": "application/json" });
    response.end('{"code":"com.customer.faas.function.threw-error"}');
  },
  "/redirect": (_request, response) => {
    response.writeHead(307, { location: "https://elsewhere.example/steal" });
    response.end("moved");
  },
  "/hundred": (_request, response) => response.end("x".repeat(100)),
  "/endless": (_request, response) => {
    response.writeHead(200, { "content-type": "text/plain" });
    const chunk = "y".repeat(16_384);
    const more = () => {
      while (!response.destroyed && response.write(chunk)) {}
      if (!response.destroyed) {
        response.once("drain", more);
      }
    };
    more();
  },
  "/utf8": (_request, response) => {
    const bytes = Buffer.from("\uFEFFgrüße €", "utf8");
    response.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
    // Split inside the multi-byte characters: a decoder that decodes chunk by chunk breaks them.
    response.write(bytes.subarray(0, 6));
    setTimeout(() => response.end(bytes.subarray(6)), 5);
  },
  "/no-content": (_request, response) => {
    response.writeHead(204);
    response.end();
  },
  "/gzip": (_request, response) => {
    response.writeHead(200, { "content-encoding": "gzip", "content-type": "application/json" });
    response.end(gzipSync('{"zipped":true}'));
  },
  "/gzip-bomb": (_request, response) => {
    response.writeHead(200, { "content-encoding": "gzip" });
    response.end(gzipSync(Buffer.alloc(1_000_000, 0x61)));
  },
  "/big": (_request, response) => {
    response.writeHead(200, { "content-type": "text/plain" });
    for (let i = 0; i < 64; i++) {
      response.write(`${String(i).padStart(4, "0")}${"z".repeat(16_380)}`);
    }
    response.end();
  },
  "/declared-huge": (_request, response) => {
    // Declares far more than any bound, sends a little, then stalls: it must not be waited for.
    response.writeHead(200, { "content-type": "text/plain", "content-length": "10000000" });
    response.write("0123456789");
  },
  "/hang": HANG,
  "/stall-body": (_request, response) => {
    response.writeHead(200, { "content-type": "text/plain", "content-length": "100" });
    response.write("partial");
  },
  "/reset": (request, response) => {
    response.writeHead(200, { "content-type": "text/plain", "content-length": "100" });
    response.write("partial", () => request.socket.destroy());
  },
};

/** The loopback server of one suite run: routes above, every request and connection counted. */
async function startServer(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      const path = (request.url ?? "/").split("?")[0] as string;
      seen.push(path);
      (ROUTES[path] ?? ((_q, r) => r.writeHead(404).end()))(request, response, body);
    });
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    async close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Defines the conformance tests for one transport.
 *
 * @example
 * ```ts
 * transportConformance("fetchTransport()", { make: () => fetchTransport(), exchange, startDeadline, errors });
 * ```
 */
export function transportConformance(name: string, kit: ConformanceKit): void {
  describe(`transport conformance: ${name}`, () => {
    let server: Awaited<ReturnType<typeof startServer>>;
    let transport: ReturnType<ConformanceKit["make"]>;
    beforeAll(async () => {
      server = await startServer();
      transport = kit.make();
    });
    afterAll(async () => {
      await transport.close?.();
      await server.close();
    });

    const request = (path: string, extra: Partial<TransportRequest> = {}): TransportRequest => ({
      method: "GET",
      url: `${server.url}${path}`,
      headers: { accept: "application/json" },
      signal: new AbortController().signal,
      maxBodyBytes: 1 << 20,
      ...extra,
    });
    const via = (path: string, timeoutMs: number, extra: { signal?: AbortSignal } = {}) =>
      kit
        .exchange(
          { method: "GET", url: `${server.url}${path}?secret=1`, headers: {} },
          { transport, timeoutMs, maxBodyBytes: 1 << 20, what: "conformance call", ...extra },
        )
        .catch((error: unknown) => error);

    it("sends method, path, query, headers and body; returns status, status text, headers and body", async () => {
      const response = await transport.send(
        request("/echo?a=1&b=%C3%A9", {
          method: "POST",
          headers: { "content-type": "application/json", "x-request-id": "r-1" },
          body: '{"payload":"é"}',
        }),
      );
      expect(response.status).toBe(200);
      expect(response.statusText).toBe("OK");
      expect(response.headers.get("Content-Type")).toBe("application/json");
      expect(response.headers.get("x-multi")).toBe("a, b");
      expect(response.headers.get("x-absent")).toBeNull();
      const echoed = JSON.parse(response.body as string);
      expect(echoed).toMatchObject({ method: "POST", url: "/echo?a=1&b=%C3%A9", body: '{"payload":"é"}' });
      expect(echoed.headers).toMatchObject({ "content-type": "application/json", "x-request-id": "r-1" });
    });

    it("passes any status through (faasGW's 901) and never follows a redirect", async () => {
      const failed = await transport.send(request("/901"));
      expect(failed).toMatchObject({
        status: 901,
        body: '{"code":"com.customer.faas.function.threw-error"}',
      });
      const before = server.seen.length;
      const redirect = await transport.send(request("/redirect"));
      expect(redirect.status).toBe(307);
      expect(redirect.headers.get("location")).toBe("https://elsewhere.example/steal");
      expect(server.seen.slice(before)).toEqual(["/redirect"]);
    });

    it("bounds the body: over the bound by Content-Length or while streaming is `undefined`", async () => {
      expect((await transport.send(request("/hundred", { maxBodyBytes: 10 }))).body).toBeUndefined();
      expect((await transport.send(request("/hundred", { maxBodyBytes: 100 }))).body).toBe("x".repeat(100));
      expect((await transport.send(request("/endless", { maxBodyBytes: 65_536 }))).body).toBeUndefined();
      expect((await transport.send(request("/declared-huge", { maxBodyBytes: 1_000 }))).body).toBeUndefined();
      // …and the transport still works afterwards.
      expect((await transport.send(request("/hundred"))).body).toHaveLength(100);
    });

    it("reads a body of many chunks exactly, decodes UTF-8 across chunks and drops a BOM", async () => {
      const big = (await transport.send(request("/big"))).body as string;
      expect(big).toHaveLength(64 * 16_384);
      expect(big.slice(16_384 * 63, 16_384 * 63 + 4)).toBe("0063");
      expect((await transport.send(request("/utf8"))).body).toBe("grüße €");
      expect((await transport.send(request("/no-content"))).body).toBe("");
      expect((await transport.send(request("/echo", { method: "HEAD" }))).body).toBe("");
    });

    it("undoes Content-Encoding as fetch does, bounded by the decoded size", async () => {
      expect((await transport.send(request("/gzip"))).body).toBe('{"zipped":true}');
      expect((await transport.send(request("/gzip-bomb", { maxBodyBytes: 100_000 }))).body).toBeUndefined();
    });

    it("rejects with the signal's reason: aborted before (nothing sent), while waiting, while the body stalls", async () => {
      const reason = new Error("deadline");
      const before = server.seen.length;
      await expect(transport.send(request("/echo", { signal: AbortSignal.abort(reason) }))).rejects.toBe(
        reason,
      );
      for (const path of ["/hang", "/stall-body"]) {
        const controller = new AbortController();
        const pending = transport.send(request(path, { signal: controller.signal }));
        setTimeout(() => controller.abort(reason), 50);
        await expect(pending).rejects.toBe(reason);
      }
      expect(server.seen.slice(before)).not.toContain("/echo");
    });

    it("through exchange: a TimeoutError naming the origin, from its own deadline or the caller's", async () => {
      const own = await via("/hang", 200);
      expect(own).toBeInstanceOf(kit.errors.TimeoutError);
      expect((own as Error).message).toBe(`conformance call: no answer from ${server.url} within 200 ms`);
      const deadline = kit.startDeadline(200, undefined);
      const theirs = await kit
        .exchange(
          { method: "GET", url: `${server.url}/stall-body`, headers: {} },
          { transport, timeoutMs: 0, deadline, maxBodyBytes: 1 << 20, what: "conformance call" },
        )
        .catch((error: unknown) => error);
      deadline.clear();
      expect(theirs).toBeInstanceOf(kit.errors.TimeoutError);
      const controller = new AbortController();
      const aborted = via("/hang", 60_000, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      expect(await aborted).toBeInstanceOf(kit.errors.AbortError);
    });

    it("through exchange: failures are NetworkErrors naming the origin — refused (connect), reset (unknown)", async () => {
      const closed = await startServer();
      const refusedUrl = closed.url;
      await closed.close();
      const refused = await kit
        .exchange(
          { method: "POST", url: `${refusedUrl}/x?secret=1`, headers: { authorization: "Bearer s3cr3t" } },
          { transport, timeoutMs: 10_000, maxBodyBytes: 100, what: "conformance call" },
        )
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(kit.errors.NetworkError);
      expect(refused).toMatchObject({
        phase: "connect",
        message: `conformance call: could not reach ${refusedUrl} (ECONNREFUSED)`,
      });
      const reset = await via("/reset", 10_000);
      expect(reset).toBeInstanceOf(kit.errors.NetworkError);
      expect(reset).toMatchObject({ phase: "unknown" });
      expect((reset as Error).message).toContain(`could not reach ${server.url}`);
      expect((reset as Error).message).not.toContain("secret");
    });
  });
}
