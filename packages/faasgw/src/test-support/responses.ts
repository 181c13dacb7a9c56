/**
 * Test helpers: responses with any status (including faasGW's 901, which `new Response` refuses) and
 * a recording `fetch` that never touches the network.
 *
 * @module
 */
import type { FetchLike } from "@lpkit/core";

/** Init of {@link respond}. */
export interface RespondInit {
  headers?: Record<string, string>;
  statusText?: string;
}

/**
 * A real `Response` with any status. The Fetch standard's constructor only accepts 200–599, but Node's
 * fetch does return e.g. 901 from a real server; for such statuses the instance's `status`, `ok` and
 * `statusText` are overridden, so it is still `instanceof Response` with a readable body.
 *
 * @example
 * ```ts
 * respond(901, { code: "com.customer.faas.function.threw-error", message: "x" }).status; // 901
 * ```
 */
export function respond(status: number, body?: unknown, init: RespondInit = {}): Response {
  const text = body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body);
  const headers = new Headers(init.headers);
  if (text !== null && typeof body !== "string" && !headers.has("content-type")) {
    headers.set("content-type", "application/json");
  }
  const constructible = status >= 200 && status <= 599;
  const nullBody = status === 204 || status === 205 || status === 304;
  const response = new Response(nullBody ? null : text, {
    status: constructible ? status : 500,
    statusText: init.statusText ?? "",
    headers,
  });
  if (!constructible) {
    Object.defineProperties(response, {
      status: { value: status },
      ok: { value: false },
      statusText: { value: init.statusText ?? "" },
    });
  }
  return response;
}

/** What {@link recordingFetch} remembers about each request. */
export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  body: string;
  signal: AbortSignal;
}

/**
 * A `fetch` that records every request (body read from a clone) and answers with `handler`.
 *
 * @example
 * ```ts
 * const { fetch, calls } = recordingFetch(() => respond(200, { ok: true }));
 * ```
 */
export function recordingFetch(handler: (request: Request, index: number) => Response | Promise<Response>): {
  fetch: FetchLike;
  calls: RecordedRequest[];
} {
  const calls: RecordedRequest[] = [];
  const fetch: FetchLike = async (request) => {
    calls.push({
      method: request.method,
      url: new URL(request.url),
      headers: new Headers(request.headers),
      body: await request.clone().text(),
      signal: request.signal,
    });
    return handler(request, calls.length - 1);
  };
  return { fetch, calls };
}

/** An error shaped like undici's `fetch failed` with a system error code as `cause`. */
export function fetchFailed(code: string): TypeError {
  const cause = Object.assign(new Error(`connect ${code} 127.0.0.1:9`), { code });
  return new TypeError("fetch failed", { cause });
}

/** Waits until `signal` aborts, then rejects with its reason (as a real fetch does). */
export function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** The error a function throws; fails the test when it returns. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the function to throw, but it returned");
}
