// The Node adapter on a real node:http server on loopback, and the README's framework recipes:
// plain node:http, an Express-style middleware that read the raw body, a Fastify-style route that
// hands over a Buffer, and a Hono-style `(c) => receiver.handle(c.req.raw)`.
import { once } from "node:events";
import { createServer, request as httpRequest, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  ACCOUNT,
  agentText,
  CLIENT,
  delivery,
  messaging,
  nodeSignature,
  SECRET,
} from "../test-support/webhooks.js";
import { toNodeListener } from "./node-adapter.js";
import { createWebhookReceiver } from "./receiver.js";
import type { WebhookReceiverOptions } from "./receiver-options.js";

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

function receiverWith(extra: Partial<WebhookReceiverOptions> = {}) {
  const messages: string[] = [];
  const receiver = createWebhookReceiver({
    accountId: ACCOUNT,
    clientId: CLIENT,
    clientSecret: SECRET,
    onContent: (e) => void messages.push(String(e.change.event.message)),
    ...extra,
  });
  return { receiver, messages };
}

async function listen(listener: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function signedHeaders(body: string | Uint8Array): Record<string, string> {
  return {
    "content-type": "application/json",
    "x-liveperson-account-id": ACCOUNT,
    "x-liveperson-client-id": CLIENT,
    "x-liveperson-signature": nodeSignature(body, SECRET),
  };
}

/** A raw node:http request that writes `chunks` (with `pauseMs` between them) and returns the status. */
function post(
  url: string,
  headers: Record<string, string>,
  chunks: Uint8Array[],
  pauseMs = 0,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers }, (res: IncomingMessage) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    const next = (i: number) => {
      if (i === chunks.length) {
        req.end();
        return;
      }
      if (!req.write(chunks[i] as Uint8Array)) {
        req.once("drain", () => setTimeout(() => next(i + 1), pauseMs));
      } else {
        setTimeout(() => next(i + 1), pauseMs);
      }
    };
    next(0);
  });
}

const body = messaging([agentText(1, "über node:http 😀")]);

describe("toNodeListener on node:http", () => {
  it("takes a signed delivery and hands the event on", async () => {
    const { receiver, messages } = receiverWith();
    const url = await listen(toNodeListener(receiver));
    const response = await fetch(url, { method: "POST", headers: signedHeaders(body), body });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("OK");
    await receiver.idle();
    expect(messages).toEqual(["über node:http 😀"]);
  });

  it("refuses forged, foreign and wrong-method requests with their statuses", async () => {
    const { receiver, messages } = receiverWith();
    const url = await listen(toNodeListener(receiver));
    const forged = await fetch(url, {
      method: "POST",
      headers: { ...signedHeaders(body), "x-liveperson-signature": nodeSignature(body, "x") },
      body,
    });
    const foreign = await fetch(url, {
      method: "POST",
      headers: { ...signedHeaders(body), "x-liveperson-account-id": "999" },
      body,
    });
    const get = await fetch(url);
    expect([forged.status, foreign.status, get.status]).toEqual([401, 403, 405]);
    expect(get.headers.get("allow")).toBe("POST");
    await receiver.idle();
    expect(messages).toEqual([]);
  });

  it("answers 413 to a declared 10 MB body without buffering it", async () => {
    const { receiver } = receiverWith();
    const url = await listen(toNodeListener(receiver));
    const big = new Uint8Array(10 * 1024 * 1024);
    const status = await post(url, { ...signedHeaders(big), "content-length": String(big.byteLength) }, [
      big,
    ]);
    expect(status).toBe(413);
    expect(receiver.stats().refused).toEqual({ ERR_WEBHOOK_BODY_TOO_LARGE: 1 });
  });

  it("answers 413 to a chunked body that grows past the limit", async () => {
    const { receiver } = receiverWith({ maxBodyBytes: 256 * 1024 });
    const url = await listen(toNodeListener(receiver));
    const chunks = Array.from({ length: 40 }, () => new Uint8Array(64 * 1024));
    const status = await post(url, { ...signedHeaders("x"), "transfer-encoding": "chunked" }, chunks);
    expect(status).toBe(413);
    expect(receiver.stats().refused).toEqual({ ERR_WEBHOOK_BODY_TOO_LARGE: 1 });
  });

  it("answers 408 to a body slower than bodyTimeoutMs", async () => {
    const { receiver } = receiverWith({ bodyTimeoutMs: 100 });
    const url = await listen(toNodeListener(receiver));
    const bytes = new TextEncoder().encode(body);
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        url,
        { method: "POST", headers: { ...signedHeaders(bytes), "content-length": String(bytes.length) } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on("error", reject);
      req.write(bytes.subarray(0, 10)); // and never the rest
    });
    expect(status).toBe(408);
  });

  it("counts a client that hangs up mid-body as an incomplete body, and stays up", async () => {
    const { receiver, messages } = receiverWith();
    const url = await listen(toNodeListener(receiver));
    const bytes = new TextEncoder().encode(body);
    const req = httpRequest(url, {
      method: "POST",
      headers: { ...signedHeaders(bytes), "content-length": String(bytes.length) },
    });
    req.on("error", () => {});
    // The headers and 10 bytes are handed to the kernel before the client hangs up, so the server sees
    // a request whose body ends early (however busy the machine is).
    await new Promise((resolve) => req.write(bytes.subarray(0, 10), resolve));
    req.destroy();
    const giveUp = Date.now() + 60_000; // a hang guard, not a time bound
    while (!receiver.stats().refused.ERR_WEBHOOK_BODY) {
      expect(Date.now()).toBeLessThan(giveUp);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await fetch(url, { method: "POST", headers: signedHeaders(body), body })).status).toBe(200);
    await receiver.idle();
    expect(messages).toHaveLength(1);
  });
});

describe("framework recipes", () => {
  it("Express: app.post(path, express.raw({ type: '*/*' }), toNodeListener(receiver))", async () => {
    const { receiver, messages } = receiverWith();
    const listener = toNodeListener(receiver);
    // What express.raw() does: read the body into a Buffer on req.body, then call the next handler.
    const rawBody = (req: IncomingMessage & { body?: unknown }, next: () => void) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        req.body = Buffer.concat(chunks);
        next();
      });
    };
    const url = await listen((req, res) => rawBody(req, () => listener(req, res)));
    expect((await fetch(url, { method: "POST", headers: signedHeaders(body), body })).status).toBe(200);
    expect((await fetch(url, { method: "POST", headers: signedHeaders("tampered"), body })).status).toBe(401);
    await receiver.idle();
    expect(messages).toHaveLength(1);
  });

  it("Fastify: a buffer content-type parser, then reply with receiver.receive()", async () => {
    const { receiver, messages } = receiverWith();
    // The route handler of the recipe, given what Fastify passes (request.method/headers/body, reply).
    const route = async (
      request: { method: string; headers: Record<string, string | string[] | undefined>; body: Buffer },
      reply: { code(status: number): { headers(h: Record<string, string>): { send(body: string): void } } },
    ) => {
      const answer = await receiver.receive({
        method: request.method,
        headers: request.headers,
        body: request.body,
      });
      reply
        .code(answer.status)
        .headers({ ...answer.headers })
        .send(answer.body);
    };
    const sent: { status: number; body: string }[] = [];
    const reply = {
      code: (status: number) => ({
        headers: () => ({ send: (b: string) => void sent.push({ status, body: b }) }),
      }),
    };
    const bytes = Buffer.from(body);
    await route({ method: "POST", headers: signedHeaders(bytes), body: bytes }, reply);
    await route(
      {
        method: "POST",
        headers: { ...signedHeaders(bytes), "x-liveperson-signature": "sha1=AAAA" },
        body: bytes,
      },
      reply,
    );
    expect(sent.map((s) => s.status)).toEqual([200, 401]);
    await receiver.idle();
    expect(messages).toHaveLength(1);
  });

  it("Hono (and any fetch-style router): app.post(path, (c) => receiver.handle(c.req.raw))", async () => {
    const { receiver, messages } = receiverWith();
    const handler = (c: { req: { raw: Request } }) => receiver.handle(c.req.raw);
    const ok = await handler({ req: { raw: delivery(body) } });
    const bad = await handler({ req: { raw: delivery(body, { secret: "nope" }) } });
    expect([ok.status, bad.status]).toEqual([200, 401]);
    await receiver.idle();
    expect(messages).toHaveLength(1);
  });
});
