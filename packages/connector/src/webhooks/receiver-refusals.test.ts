// Every refusal of the web handler: its status, its typed error (reported to onRefused), and no
// callback for it. Valid deliveries next to the bad ones still go through.
import type { WebhookError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import {
  ACCOUNT,
  agentText,
  CLIENT,
  delivery,
  messaging,
  nodeSignature,
  SECRET,
} from "../test-support/webhooks.js";
import { createWebhookReceiver } from "./receiver.js";

function setup(extra: Partial<Parameters<typeof createWebhookReceiver>[0]> = {}) {
  const handed: unknown[] = [];
  const refused: WebhookError[] = [];
  const receiver = createWebhookReceiver({
    accountId: ACCOUNT,
    clientId: CLIENT,
    clientSecret: SECRET,
    onEvent: (event) => {
      handed.push(event);
    },
    onRefused: (error) => refused.push(error),
    ...extra,
  });
  return { receiver, handed, refused };
}

const body = messaging([agentText(1, "Hello")]);

/** A request whose body is streamed in chunks, without Content-Length. */
function streamed(chunks: Uint8Array[], headers: Record<string, string>, fail = false): Request {
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.shift();
      if (next) {
        controller.enqueue(next);
      } else if (fail) {
        controller.error(new Error("connection reset"));
      } else {
        controller.close();
      }
    },
  });
  return new Request("https://connector.example/webhooks", {
    method: "POST",
    headers,
    body: stream,
    duplex: "half",
  } as RequestInit);
}

const headersFor = (text: string | Uint8Array) => ({
  "x-liveperson-account-id": ACCOUNT,
  "x-liveperson-client-id": CLIENT,
  "x-liveperson-signature": nodeSignature(text, SECRET),
});

describe("the web handler refuses", () => {
  const cases: [string, () => Request, number, string][] = [
    ["a GET", () => delivery(body, { method: "GET" }), 405, "ERR_WEBHOOK_METHOD"],
    [
      "no account header",
      () => delivery(body, { headers: { "x-liveperson-account-id": null } }),
      400,
      "ERR_WEBHOOK_HEADER",
    ],
    [
      "no client header",
      () => delivery(body, { headers: { "x-liveperson-client-id": null } }),
      400,
      "ERR_WEBHOOK_HEADER",
    ],
    [
      "no signature",
      () => delivery(body, { headers: { "x-liveperson-signature": null } }),
      400,
      "ERR_WEBHOOK_HEADER",
    ],
    [
      "an account id that is no id",
      () => delivery(body, { headers: { "x-liveperson-account-id": "12 34" } }),
      400,
      "ERR_WEBHOOK_HEADER",
    ],
    [
      "another account",
      () => delivery(body, { headers: { "x-liveperson-account-id": "87654321" } }),
      403,
      "ERR_WEBHOOK_ORIGIN",
    ],
    [
      "another application",
      () => delivery(body, { headers: { "x-liveperson-client-id": "other-app" } }),
      403,
      "ERR_WEBHOOK_ORIGIN",
    ],
    ["a wrong secret", () => delivery(body, { secret: "not-the-secret" }), 401, "ERR_WEBHOOK_SIGNATURE"],
    [
      "a signature of other bytes",
      () => delivery(`${body} `, { headers: { "x-liveperson-signature": nodeSignature(body, SECRET) } }),
      401,
      "ERR_WEBHOOK_SIGNATURE",
    ],
    [
      "an unsupported algorithm",
      () => delivery(body, { headers: { "x-liveperson-signature": "md5=abcd" } }),
      401,
      "ERR_WEBHOOK_SIGNATURE",
    ],
    [
      "a truncated body",
      () =>
        delivery(body.slice(0, 40), { headers: { "x-liveperson-signature": nodeSignature(body, SECRET) } }),
      401,
      "ERR_WEBHOOK_SIGNATURE",
    ],
    [
      "a signed body that is not UTF-8",
      () => delivery(Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d)),
      400,
      "ERR_WEBHOOK_BODY",
    ],
    ["a signed body that is not JSON", () => delivery("{not json"), 400, "ERR_WEBHOOK_BODY"],
    [
      "a signed body that is no notification",
      () => delivery('{"kind":"req","type":"x"}'),
      400,
      "ERR_WEBHOOK_PAYLOAD",
    ],
    [
      "a declared 10 MB body",
      () => delivery(new Uint8Array(10 * 1024 * 1024)),
      413,
      "ERR_WEBHOOK_BODY_TOO_LARGE",
    ],
  ];
  for (const [what, request, status, code] of cases) {
    it(`${what} with ${status} ${code}`, async () => {
      const { receiver, handed, refused } = setup();
      const response = await receiver.handle(request());
      expect(response.status).toBe(status);
      expect(refused.map((e) => e.code)).toEqual([code]);
      expect(await response.text()).toBe(refused[0]?.message);
      await receiver.idle();
      expect(handed).toEqual([]);
      expect(receiver.stats().refused).toEqual({ [code]: 1 });
      if (status === 405) {
        expect(response.headers.get("allow")).toBe("POST");
      }
    });
  }

  it("a streamed 10 MB body without Content-Length, stopping at the limit", async () => {
    const { receiver, refused } = setup({ maxBodyBytes: 64 * 1024 });
    const chunks = Array.from({ length: 160 }, () => new Uint8Array(64 * 1024));
    const response = await receiver.handle(streamed(chunks, headersFor("x")));
    expect(response.status).toBe(413);
    expect(chunks.length).toBeGreaterThan(150); // the rest was never pulled
    expect(refused[0]?.code).toBe("ERR_WEBHOOK_BODY_TOO_LARGE");
  });

  it("a body that breaks off", async () => {
    const { receiver, refused } = setup();
    const response = await receiver.handle(
      streamed([new TextEncoder().encode(body.slice(0, 20))], headersFor(body), true),
    );
    expect(response.status).toBe(400);
    expect(refused[0]).toMatchObject({ code: "ERR_WEBHOOK_BODY", problem: "incomplete" });
  });

  it("a body slower than bodyTimeoutMs (408)", async () => {
    const { receiver, refused } = setup({ bodyTimeoutMs: 50 });
    const never = new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
    const request = new Request("https://x/", {
      method: "POST",
      headers: headersFor(body),
      body: never,
      duplex: "half",
    } as RequestInit);
    const response = await receiver.handle(request);
    expect(response.status).toBe(408);
    expect(refused[0]).toMatchObject({ problem: "timeout" });
  });

  it("repeated headers (two signatures joined by Headers)", async () => {
    const { receiver } = setup();
    const request = delivery(body);
    request.headers.append("x-liveperson-signature", nodeSignature(body, SECRET));
    expect((await receiver.handle(request)).status).toBe(400);
  });

  it("and still takes the valid delivery that follows", async () => {
    const { receiver, handed, refused } = setup();
    await receiver.handle(delivery(body, { secret: "forged" }));
    expect((await receiver.handle(delivery(body))).status).toBe(200);
    await receiver.idle();
    expect(handed).toHaveLength(1);
    expect(refused.map((error) => error.code)).toEqual(["ERR_WEBHOOK_SIGNATURE"]);
  });
});

describe("receive(), for frameworks that read the body", () => {
  it("takes bytes and a header record (Fastify, Express raw)", async () => {
    const { receiver, handed } = setup();
    const bytes = new TextEncoder().encode(body);
    const answer = await receiver.receive({
      method: "POST",
      headers: { ...headersFor(bytes), "Content-Type": "application/json" },
      body: bytes,
    });
    expect(answer).toMatchObject({ status: 200, body: "OK", accepted: 1, refusal: undefined });
    await receiver.idle();
    expect(handed).toHaveLength(1);
  });

  it("refuses an oversized buffer and a header given twice", async () => {
    const { receiver } = setup({ maxBodyBytes: 10 });
    const bytes = new TextEncoder().encode(body);
    expect((await receiver.receive({ method: "POST", headers: headersFor(bytes), body: bytes })).status).toBe(
      413,
    );
    const twice = { ...headersFor(bytes), "x-liveperson-client-id": [CLIENT, CLIENT] };
    expect((await receiver.receive({ method: "POST", headers: twice, body: bytes })).status).toBe(400);
  });
});
