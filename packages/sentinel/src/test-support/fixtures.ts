/**
 * Test helpers: hand-made JWTs, a recording `fetch`, and a controllable clock. Test-only; not
 * part of the published package.
 *
 * @module
 */
import type { FetchLike } from "@lpkit/core";

/** A client secret with characters that need form encoding. */
export const SECRET = "s3cr3t-VALUE+/=&%é";
export const CLIENT_ID = "5c0ffee0-1111-4222-8333-444455556666";
export const ACCOUNT_ID = "12345678";
export const BASE_URL = "https://va.sentinel.liveperson.net";

/** The sample token of the documentation (seeds 000 and 002). */
export const SEED_TOKEN =
  "eyJraWQiOiJhcHBqd3QtMTMtMDUtMTciLCJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJsZTgxODIzMTE4IiwiYXpwIjoiNzU1ODhlMTgtMDIxMy00ZTMzLTgxNzQtODgzYWNhYzdlM2M0Iiwic2NvcGUiOiJtc2cuY29uc3VtZXIiLCJpc3MiOiJTZW50aW5lbCIsImV4cCI6MTUyNDY0NjI3MCwiaWF0IjoxNTI0NjQyNjcwfQ.aC1EbVQDIKJkrMgfoqhDqo5KZVMILTGP5UnK_4lUJQIfpFcrymvQKU9E6zt_WDhWmM2SOOcr1sz4u5xVZ9rMWZciDW_9KofEM2NDgVw1EVBxAIgGYeO0sbE9o--HKjk9DHZvukJkQFhYaHMDnj6ay4BNUqTJpDn6y3XQY7eh7rM";

/** One second after the sample token was issued: a clock at which it is still valid. */
export const SEED_NOW = 1524642671_000;

/** Base64url-encodes UTF-8 text (web APIs only). */
export function base64UrlText(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A JWT with the given claims and header and a fake signature (never verified). */
export function makeJwt(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = { alg: "RS256", typ: "JWT", kid: "test-key" },
): string {
  return `${base64UrlText(JSON.stringify(header))}.${base64UrlText(JSON.stringify(claims))}.c2lnbmF0dXJlLW5vdC1jaGVja2Vk`;
}

/** Decodes a JWT part with an independent implementation, for cross-checking. */
export function decodePart(part: string): unknown {
  const binary = atob(
    part
      .replace(/-/g, "+")
      .replace(/_/g, "/")
      .padEnd(Math.ceil(part.length / 4) * 4, "="),
  );
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

/** A request as the fake server saw it. */
export interface SeenRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  redirect: RequestRedirect;
  signal: AbortSignal;
}

/** A `fetch` that records every request and answers with `respond`. */
export function recordingFetch(respond: (request: SeenRequest) => Response | Promise<Response>): {
  fetch: FetchLike;
  seen: SeenRequest[];
} {
  const seen: SeenRequest[] = [];
  const fetch: FetchLike = async (request) => {
    const entry: SeenRequest = {
      method: request.method,
      url: new URL(request.url),
      headers: request.headers,
      body: await request.text(),
      redirect: request.redirect,
      signal: request.signal,
    };
    seen.push(entry);
    return respond(entry);
  };
  return { fetch, seen };
}

/** A JSON response. */
export function json(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has("content-type")) {
    headers.set("content-type", "application/json;charset=utf-8");
  }
  return new Response(JSON.stringify(body), { ...init, headers });
}

/** A fetch that never answers until the request's signal aborts, then rejects with its reason. */
export function hangingFetch(): FetchLike {
  return (request) =>
    new Promise<Response>((_resolve, reject) => {
      // Like a real fetch: an already aborted signal fails at once.
      if (request.signal.aborted) {
        reject(request.signal.reason);
        return;
      }
      request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
    });
}

/** A clock that tests move by hand. */
export function manualClock(start: number): { now: () => number; advance: (ms: number) => void } {
  let time = start;
  return {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
  };
}
