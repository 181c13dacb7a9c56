// Attack 13.12 "body flood": the emulator read request bodies (up to 5 MiB each) before routing and
// the token check, so 40 unauthenticated 5 MiB POSTs took it from 72 MB to 340 MB. Now the route and
// the bearer token are checked first, a refused body is never read (the answer closes the
// connection), and all bodies in flight share one memory budget. The counters say how many body
// bytes the emulator read; memory itself is measured by bench/body-flood.mjs, not here.
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import { createEmulator, type Emulator } from "./emulator.js";
import { createConformanceRecorder } from "./test-support/conformance.js";

const MiB = 1024 * 1024;
const invokePath = `/api/account/${DEMO.accountId}/lambdas/${DEMO.lambdaUuid}/invoke?v=1`;

interface RawAnswer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** Sends `body` (or announces `length` and sends only `send` bytes of it), resolves on the answer. */
function post(
  url: string,
  path: string,
  options: { headers?: Record<string, string>; length?: number; send?: number; chunked?: boolean } = {},
): { answer: Promise<RawAnswer>; request: http.ClientRequest } {
  const { length = 5 * MiB, send = length, chunked = false } = options;
  const target = new URL(path, url);
  const request = http.request(target, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(chunked ? { "transfer-encoding": "chunked" } : { "content-length": String(length) }),
      ...options.headers,
    },
  });
  const answer = new Promise<RawAnswer>((resolve, reject) => {
    request.once("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        body += chunk;
      });
      response.once("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body }),
      );
    });
    request.once("error", reject);
  });
  answer.catch(() => undefined);
  // Write in 64 KiB pieces; a server that stops reading makes the remaining writes fail harmlessly.
  const piece = Buffer.alloc(64 * 1024, 0x20);
  let written = 0;
  const pump = () => {
    while (written < send) {
      const size = Math.min(piece.length, send - written);
      written += size;
      if (!request.write(piece.subarray(0, size))) {
        request.once("drain", pump);
        return;
      }
    }
    if (send === length && !chunked) {
      request.end();
    }
  };
  request.on("error", () => undefined);
  pump();
  return { answer, request };
}

let emulator: Emulator;
let token: string;
const recorder = createConformanceRecorder({ requests: "ignore" });

beforeAll(async () => {
  emulator = createEmulator({ onExchange: recorder.onExchange, maxBufferedBodyBytes: 8 * MiB });
  await emulator.start();
  token = await emulator.mintToken({ accountId: DEMO.accountId });
});

afterAll(async () => {
  await emulator.stop();
  const { violations } = await recorder.check();
  expect(violations).toEqual([]);
});

describe("body flood", () => {
  it("refuses an unauthenticated 5 MiB invoke with 401 before reading its body", async () => {
    emulator.resetStats();
    const { answer } = post(emulator.url, invokePath);
    const response = await answer;
    expect(response.status).toBe(401);
    expect(response.headers.connection).toBe("close");
    const { bodies } = emulator.stats();
    expect(bodies.bytesRead).toBe(0);
    expect(bodies.refusedUnread).toBe(1);
  });

  it("reads a small refused body instead of abandoning it, so the connection stays usable", async () => {
    emulator.resetStats();
    const response = await post(emulator.url, invokePath, { length: 2_000 }).answer;
    expect(response.status).toBe(401);
    expect(response.headers.connection).not.toBe("close");
    expect(emulator.stats().bodies).toMatchObject({ bytesRead: 2_000, refusedUnread: 0 });
  });

  it("refuses 40 concurrent unauthenticated 5 MiB invokes, reading none of the 200 MiB", async () => {
    emulator.resetStats();
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => post(emulator.url, invokePath).answer),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(401));
    const { bodies, executions } = emulator.stats();
    expect(bodies.bytesRead).toBe(0);
    expect(bodies.refusedUnread).toBe(40);
    expect(executions.total).toBe(0);
  });

  it("refuses a large body to an unknown path (404) or with the wrong method (405) unread", async () => {
    emulator.resetStats();
    const unknown = await post(emulator.url, "/no/such/path").answer;
    const wrongMethod = await post(emulator.url, "/sentinel/well-known/jwks").answer;
    expect([unknown.status, wrongMethod.status]).toEqual([404, 405]);
    expect(emulator.stats().bodies).toMatchObject({ bytesRead: 0, refusedUnread: 2 });
  });

  it("refuses an authenticated body over the invoke limit with 413 from its Content-Length alone", async () => {
    emulator.resetStats();
    const response = await post(emulator.url, invokePath, {
      length: 5 * MiB + 1,
      headers: { authorization: `Bearer ${token}` },
    }).answer;
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ errorCode: "com.liveperson.faas.es.general" });
    expect(emulator.stats().bodies).toMatchObject({ bytesRead: 0, tooLarge: 1, refusedUnread: 1 });
  });

  it("caps token forms at 64 KiB: a 5 MiB token request is refused with 413 unread", async () => {
    emulator.resetStats();
    const response = await post(emulator.url, `/sentinel/api/account/${DEMO.accountId}/app/token?v=1.0`, {
      headers: { "content-type": "application/x-www-form-urlencoded" },
    }).answer;
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body)).toMatchObject({ error: "invalid_request" });
    expect(emulator.stats().bodies.bytesRead).toBe(0);
  });

  it("stops reading a chunked body as soon as it passes the limit", async () => {
    emulator.resetStats();
    const response = await post(emulator.url, invokePath, {
      length: 6 * MiB,
      chunked: true,
      headers: { authorization: `Bearer ${token}` },
    }).answer;
    expect(response.status).toBe(413);
    const { bodies } = emulator.stats();
    expect(bodies.bytesRead).toBeGreaterThan(5 * MiB);
    expect(bodies.bytesRead).toBeLessThan(6 * MiB);
  });

  it("answers 503 with Retry-After, unread, when the bodies in flight fill the budget; then recovers", async () => {
    emulator.resetStats();
    const auth = { authorization: `Bearer ${token}` };
    // Two 4 MiB uploads that stall after 1 MiB hold the whole 8 MiB budget…
    const held = [0, 1].map(() =>
      post(emulator.url, invokePath, { length: 4 * MiB, send: MiB, headers: auth }),
    );
    await until(() => emulator.stats().bodies.bytesRead >= 2 * MiB);
    // …so a third body, even a small one, is refused at once without being read.
    const refused = await post(emulator.url, invokePath, { length: 1024, headers: auth }).answer;
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(JSON.parse(refused.body)).toMatchObject({ errorCode: "com.liveperson.faas.es.unavailable" });
    expect(emulator.stats().bodies).toMatchObject({ overBudget: 1 });
    // The stalled uploads give their share back when their connections end.
    for (const { request } of held) {
      request.destroy();
    }
    const body = JSON.stringify({ timestamp: 0, headers: [], payload: { ok: true } });
    let status = 0;
    await until(async () => {
      const response = await fetch(`${emulator.url}${invokePath}`, {
        method: "POST",
        headers: { ...auth, "content-type": "application/json" },
        body,
      });
      status = response.status;
      return status !== 503;
    });
    expect(status).toBe(200);
  });
});

/** Polls `predicate` every 10 ms; rejects after 60 s (a hang guard, not a time bound). */
async function until(predicate: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await predicate())) {
    if (Date.now() > deadline) {
      throw new Error("condition not met in time");
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
