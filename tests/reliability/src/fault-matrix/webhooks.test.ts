/**
 * Fault matrix, webhooks: what lpkit's receiver (`createWebhookReceiver` behind `toNodeListener`, on
 * a loopback server) does with every delivery LivePerson — here the emulator, signing exactly as
 * LivePerson does, with its retry policies on a virtual clock — or an attacker can send: forged and
 * stale signatures, missing headers, another account, cut-off, non-UTF-8 and 10 MB bodies, a flood,
 * duplicates, reordering, delays, an endpoint that fails or never answers. Each row asserts the
 * status and typed error, what reached the callbacks (valid events exactly once, forged ones never),
 * what the emulator retried, and — after the row — that no secret or token appears in anything
 * observed (refusals, callback errors, the receiver, its counters).
 *
 * @module
 */
import net from "node:net";
import { describe, expect } from "vitest";
import { codes, contentBody, reply, row, texts } from "../harness/webhook-rows.js";
import { randomSecret } from "../harness/webhook-world.js";

describe("signatures", () => {
  row("forged signature (another secret) → 401 ERR_WEBHOOK_SIGNATURE, nothing handed", {}, async (w) => {
    const body = contentBody("conv-forged", 1, "forged");
    expect(await w.post(body, await w.headers(body, randomSecret()))).toBe(401);
    expect(codes(w)).toEqual(["ERR_WEBHOOK_SIGNATURE"]);
    expect(w.handed).toEqual([]);
  });

  row("body changed after signing (re-serialised JSON) → 401, nothing handed", {}, async (w) => {
    const body = contentBody("conv-tampered", 1, "original");
    const headers = await w.headers(body);
    expect(await w.post(JSON.stringify(JSON.parse(body), null, 2), headers)).toBe(401);
    expect(await w.post(body.replace("original", "tampered"), headers)).toBe(401);
    expect(codes(w)).toEqual(["ERR_WEBHOOK_SIGNATURE", "ERR_WEBHOOK_SIGNATURE"]);
    expect(w.handed).toEqual([]);
  });

  const oldSecret = randomSecret();
  const newSecret = randomSecret();
  row(
    "wrong secret after rotation: the retired secret → 401; both during the rotation → 200",
    { receiver: { clientSecret: undefined, clientSecrets: [newSecret] } },
    async (w) => {
      w.leaks.addSecret(oldSecret);
      w.leaks.addSecret(newSecret);
      const stale = contentBody("conv-rotation", 1, "stale");
      expect(await w.post(stale, await w.headers(stale, oldSecret))).toBe(401);
      const fresh = contentBody("conv-rotation", 2, "fresh");
      expect(await w.post(fresh, await w.headers(fresh, newSecret))).toBe(200);
      await w.quiet();
      expect(texts(w.handed)).toEqual(["fresh"]);
      expect(codes(w)).toEqual(["ERR_WEBHOOK_SIGNATURE"]);
    },
  );

  row(
    "emulator bad-signature fault (TTL policy) → 401, the retry signed right is handed once",
    { retentionSeconds: 3_600 },
    async (w) => {
      const conversationId = await w.conversation("bad-signature");
      await w.quiet();
      w.emulator.connector.webhookFault({ kind: "bad-signature", times: 1 });
      await reply(w, conversationId, "signed wrongly first");
      expect(codes(w)).toEqual(["ERR_WEBHOOK_SIGNATURE"]);
      expect(texts(w.handed)).toEqual([]);
      await w.advance(2_000);
      expect(texts(w.handed)).toEqual(["signed wrongly first"]);
      expect(w.emulator.stats().connector.webhooks).toMatchObject({ retries: 1, queued: 0 });
    },
  );
});

describe("headers and origin", () => {
  for (const header of ["x-liveperson-account-id", "x-liveperson-client-id", "x-liveperson-signature"]) {
    row(`missing ${header} → 400 ERR_WEBHOOK_HEADER, nothing handed`, {}, async (w) => {
      const body = contentBody("conv-headers", 1, "no header");
      const headers = await w.headers(body);
      delete headers[header];
      expect(await w.post(body, headers)).toBe(400);
      expect(w.refusals).toHaveLength(1);
      expect(w.refusals[0]).toMatchObject({ code: "ERR_WEBHOOK_HEADER", status: 400 });
      expect(w.refusals[0]?.message).toContain(header);
      expect(w.handed).toEqual([]);
    });
  }

  row("another account or client id, validly signed → 403 ERR_WEBHOOK_ORIGIN", {}, async (w) => {
    const body = contentBody("conv-origin", 1, "elsewhere");
    const headers = await w.headers(body);
    expect(await w.post(body, { ...headers, "x-liveperson-account-id": "99999999" })).toBe(403);
    expect(await w.post(body, { ...headers, "x-liveperson-client-id": "another-app" })).toBe(403);
    expect(codes(w)).toEqual(["ERR_WEBHOOK_ORIGIN", "ERR_WEBHOOK_ORIGIN"]);
    expect(w.handed).toEqual([]);
  });

  row("GET instead of POST → 405 ERR_WEBHOOK_METHOD", {}, async (w) => {
    const response = await fetch(w.url);
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("POST");
    expect(codes(w)).toEqual(["ERR_WEBHOOK_METHOD"]);
  });
});

describe("bodies", () => {
  row("signed but cut-off JSON → 400 ERR_WEBHOOK_BODY (json)", {}, async (w) => {
    const body = contentBody("conv-cut", 1, "cut").slice(0, 80);
    expect(await w.post(body, await w.headers(body))).toBe(400);
    expect(w.refusals[0]).toMatchObject({ code: "ERR_WEBHOOK_BODY", problem: "json" });
    expect(w.handed).toEqual([]);
  });

  row(
    "connection closed before Content-Length bytes → refused as incomplete, nothing handed",
    {},
    async (w) => {
      const body = contentBody("conv-truncated", 1, "truncated");
      const headers = await w.headers(body);
      const { port } = new URL(w.url);
      await new Promise<void>((resolve, reject) => {
        const socket = net.connect(Number(port), "127.0.0.1", () => {
          const lines = Object.entries({
            ...headers,
            host: "127.0.0.1",
            "content-length": String(body.length),
          });
          socket.write(
            `POST /lp/webhooks HTTP/1.1\r\n${lines.map(([k, v]) => `${k}: ${v}`).join("\r\n")}\r\n\r\n`,
          );
          socket.end(body.slice(0, body.length / 2));
        });
        socket.on("error", reject);
        socket.on("close", () => resolve());
        socket.resume();
      });
      for (let i = 0; i < 600 && w.refusals.length === 0; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100)); // hang guard: 60 s
      }
      expect(w.refusals[0]).toMatchObject({ code: "ERR_WEBHOOK_BODY", problem: "incomplete" });
      expect(w.handed).toEqual([]);
    },
  );

  row("signed non-UTF-8 body → 400 ERR_WEBHOOK_BODY (utf8)", {}, async (w) => {
    const body = Uint8Array.of(0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d);
    expect(await w.post(body, await w.headers(body))).toBe(400);
    expect(w.refusals[0]).toMatchObject({ code: "ERR_WEBHOOK_BODY", problem: "utf8" });
  });

  row(
    "10 MB body → 413 ERR_WEBHOOK_BODY_TOO_LARGE (declared and streamed without a length)",
    {},
    async (w) => {
      const big = new Uint8Array(10 * 1024 * 1024).fill(0x20);
      expect(await w.post(big, await w.headers("{}"))).toBe(413);
      const chunk = new Uint8Array(1024 * 1024).fill(0x20);
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent++ < 10) {
            controller.enqueue(chunk);
          } else {
            controller.close();
          }
        },
      });
      const response = await fetch(w.url, {
        method: "POST",
        headers: await w.headers("{}"),
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(413);
      expect(codes(w)).toEqual(["ERR_WEBHOOK_BODY_TOO_LARGE", "ERR_WEBHOOK_BODY_TOO_LARGE"]);
      expect(sent).toBeLessThan(11); // the rest was never read
    },
  );

  row("emoji and non-ASCII text from the emulator verifies and arrives intact", {}, async (w) => {
    const conversationId = await w.conversation("emoji");
    await reply(w, conversationId, "Grüße 👋🏽 — 你好 ✓");
    expect(texts(w.handed)).toEqual(["Grüße 👋🏽 — 你好 ✓"]);
    expect(w.refusals).toEqual([]);
  });
});

describe("load", () => {
  row(
    "flood: 400 forged and 100 valid deliveries at once (maxInFlight 16) → 0 forged handed, every valid one exactly once after 503s are re-sent",
    { receiver: { maxInFlight: 16 } },
    async (w) => {
      const valid = Array.from({ length: 100 }, (_, i) =>
        contentBody(`conv-flood-${i % 10}`, i, `valid-${i}`),
      );
      const forged = Array.from({ length: 400 }, (_, i) =>
        contentBody(`conv-flood-${i % 10}`, 1000 + i, `forged-${i}`),
      );
      const forgedHeaders = await Promise.all(forged.map((b) => w.headers(b, randomSecret())));
      const validHeaders = await Promise.all(valid.map((b) => w.headers(b)));
      const statuses: number[] = [];
      let resent = 0;
      await Promise.all([
        ...forged.map(async (b, i) =>
          statuses.push(await w.post(b, forgedHeaders[i] as Record<string, string>)),
        ),
        ...valid.map(async (b, i) => {
          // As LivePerson does: a 503 is delivered again (here at once; the clock is not the point).
          for (let attempt = 0; attempt < 1_000; attempt++) {
            const status = await w.post(b, validHeaders[i] as Record<string, string>);
            if (status === 200) {
              return;
            }
            expect(status).toBe(503);
            resent += 1;
          }
          throw new Error("never accepted");
        }),
      ]);
      await w.quiet();
      expect(statuses.every((s) => s === 401 || s === 503)).toBe(true);
      expect(texts(w.handed).filter((t) => t.startsWith("forged"))).toEqual([]);
      expect(texts(w.handed).sort()).toEqual(valid.map((_, i) => `valid-${i}`).sort());
      expect(w.receiver.stats().refused.ERR_WEBHOOK_UNAVAILABLE ?? 0).toBeGreaterThanOrEqual(resent);
    },
  );
});
