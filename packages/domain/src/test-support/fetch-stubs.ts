/**
 * Injected `fetch` functions for the tests: they record every `Request` and answer with a
 * `Response` made in the test. No network, no global mocks.
 *
 * @module
 */
import type { FetchLike } from "@lpkit/core";
import { type Mock, vi } from "vitest";

/** A recording `fetch` and the requests it saw. */
export interface StubFetch {
  readonly fetch: Mock<FetchLike>;
  readonly requests: Request[];
}

/**
 * A `fetch` that records each request and answers with `answer(request)`.
 *
 * @example
 * ```ts
 * const { fetch, requests } = stubFetch(() => jsonResponse(200, { baseURIs: [] }));
 * ```
 */
export function stubFetch(answer: (request: Request) => Response | Promise<Response>): StubFetch {
  const requests: Request[] = [];
  const fetch = vi.fn<FetchLike>(async (request) => {
    requests.push(request);
    return answer(request);
  });
  return { fetch, requests };
}

/**
 * A JSON response (`value` is serialised with `JSON.stringify`).
 *
 * @example
 * ```ts
 * jsonResponse(200, { service: "sentinel", account: "1", baseURI: "va.sentinel.liveperson.net" });
 * ```
 */
export function jsonResponse(status: number, value: unknown, headers: HeadersInit = {}): Response {
  return new Response(JSON.stringify(value), {
    status,
    headers: {
      "Content-Type": "application/json;charset=utf-8",
      ...Object.fromEntries(new Headers(headers)),
    },
  });
}

/**
 * A response with a text body and the given content type.
 *
 * @example
 * ```ts
 * textResponse(502, "<html>Bad Gateway</html>", "text/html");
 * ```
 */
export function textResponse(status: number, text: string, contentType = "text/plain"): Response {
  return new Response(text, { status, headers: { "Content-Type": contentType } });
}

/**
 * A `fetch` that never answers but rejects with the signal's reason when the request is aborted,
 * as a real `fetch` does.
 *
 * @example
 * ```ts
 * const { fetch } = hangingFetch();
 * ```
 */
export function hangingFetch(): StubFetch {
  return stubFetch(
    (request) =>
      new Promise<Response>((_resolve, reject) => {
        const onAbort = () => reject(request.signal.reason ?? new DOMException("aborted", "AbortError"));
        if (request.signal.aborted) {
          onAbort();
        } else {
          request.signal.addEventListener("abort", onAbort, { once: true });
        }
      }),
  );
}

/**
 * A body stream that sends `chunk` forever (until cancelled).
 *
 * @example
 * ```ts
 * new Response(endlessStream(new Uint8Array(64 * 1024)));
 * ```
 */
export function endlessStream(chunk: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(chunk);
    },
  });
}

/**
 * A body stream that sends `first` and then stalls without ever closing.
 *
 * @example
 * ```ts
 * new Response(stallingStream('{"baseURIs":['));
 * ```
 */
export function stallingStream(first: string): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(first));
    },
  });
}
