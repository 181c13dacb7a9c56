import { describe, expect, it } from "vitest";
import {
  AbortError,
  NetworkError,
  parseRetryAfter,
  readBoundedText,
  readJsonBody,
  snippet,
  startDeadline,
  TimeoutError,
  toNetworkError,
  UnexpectedResponseError,
} from "./index.js";

describe("startDeadline", () => {
  it("maps a timeout to TimeoutError", async () => {
    const deadline = startDeadline(5);
    await new Promise((resolve) => deadline.signal.addEventListener("abort", resolve));
    const err = deadline.toError(new DOMException("aborted", "AbortError"), "Domain API request");
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as TimeoutError).timeoutMs).toBe(5);
  });

  it("maps the caller's abort to AbortError, even when already aborted", () => {
    const caller = new AbortController();
    caller.abort();
    const deadline = startDeadline(10_000, caller.signal);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.toError(new Error("x"), "call")).toBeInstanceOf(AbortError);
    deadline.clear();
  });

  it("maps other failures to NetworkError with a phase", () => {
    const deadline = startDeadline(10_000);
    const refused = Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
    const err = deadline.toError(refused, "token request") as NetworkError;
    expect(err).toBeInstanceOf(NetworkError);
    expect(err.phase).toBe("connect");
    expect(err.message).toBe("token request failed (ECONNREFUSED)");
    expect(err.cause).toBeUndefined();
    expect(toNetworkError(Object.assign(new Error("x"), { code: "ECONNRESET" }), "x").phase).toBe("unknown");
    deadline.clear();
  });
});

describe("bodies", () => {
  it("reads bounded text and refuses larger bodies", async () => {
    expect(await readBoundedText(new Response("hello"))).toBe("hello");
    await expect(readBoundedText(new Response("x".repeat(100)), 10)).rejects.toBeInstanceOf(
      UnexpectedResponseError,
    );
    const stream = new ReadableStream({
      pull(controller) {
        controller.enqueue(new Uint8Array(1024));
      },
    });
    await expect(readBoundedText(new Response(stream), 4096)).rejects.toThrow(/exceeds the 4096-byte limit/);
  });

  it("does not hang when the over-long body is one branch of a clone", async () => {
    const original = new Response("x".repeat(100));
    const copy = original.clone();
    await expect(readBoundedText(original, 10)).rejects.toBeInstanceOf(UnexpectedResponseError);
    expect(await copy.text()).toHaveLength(100);
  });

  it("parses JSON or says it could not", async () => {
    expect(await readJsonBody(new Response('{"a":1}'))).toEqual({
      ok: true,
      value: { a: 1 },
      text: '{"a":1}',
    });
    expect(await readJsonBody(new Response('{"a":'))).toEqual({ ok: false, text: '{"a":' });
    expect(await readJsonBody(new Response(null))).toEqual({ ok: false, text: "" });
    expect(snippet(`<html>\n  <body>${"x".repeat(300)}`)).toHaveLength(201);
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now)).toBe(5000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:05 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
