/**
 * Request plumbing shared by the lpkit clients: the injectable `fetch` and clock types, per-call
 * deadlines that tell a timeout from a caller's abort, mapping `fetch` failures to typed errors,
 * and bounded reading of response bodies.
 *
 * @module
 */
import { AbortError, LpkitError, NetworkError, TimeoutError, UnexpectedResponseError } from "./errors.js";

/** The `fetch` lpkit calls. `globalThis.fetch` fits; tests pass a function returning a `Response`. */
export type FetchLike = (input: Request) => Promise<Response>;

/**
 * Anything `new Headers(…)` accepts. Named through the constructor so the type resolves both with the
 * DOM library and in a plain Node project (`@types/node` has no global `HeadersInit`).
 */
export type HeadersLike = ConstructorParameters<typeof Headers>[0];

/** Milliseconds since the epoch; inject one in tests to control time. */
export type Now = () => number;

/** Default time limit for a single HTTP request made by lpkit. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Default bound on a response body lpkit reads into memory (4 MiB). */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A per-call deadline: the signal to pass to `fetch`, and a mapper for what `fetch` throws. */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Turns whatever the call threw into a typed lpkit error (timeout, abort or network). */
  toError(error: unknown, what: string): LpkitError;
  /** Stops the timer; call when the body has been read. */
  clear(): void;
}

/**
 * Starts a deadline of `timeoutMs` that also ends when the caller's `signal` aborts.
 *
 * @example
 * ```ts
 * const deadline = startDeadline(5_000, options.signal);
 * try {
 *   const res = await fetch(request, { signal: deadline.signal });
 * } catch (err) {
 *   throw deadline.toError(err, "Domain API request");
 * } finally {
 *   deadline.clear();
 * }
 * ```
 */
export function startDeadline(timeoutMs: number, signal?: AbortSignal | undefined): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer =
    timeoutMs > 0 && Number.isFinite(timeoutMs)
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new TimeoutError(`no answer within ${timeoutMs} ms`, timeoutMs));
        }, timeoutMs)
      : undefined;
  // Do not keep a process alive only for a request deadline.
  (timer as { unref?: () => void } | undefined)?.unref?.();
  const onAbort = () => controller.abort(new AbortError("the operation was aborted by the caller"));
  if (signal?.aborted) {
    onAbort();
  } else {
    signal?.addEventListener("abort", onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    toError(error, what) {
      if (error instanceof LpkitError) {
        return error;
      }
      if (timedOut) {
        return new TimeoutError(`${what}: no answer within ${timeoutMs} ms`, timeoutMs);
      }
      if (signal?.aborted) {
        return new AbortError(`${what}: aborted by the caller`);
      }
      return toNetworkError(error, what);
    },
    clear() {
      if (timer !== undefined) {
        clearTimeout(timer);
      }
      signal?.removeEventListener("abort", onAbort);
    },
  };
}

const CONNECT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") {
      return code;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * Maps an exception thrown by `fetch` to a {@link NetworkError}. The original error is not kept as
 * `cause` (it may quote URLs or headers); only its system error code is kept in the message.
 */
export function toNetworkError(error: unknown, what: string): NetworkError {
  const code = errorCode(error);
  const phase = code && CONNECT_CODES.has(code) ? "connect" : "unknown";
  return new NetworkError(`${what} failed${code ? ` (${code})` : ""}`, phase);
}

/**
 * Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds from `now`.
 * Returns `undefined` when absent or unparsable; never negative.
 *
 * @example
 * ```ts
 * parseRetryAfter("2", Date.now());   // 2000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null || value.trim() === "") {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Reads a response body as text, refusing to hold more than `maxBytes` in memory.
 * Throws {@link UnexpectedResponseError} when the body is larger.
 */
export async function readBoundedText(
  response: Response,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
): Promise<string> {
  const declared = Number(response.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) {
    // Not awaited: cancelling one branch of a cloned body settles only once every branch is cancelled.
    response.body?.cancel().catch(() => {});
    throw new UnexpectedResponseError(
      `response body of ${declared} bytes exceeds the ${maxBytes}-byte limit`,
      {
        status: response.status,
      },
    );
  }
  if (!response.body) {
    return "";
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => {});
      throw new UnexpectedResponseError(`response body exceeds the ${maxBytes}-byte limit`, {
        status: response.status,
      });
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}

/** The result of {@link readJsonBody}: the parsed value, or why it could not be parsed. */
export type JsonBody = { ok: true; value: unknown; text: string } | { ok: false; text: string };

/**
 * Reads a bounded body and parses it as JSON when it is JSON. An empty or non-JSON body gives
 * `{ ok: false, text }` rather than throwing, so callers can decide what a bad body means.
 */
export async function readJsonBody(response: Response, maxBytes = DEFAULT_MAX_BODY_BYTES): Promise<JsonBody> {
  const text = await readBoundedText(response, maxBytes);
  if (text.trim() === "") {
    return { ok: false, text };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown, text };
  } catch {
    return { ok: false, text };
  }
}

/** The first characters of a body, for error messages and diagnosis. */
export function snippet(text: string, max = 200): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** A fresh request id (UUID v4) to send as `X-Request-Id`. */
export function newRequestId(): string {
  return crypto.randomUUID();
}
