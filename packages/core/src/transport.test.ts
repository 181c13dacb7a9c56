import { describe, expect, it } from "vitest";
import { AbortError, fetchTransport, NetworkError, TimeoutError, type Transport } from "./index.js";
import { describeRedirect, exchange, originOf, parseRetryAfter } from "./internal.js";

const URL_ = "https://api.example.test/api/x?secret-query=1";

function request(signal = new AbortController().signal, maxBodyBytes = 1_000) {
  return { method: "GET", url: URL_, headers: { accept: "application/json" }, signal, maxBodyBytes };
}

function endless(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    pull(controller) {
      controller.enqueue(new Uint8Array(1024));
    },
  });
}

describe("fetchTransport", () => {
  it("hands an injected fetch a Request, never following redirects, and returns status, headers and body", async () => {
    const seen: Request[] = [];
    const transport = fetchTransport(async (r) => {
      seen.push(r);
      return new Response("hello", { status: 307, headers: { location: "https://elsewhere.test/" } });
    });
    const response = await transport.send(request());
    expect(seen[0]).toBeInstanceOf(Request);
    expect(seen[0]?.redirect).toBe("manual");
    expect(seen[0]?.headers.get("accept")).toBe("application/json");
    expect(response).toMatchObject({ status: 307, body: "hello" });
    expect(response.headers.get("location")).toBe("https://elsewhere.test/");
  });

  it("reads bodies bounded: over the bound is `undefined`, by Content-Length or while streaming", async () => {
    const big = fetchTransport(async () => new Response("x".repeat(100)));
    expect((await big.send(request(undefined, 10))).body).toBeUndefined();
    const stream = fetchTransport(async () => new Response(endless()));
    expect((await stream.send(request(undefined, 4096))).body).toBeUndefined();
  });

  it("does not hang when the over-long body is one branch of a clone", async () => {
    const original = new Response("x".repeat(100));
    const copy = original.clone();
    expect((await fetchTransport(async () => original).send(request(undefined, 10))).body).toBeUndefined();
    expect(await copy.text()).toHaveLength(100);
  });

  it("ends at once when the signal aborts, even if fetch and the body ignore it, and cancels a late body", async () => {
    const controller = new AbortController();
    let deliver: (response: Response) => void = () => {};
    let cancelled = false;
    const late = new Response(
      new ReadableStream({
        cancel() {
          cancelled = true;
        },
      }),
    );
    const transport = fetchTransport(() => new Promise((resolve) => (deliver = resolve)));
    const pending = transport.send(request(controller.signal));
    controller.abort(new Error("deadline"));
    await expect(pending).rejects.toThrow("deadline");
    deliver(late);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(cancelled).toBe(true);

    const stalled = new AbortController();
    const slowBody = fetchTransport(async () => new Response(new ReadableStream({})));
    const reading = slowBody.send(request(stalled.signal));
    setTimeout(() => stalled.abort(new Error("deadline")), 5);
    await expect(reading).rejects.toThrow("deadline");
  });

  it("passes any integer status through (faasGW's 901)", async () => {
    const response = { status: 901, statusText: "", headers: new Headers(), body: new Response("{}").body };
    const transport = fetchTransport(async () => response as unknown as Response);
    expect(await transport.send(request())).toMatchObject({ status: 901, body: "{}" });
  });
});

describe("exchange", () => {
  const answering = (make: () => Promise<Response> | Response): Transport =>
    fetchTransport(async () => make());

  it("sets X-Request-Id unless the request has one, and reports the answer", async () => {
    const seen: Request[] = [];
    const transport = fetchTransport(async (r) => {
      seen.push(r);
      return new Response('{"a":1}', { status: 200, statusText: "OK" });
    });
    const options = { transport, timeoutMs: 1_000, maxBodyBytes: 100, what: "lookup" };
    const answer = await exchange({ method: "GET", url: URL_, headers: {} }, options);
    expect(answer).toMatchObject({ status: 200, statusText: "OK", text: '{"a":1}', tooLarge: false });
    expect(answer.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[0]?.headers.get("x-request-id")).toBe(answer.requestId);
    expect(answer.origin).toBe("https://api.example.test:443");
    const mine = await exchange({ method: "GET", url: URL_, headers: { "x-request-id": "mine" } }, options);
    expect(mine.requestId).toBe("mine");
    const big = await exchange({ method: "GET", url: URL_, headers: {} }, { ...options, maxBodyBytes: 3 });
    expect(big).toMatchObject({ tooLarge: true, text: "" });
  });

  it("maps the deadline to a TimeoutError naming the origin, covering a body that stalls", async () => {
    const options = { timeoutMs: 20, maxBodyBytes: 100, what: "Domain API lookup" };
    for (const transport of [
      answering(() => new Promise(() => {})),
      answering(() => new Response(new ReadableStream({}))),
    ]) {
      const error = await exchange(
        { method: "GET", url: URL_, headers: {} },
        { ...options, transport },
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ timeoutMs: 20 });
      expect((error as Error).message).toBe(
        "Domain API lookup: no answer from https://api.example.test:443 within 20 ms",
      );
    }
  });

  it("maps the caller's abort to an AbortError, also when already aborted (nothing sent)", async () => {
    let sent = 0;
    const transport = answering(() => {
      sent++;
      return new Promise(() => {});
    });
    const options = { transport, timeoutMs: 10_000, maxBodyBytes: 100, what: "call" };
    const error = await exchange(
      { method: "GET", url: URL_, headers: {} },
      { ...options, signal: AbortSignal.abort() },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(sent).toBe(0);
    const controller = new AbortController();
    const pending = exchange(
      { method: "GET", url: URL_, headers: {} },
      { ...options, signal: controller.signal },
    );
    controller.abort();
    expect(await pending.catch((e: unknown) => e)).toBeInstanceOf(AbortError);
  });

  // Issue 16: "Network errors never name the host, so the user can't see what went wrong."
  it("maps other failures to a NetworkError that names the origin, with its phase, never the raw error", async () => {
    const refused = Object.assign(
      new TypeError("fetch failed https://api.example.test/api/x?secret-query=1"),
      {
        cause: { code: "ECONNREFUSED" },
      },
    );
    const options = { timeoutMs: 10_000, maxBodyBytes: 100, what: "token request" };
    const error = (await exchange(
      { method: "POST", url: URL_, headers: { authorization: "Bearer top-secret" }, body: "client_secret=x" },
      { ...options, transport: answering(() => Promise.reject(refused)) },
    ).catch((e: unknown) => e)) as NetworkError;
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.phase).toBe("connect");
    expect(error.message).toBe("token request: could not reach https://api.example.test:443 (ECONNREFUSED)");
    expect(error.cause).toBeUndefined();
    const reset = Object.assign(new Error("x"), { code: "ECONNRESET" });
    const other = await exchange(
      { method: "GET", url: "http://127.0.0.1:4000/a", headers: {} },
      { ...options, transport: answering(() => Promise.reject(reset)) },
    ).catch((e: unknown) => e);
    expect(other).toMatchObject({
      phase: "unknown",
      message: "token request: could not reach http://127.0.0.1:4000 (ECONNRESET)",
    });
  });
});

describe("origins, redirects and Retry-After", () => {
  it("names an origin with an explicit port and nothing else", () => {
    expect(originOf("https://u:p@host.test/a/b?c=d#e")).toBe("https://host.test:443");
    expect(originOf("http://[::1]:4000/")).toBe("http://[::1]:4000");
    expect(originOf("http://host.test")).toBe("http://host.test:80");
    expect(originOf("not a url")).toBe("an unknown origin");
  });

  it("describes a redirect by its status and target origin", () => {
    const headers = new Headers({ location: "https://evil.example/steal?x=1" });
    expect(describeRedirect({ status: 307, headers }, URL_)).toBe(
      "answered with a redirect (HTTP 307) to https://evil.example:443; redirects are not followed",
    );
    expect(
      describeRedirect({ status: 302, headers: new Headers({ location: "/relative" }) }, URL_),
    ).toContain("to https://api.example.test:443");
    expect(describeRedirect({ status: 0, headers: new Headers() }, URL_)).toContain("opaque redirect");
    expect(describeRedirect({ status: 200, headers }, URL_)).toBeUndefined();
  });

  it("reads Retry-After in seconds and as an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:05 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
