/**
 * One HTTP exchange with Sentinel through openapi-fetch: a per-call deadline that also covers
 * reading the body, an `X-Request-Id`, and a bounded body read. Failures of `fetch` become
 * `TimeoutError`, `AbortError` or `NetworkError` (via core `startDeadline`), none of which keep
 * the original exception — it could quote the request.
 *
 * @module
 */
import {
  newRequestId,
  readBoundedText,
  startDeadline,
  UnexpectedResponseError,
  untilAborted,
} from "@lpkit/core";
import type { Middleware } from "openapi-fetch";

/** What openapi-fetch must be given for one exchange. */
export interface ExchangeInit {
  /** The deadline's signal (ends on timeout or when the caller aborts). */
  signal: AbortSignal;
  /** The `X-Request-Id` to send. */
  requestId: string;
  /** Per-request middleware that reads the body (bounded) and captures it. */
  middleware: Middleware[];
}

/** What came back. */
export interface Exchange {
  status: number;
  headers: Headers;
  /** The body text; empty when `oversize`. */
  text: string;
  /** The body was larger than allowed and was not read. */
  oversize: boolean;
  /** The `X-Request-Id` that was sent. */
  requestId: string;
}

/** Settings of one exchange. */
export interface ExchangeSettings {
  /** What the call is, for error messages, e.g. `Sentinel token request`. */
  what: string;
  timeoutMs: number;
  maxBodyBytes: number;
  signal?: AbortSignal | undefined;
}

/**
 * Runs `send` (an openapi-fetch call) under a deadline and returns the status, headers and the
 * bounded body text. The body is read inside openapi-fetch's `onResponse` hook, and openapi-fetch
 * is handed an empty stand-in afterwards so it never reads an unbounded body itself.
 *
 * @example
 * ```ts
 * const result = await exchange({ what: "JWKS request", timeoutMs: 10_000, maxBodyBytes: 1 << 18 }, (init) =>
 *   raw.GET("/sentinel/well-known/jwks", {
 *     params: { header: { "X-Request-Id": init.requestId } },
 *     signal: init.signal,
 *     middleware: init.middleware,
 *   }),
 * );
 * ```
 */
export async function exchange(
  settings: ExchangeSettings,
  send: (init: ExchangeInit) => Promise<unknown>,
): Promise<Exchange> {
  const requestId = newRequestId();
  const deadline = startDeadline(settings.timeoutMs, settings.signal);
  let captured: Omit<Exchange, "requestId"> | undefined;
  const capture: Middleware = {
    async onResponse({ response }) {
      let text = "";
      let oversize = false;
      try {
        text = await readBoundedText(response, settings.maxBodyBytes);
      } catch (error) {
        if (!(error instanceof UnexpectedResponseError)) {
          throw error;
        }
        oversize = true;
      }
      captured = { status: response.status, headers: response.headers, text, oversize };
      return new Response(null, { status: 204 });
    },
  };
  try {
    // Raced against the deadline (which also covers reading the body, done in `capture`), so the
    // call ends on time even when the `fetch` in use does not honour the signal — a wrapper, or a
    // request whose signal link was garbage-collected mid-flight.
    await untilAborted(send({ signal: deadline.signal, requestId, middleware: [capture] }), deadline.signal);
  } catch (error) {
    throw deadline.toError(error, settings.what);
  } finally {
    deadline.clear();
  }
  if (captured === undefined) {
    // Only reachable if a user middleware answered without calling fetch and hid the response.
    throw new UnexpectedResponseError(`${settings.what}: no response was received`, { status: 0, requestId });
  }
  return { ...captured, requestId };
}
