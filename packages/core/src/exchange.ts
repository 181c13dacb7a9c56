/**
 * One HTTP round trip with lpkit's guarantees, used by every client: an `X-Request-Id` (unless the
 * request has one), one deadline that covers the headers and the body, the caller's `AbortSignal`,
 * a bounded body, redirects never followed, `*.localhost` pinned to 127.0.0.1, and every transport
 * failure mapped to a `TimeoutError`, `AbortError` or `NetworkError` whose message names the origin
 * (`scheme://host:port`) — never a path, a query, a header or a body, and never with the raw
 * exception as `cause`. Exported from `@lpkit/core/internal`.
 *
 * @module
 */
import { abortedBy, startDeadline } from "./deadline.js";
import { LpkitError, NetworkError } from "./errors.js";
import { originOf } from "./http-answer.js";
import { pinnedUrl } from "./local-emulator.js";
import type { Transport, TransportResponse } from "./transport.js";

/**
 * What a client sends: method, absolute URL, lower-case headers and an optional text body.
 *
 * @example
 * ```ts
 * const request: HttpRequest = { method: "GET", url: "https://api.liveperson.net/…", headers: { accept: "application/json" } };
 * ```
 */
export interface HttpRequest {
  readonly method: string;
  readonly url: string;
  /** Lower-case names; {@link exchange} adds `x-request-id` here when it is missing. */
  readonly headers: Record<string, string>;
  readonly body?: string | undefined;
}

/**
 * Settings of one {@link exchange}.
 *
 * @example
 * ```ts
 * const options: ExchangeOptions = { transport, timeoutMs: 10_000, signal, maxBodyBytes: 1 << 20, what: "Domain API lookup" };
 * ```
 */
export interface ExchangeOptions {
  readonly transport: Transport;
  /** One deadline for headers and body, in ms; `0` disables it. */
  readonly timeoutMs: number;
  /** The caller's signal: aborting it ends the exchange with an `AbortError`. */
  readonly signal?: AbortSignal | undefined;
  readonly maxBodyBytes: number;
  /** Names the call in error messages, e.g. `Sentinel token request`. */
  readonly what: string;
}

/**
 * An HTTP answer, as every client reads it.
 *
 * @example
 * ```ts
 * const answer = await exchange(request, options);
 * if (answer.tooLarge) throw new UnexpectedResponseError("too large", answer);
 * ```
 */
export interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: TransportResponse["headers"];
  /** The body text; `""` when {@link Answer.tooLarge}. */
  readonly text: string;
  /** The body was larger than `maxBodyBytes` and was not kept. */
  readonly tooLarge: boolean;
  /** The `X-Request-Id` that was sent. */
  readonly requestId: string;
  /** `scheme://host:port` of the request, the port always explicit. */
  readonly origin: string;
}

/**
 * A fresh request id (UUID v4) to send as `X-Request-Id`.
 *
 * @example
 * ```ts
 * headers["x-request-id"] = newRequestId();
 * ```
 */
export function newRequestId(): string {
  return crypto.randomUUID();
}

const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

const SAFE_CODE = /^[A-Z][A-Z0-9_]{1,40}$/;

/** The system error code of a failure (`ECONNREFUSED`, …), looked for along the `cause` chain. */
function systemCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && SAFE_CODE.test(code)) {
      return code;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps what a transport threw to a {@link NetworkError} naming `origin`. The original error is not
 * kept (it may quote URLs or headers); only its system error code is.
 *
 * @example
 * ```ts
 * toNetworkError(error, "Sentinel token request", "https://va.sentinel.liveperson.net:443");
 * ```
 */
export function toNetworkError(error: unknown, what: string, origin: string): NetworkError {
  const code = systemCode(error);
  const phase = code !== undefined && CONNECT_CODES.has(code) ? "connect" : "unknown";
  return new NetworkError(`${what}: could not reach ${origin}${code ? ` (${code})` : ""}`, phase);
}

/**
 * Maps a failure of an exchange to its typed error: an aborted `signal` → `TimeoutError` or
 * `AbortError` ({@link abortedBy}), an lpkit error → itself, anything else → `NetworkError`.
 *
 * @example
 * ```ts
 * throw failureOf(error, signal, "Sentinel token request", origin);
 * ```
 */
export function failureOf(error: unknown, signal: AbortSignal, what: string, origin: string): LpkitError {
  if (signal.aborted) {
    return abortedBy(signal, what, origin);
  }
  if (error instanceof LpkitError) {
    return error;
  }
  return toNetworkError(error, what, origin);
}

/**
 * Sends `request` through `options.transport` and returns the answer (any status, redirects
 * included: they are never followed — the caller turns them into its own error). Rejects only with
 * `TimeoutError`, `AbortError` or `NetworkError`. With `timeoutMs: 0` the caller's `signal` is the only
 * limit; a signal from `startDeadline` that runs out is reported as a `TimeoutError`.
 *
 * @example
 * ```ts
 * const answer = await exchange(
 *   { method: "GET", url, headers: { accept: "application/json" } },
 *   { transport, timeoutMs: 10_000, signal, maxBodyBytes: 1 << 20, what: "Domain API lookup" },
 * );
 * ```
 */
export async function exchange(request: HttpRequest, options: ExchangeOptions): Promise<Answer> {
  const { headers } = request;
  let requestId = headers["x-request-id"];
  if (requestId === undefined) {
    requestId = newRequestId();
    headers["x-request-id"] = requestId;
  }
  // With no time limit of its own the caller's signal (e.g. a deadline of the caller's) is used as is.
  const deadline = options.timeoutMs > 0 ? startDeadline(options.timeoutMs, options.signal) : undefined;
  const signal = deadline?.signal ?? options.signal ?? new AbortController().signal;
  try {
    const response = await options.transport.send({
      method: request.method,
      // `*.localhost` goes to 127.0.0.1, never to the system resolver (see local-emulator.ts).
      url: pinnedUrl(request.url),
      headers,
      body: request.body,
      signal,
      maxBodyBytes: options.maxBodyBytes,
    });
    const tooLarge = response.body === undefined;
    const { url } = request;
    return {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
      text: tooLarge ? "" : (response.body as string),
      tooLarge,
      requestId,
      // Worked out only when a client needs it (an error or a redirect): not on the hot path.
      get origin() {
        return originOf(url);
      },
    };
  } catch (error) {
    throw failureOf(error, signal, options.what, originOf(request.url));
  } finally {
    deadline?.clear();
  }
}
