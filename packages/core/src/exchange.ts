/**
 * One HTTP round trip with lpkit's guarantees, used by every client: an `X-Request-Id` (unless the
 * request has one), one deadline that covers the headers and the body, the caller's `AbortSignal`,
 * a bounded body, redirects never followed, and every transport failure mapped to a
 * `TimeoutError`, `AbortError` or `NetworkError` whose message names the origin
 * (`scheme://host:port`) — never a path, a query, a header or a body, and never with the raw
 * exception as `cause`. Exported from `@lpkit/core/internal`.
 *
 * @module
 */
import { abortedBy, DEADLINE, type Deadline, signalDeadline, startDeadline } from "./deadline.js";
import { LpkitError, NetworkError } from "./errors.js";
import { originOf } from "./http-answer.js";
import { pinnedUrl } from "./local-emulator.js";
import type { Transport, TransportRequest, TransportResponse } from "./transport.js";

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
  /**
   * The caller's own deadline (e.g. one attempt's, from `startDeadline`), used instead of `signal`
   * when `timeoutMs` is `0`: its end ends the exchange as its reason says (`TimeoutError` or `AbortError`).
   */
  readonly deadline?: Deadline | undefined;
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
 * Maps a failure of an exchange to its typed error: an ended deadline (or aborted signal) → `TimeoutError` or
 * `AbortError` ({@link abortedBy}), an lpkit error → itself, anything else → `NetworkError`.
 *
 * @example
 * ```ts
 * throw failureOf(error, deadline, "Sentinel token request", origin);
 * ```
 */
export function failureOf(
  error: unknown,
  ended: { readonly aborted: boolean; readonly reason: unknown },
  what: string,
  origin: string,
): LpkitError {
  if (ended.aborted) {
    return abortedBy(ended, what, origin);
  }
  if (error instanceof LpkitError) {
    return error;
  }
  return toNetworkError(error, what, origin);
}

/** The limit of one exchange: its own deadline, the caller's, the caller's signal, or none. */
function limitOf(options: ExchangeOptions): Deadline {
  if (options.timeoutMs > 0) {
    return startDeadline(options.timeoutMs, options.signal);
  }
  if (options.deadline !== undefined) {
    return options.deadline;
  }
  // With no time limit of its own the caller's signal (e.g. a deadline of the caller's) is used as is.
  return options.signal === undefined ? startDeadline(0, undefined) : signalDeadline(options.signal);
}

/** The request a transport receives: `signal` is made only if the transport reads it. */
function transportRequest(request: HttpRequest, maxBodyBytes: number, deadline: Deadline): TransportRequest {
  return {
    method: request.method,
    // `*.localhost` goes to 127.0.0.1, never to the system resolver (see local-emulator.ts).
    url: pinnedUrl(request.url),
    headers: request.headers,
    body: request.body,
    maxBodyBytes,
    get signal() {
      return deadline.signal;
    },
    [DEADLINE]: deadline,
  } as TransportRequest;
}

/** The answer of one exchange; `origin` is worked out only when a client asks (an error, a redirect). */
class ExchangeAnswer implements Answer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: TransportResponse["headers"];
  readonly text: string;
  readonly tooLarge: boolean;
  readonly requestId: string;
  readonly #url: string;

  constructor(response: TransportResponse, requestId: string, url: string) {
    this.status = response.status;
    this.statusText = response.statusText;
    this.headers = response.headers;
    this.tooLarge = response.body === undefined;
    this.text = this.tooLarge ? "" : (response.body as string);
    this.requestId = requestId;
    this.#url = url;
  }

  get origin(): string {
    return originOf(this.#url);
  }
}

/**
 * Sends `request` through `options.transport` and returns the answer (any status, redirects
 * included: they are never followed — the caller turns them into its own error). Rejects only with
 * `TimeoutError`, `AbortError` or `NetworkError`. With `timeoutMs: 0` the caller's `deadline` (or else
 * its `signal`) is the only limit; a deadline, or the signal of one, that runs out is reported as a
 * `TimeoutError`.
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
  const deadline = limitOf(options);
  try {
    const response = await options.transport.send(transportRequest(request, options.maxBodyBytes, deadline));
    return new ExchangeAnswer(response, requestId, request.url);
  } catch (error) {
    throw failureOf(error, deadline, options.what, originOf(request.url));
  } finally {
    if (deadline !== options.deadline) {
      deadline.clear();
    }
  }
}
