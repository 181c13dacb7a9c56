/**
 * {@link fetchTransport}, the default transport, on web-standard `fetch` (exported from
 * `@lpkit/core` through `transport.ts`).
 *
 * Per request it costs what `fetch` itself costs plus as little as a profile could find: one wait
 * for headers and body together, raced against the request's deadline through the deadline's own
 * listener list (no `AbortSignal` listeners of lpkit's: `EventTarget` listeners cost microseconds
 * each in Node), and the body's chunks decoded once at the end by one shared `TextDecoder`.
 *
 * @module
 */
import { type Deadline, deadlineOf, signalDeadline } from "./deadline.js";
import type { FetchLike, Transport, TransportRequest, TransportResponse } from "./transport.js";

/** Decodes whole bodies (never streaming, so one instance serves every request). */
const UTF8 = new TextDecoder();

const ignore = (): void => {};

function cancelBody(response: Response): void {
  // Not awaited: cancelling one branch of a cloned body settles only once every branch is cancelled.
  response.body?.cancel().catch(ignore);
}

/** The text of `chunks` (`size` bytes in all), decoded as UTF-8 as a streaming decoder would. */
function decoded(chunks: Uint8Array[], size: number): string {
  if (chunks.length === 1) {
    return UTF8.decode(chunks[0]);
  }
  const whole = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    whole.set(chunk, at);
    at += chunk.byteLength;
  }
  return UTF8.decode(whole);
}

/** One request in flight: what the deadline's end must stop. */
class Pending {
  /** The deadline ended before the answer was complete; whatever still arrives is released. */
  abandoned = false;
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined = undefined;
}

/** Reads `response`'s body as text, or `undefined` once it exceeds `maxBytes` (the rest is cancelled). */
async function readBounded(
  response: Response,
  maxBytes: number,
  pending: Pending,
): Promise<string | undefined> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    cancelBody(response);
    return undefined;
  }
  if (!response.body) {
    return "";
  }
  // Bounded by what arrives, whatever Content-Length claimed (or when it is absent).
  const reader = response.body.getReader();
  pending.reader = reader;
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      return size === 0 ? "" : decoded(chunks, size);
    }
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(ignore);
      return undefined;
    }
    chunks.push(value);
  }
}

/** Returns `value`; reading `held` here keeps it reachable until the answer is complete. */
function keepAlive<T>(held: unknown, value: T): T {
  return held === keepAlive ? (undefined as T) : value;
}

/** Waits for the answer and reads its body; a late answer (after the deadline ended) is cancelled. */
async function answer(
  sent: Promise<Response>,
  maxBytes: number,
  pending: Pending,
  held: Request | undefined,
): Promise<TransportResponse> {
  const response = await sent;
  if (pending.abandoned) {
    cancelBody(response);
    return undefined as never;
  }
  const body = await readBounded(response, maxBytes, pending);
  return {
    // A browser reports a redirect that was not followed as an opaque response with status 0.
    status: response.type === "opaqueredirect" ? 0 : response.status,
    statusText: keepAlive(held, response.statusText),
    headers: response.headers,
    body,
  };
}

/** Settles like `work`, or rejects with the deadline's reason as soon as it ends (cancelling the body read). */
function raced(
  work: Promise<TransportResponse>,
  deadline: Deadline,
  pending: Pending,
): Promise<TransportResponse> {
  return new Promise<TransportResponse>((resolve, reject) => {
    const onEnd = () => {
      pending.abandoned = true;
      pending.reader?.cancel(deadline.reason).catch(ignore);
      reject(deadline.reason);
    };
    deadline.subscribe(onEnd);
    work.then(
      (value) => {
        deadline.unsubscribe(onEnd);
        resolve(value);
      },
      (error: unknown) => {
        deadline.unsubscribe(onEnd);
        reject(error);
      },
    );
  });
}

function init(request: TransportRequest): RequestInit {
  return {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: request.signal,
    redirect: "manual",
  };
}

/**
 * The default transport, on web-standard `fetch`. With an injected `fetch` it builds a `Request` (an
 * injected fetch always receives one); without, it calls `globalThis.fetch(url, init)` directly,
 * looked up per request. Redirects are never followed (`redirect: "manual"`). The wait for the
 * answer and for the body are raced against the request's deadline (or signal), so a `fetch` that
 * ignores signals still ends on time; a body that arrives late is cancelled. A body is bounded by
 * the bytes that arrive, whatever its `Content-Length` says.
 *
 * @example
 * ```ts
 * import { fetchTransport } from "@lpkit/core";
 *
 * const transport = fetchTransport(async (request) => fetch(request)); // same as fetchTransport()
 * const { status, body } = await transport.send({
 *   method: "GET", url: "https://api.liveperson.net/api/account/12345678/service/baseURI.json?version=1.0",
 *   headers: { accept: "application/json" }, signal: AbortSignal.timeout(5_000), maxBodyBytes: 1 << 20,
 * });
 * ```
 */
export function fetchTransport(fetch?: FetchLike): Transport {
  return {
    send(request) {
      const deadline = deadlineOf(request) ?? signalDeadline(request.signal);
      if (deadline.aborted) {
        return Promise.reject(deadline.reason);
      }
      const pending = new Pending();
      let sent: Promise<Response>;
      let held: Request | undefined;
      try {
        if (fetch === undefined) {
          sent = globalThis.fetch(request.url, init(request));
        } else {
          // Held until the body is read: fetch follows a request's signal through a weak reference only.
          held = new Request(request.url, init(request));
          sent = fetch(held);
        }
      } catch (error) {
        return Promise.reject(error);
      }
      return raced(answer(sent, request.maxBodyBytes, pending, held), deadline, pending);
    },
  };
}
