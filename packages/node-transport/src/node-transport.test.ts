import { createServer as createHttpServer, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo, Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import { InvalidArgumentError, type TransportRequest } from "@lpkit/core";
import { generate } from "selfsigned";
import { afterEach, describe, expect, it } from "vitest";
import { type NodeTransport, type NodeTransportOptions, nodeTransport } from "./index.js";

const open: { close(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((thing) => thing.close()));
});

function transport(options?: NodeTransportOptions): NodeTransport {
  const made = nodeTransport(options);
  open.push(made);
  return made;
}

/** A plain HTTP server that counts connections and holds `/hold` answers until `release()`. */
async function server() {
  const sockets = new Set<Socket>();
  let connections = 0;
  let requests = 0;
  const held: (() => void)[] = [];
  const http: Server = createHttpServer((request, response) => {
    requests++;
    const answer = () => response.end(`answer to ${request.url}`);
    if (request.url === "/hold") {
      held.push(answer);
    } else {
      answer();
    }
  });
  http.on("connection", (socket) => {
    connections++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const handle = {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    connections: () => connections,
    requests: () => requests,
    release: () => {
      for (const answer of held.splice(0)) {
        answer();
      }
    },
    async close() {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise((resolve) => http.close(resolve));
    },
  };
  open.push(handle);
  return handle;
}

/** Waits until `condition()` holds (a hang guard of 60 s, not a time bound). */
async function until(condition: () => boolean): Promise<void> {
  const giveUp = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > giveUp) {
      throw new Error("the condition never held");
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function get(url: string, signal = new AbortController().signal): TransportRequest {
  return { method: "GET", url, headers: {}, signal, maxBodyBytes: 1 << 20 };
}

describe("nodeTransport options", () => {
  it.each<[string, NodeTransportOptions, RegExp]>([
    ["zero connections", { connections: 0 }, /connections/],
    ["fractional pipelining", { pipelining: 1.5 }, /pipelining/],
    ["a negative keep-alive", { keepAliveTimeoutMs: -1 }, /keepAliveTimeoutMs/],
    [
      "an infinite keep-alive bound",
      { keepAliveMaxTimeoutMs: Number.POSITIVE_INFINITY },
      /keepAliveMaxTimeoutMs/,
    ],
    ["a string connect timeout", { connectTimeoutMs: "5s" as never }, /connectTimeoutMs/],
    ["a negative session cache", { maxCachedSessions: -1 }, /maxCachedSessions/],
    ["a numeric CA", { ca: 42 as never }, /ca/],
  ])("refuses %s with an InvalidArgumentError naming it", (_name, options, pattern) => {
    expect(() => nodeTransport(options)).toThrow(InvalidArgumentError);
    expect(() => nodeTransport(options)).toThrow(pattern);
  });

  it("refuses a non-object", () => {
    expect(() => nodeTransport(null as never)).toThrow(InvalidArgumentError);
  });
});

describe("nodeTransport connections", () => {
  it("keeps connections alive: twenty sequential requests reuse them", async () => {
    const http = await server();
    const t = transport();
    for (let i = 0; i < 20; i++) {
      expect((await t.send(get(`${http.url}/${i}`))).body).toBe(`answer to /${i}`);
    }
    // undici's pool opens a second connection for the request sent as the first answer completes.
    expect(http.connections()).toBeLessThanOrEqual(2);
  });

  it("opens at most `connections` per origin; the rest wait their turn", async () => {
    const http = await server();
    const t = transport({ connections: 2 });
    const pending = Array.from({ length: 6 }, () => t.send(get(`${http.url}/hold`)));
    await until(() => http.requests() === 2);
    await new Promise((resolve) => setTimeout(resolve, 200)); // a third connection would show now
    expect(http.connections()).toBe(2);
    expect(http.requests()).toBe(2);
    while (http.requests() < 6) {
      http.release();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    http.release();
    expect((await Promise.all(pending)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(http.connections()).toBe(2);
  });

  it("a request abandoned while it waits for a connection ends at once and is never sent", async () => {
    const http = await server();
    const t = transport({ connections: 1 });
    const first = t.send(get(`${http.url}/hold`));
    const controller = new AbortController();
    const queued = t.send(get(`${http.url}/queued`, controller.signal));
    await until(() => http.requests() === 1);
    const reason = new Error("the caller gave up");
    controller.abort(reason);
    await expect(queued).rejects.toBe(reason);
    http.release();
    expect((await first).body).toBe("answer to /hold");
    expect((await t.send(get(`${http.url}/after`))).body).toBe("answer to /after");
    expect(http.requests()).toBe(2); // /hold and /after: /queued never reached the server
  });

  it("after close(), requests fail; destroy() ends requests in flight", async () => {
    const http = await server();
    const t = nodeTransport();
    expect((await t.send(get(`${http.url}/a`))).status).toBe(200);
    await t.close();
    await expect(t.send(get(`${http.url}/b`))).rejects.toThrow();
    const d = nodeTransport();
    const before = http.requests();
    const pending = d.send(get(`${http.url}/hold`));
    await until(() => http.requests() === before + 1);
    await d.destroy();
    await expect(pending).rejects.toThrow();
  });
});

describe("nodeTransport over TLS", () => {
  async function tlsServer() {
    const ca = await generate([{ name: "commonName", value: "node-transport test CA" }], {
      keyType: "ec",
      algorithm: "sha256",
      extensions: [{ name: "basicConstraints", cA: true, critical: true }],
    });
    const leaf = await generate([{ name: "commonName", value: "127.0.0.1" }], {
      keyType: "ec",
      algorithm: "sha256",
      ca: { key: ca.private, cert: ca.cert },
      extensions: [{ name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] }],
    });
    const resumed: boolean[] = [];
    const https = createHttpsServer({ key: leaf.private, cert: leaf.cert }, (_request, response) => {
      response.setHeader("connection", "close"); // every request on a new connection
      response.end("over tls");
    });
    https.on("secureConnection", (socket: TLSSocket) => resumed.push(socket.isSessionReused()));
    await new Promise<void>((resolve) => https.listen(0, "127.0.0.1", resolve));
    const handle = {
      url: `https://127.0.0.1:${(https.address() as AddressInfo).port}`,
      ca: ca.cert,
      resumed,
      close: () => new Promise((resolve) => https.close(resolve)),
    };
    open.push(handle);
    return handle;
  }

  it("trusts the `ca` given, and resumes TLS sessions on new connections", async () => {
    const tls = await tlsServer();
    const t = transport({ ca: tls.ca });
    for (let i = 0; i < 3; i++) {
      expect((await t.send(get(`${tls.url}/x`))).body).toBe("over tls");
    }
    expect(tls.resumed).toHaveLength(3);
    expect(tls.resumed[0]).toBe(false);
    expect(tls.resumed.slice(1)).toContain(true);
  });

  it("with maxCachedSessions 0 resumes nothing; without the CA the certificate is refused", async () => {
    const tls = await tlsServer();
    const t = transport({ ca: tls.ca, maxCachedSessions: 0 });
    for (let i = 0; i < 2; i++) {
      await t.send(get(`${tls.url}/x`));
    }
    expect(tls.resumed).toEqual([false, false]);
    await expect(transport().send(get(`${tls.url}/x`))).rejects.toMatchObject({
      code: expect.stringMatching(/CERT|SIGNATURE|ISSUER/),
    });
  });
});
