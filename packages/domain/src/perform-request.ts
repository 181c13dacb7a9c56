/**
 * One Domain API round trip with lpkit's guarantees: a fresh `X-Request-Id`, a deadline that covers
 * the whole exchange (headers and body), the caller's `AbortSignal`, bounded body reads, and every
 * transport failure mapped to a typed lpkit error.
 *
 * openapi-fetch builds the request (typed path, query and headers). The real response is kept
 * here and read with `@lpkit/core`'s bounded readers; openapi-fetch never reads a body itself
 * (`parseAs: "stream"` for 2xx, a body-less stand-in for other statuses).
 *
 * @module
 */
import {
  type FetchLike,
  type JsonBody,
  newRequestId,
  readBoundedText,
  readJsonBody,
  startDeadline,
  UnexpectedResponseError,
} from "@lpkit/core";
import { MAX_BODY_BYTES, MAX_ERROR_BODY_BYTES } from "./constants.js";

/**
 * What {@link performRequest} hands to the function that sends the request through openapi-fetch.
 *
 * @example
 * ```ts
 * const send = ({ signal, requestId, fetch }: SendInit) =>
 *   client.GET(path, { params, parseAs: "stream", signal, fetch });
 * ```
 */
export interface SendInit {
  /** Ends when the deadline passes or the caller aborts; pass it as the request's `signal`. */
  readonly signal: AbortSignal;
  /** The id to send as `X-Request-Id`. */
  readonly requestId: string;
  /** The `fetch` to give openapi-fetch for this request. */
  readonly fetch: FetchLike;
}

/**
 * The outcome of a round trip that produced an HTTP answer.
 *
 * @example
 * ```ts
 * if (outcome.ok && outcome.body.ok) console.log(outcome.body.value);
 * ```
 */
export type RequestOutcome =
  | {
      readonly ok: true;
      readonly status: number;
      readonly requestId: string;
      /** The bounded body, parsed as JSON when it is JSON. */
      readonly body: JsonBody;
    }
  | {
      readonly ok: false;
      readonly status: number;
      readonly statusText: string;
      readonly requestId: string;
      /** The bounded error body, or `undefined` when it was larger than the bound. */
      readonly text: string | undefined;
    };

/**
 * Settings of {@link performRequest}.
 *
 * @example
 * ```ts
 * const init: PerformRequestInit = { fetch, timeoutMs: 10_000, signal: undefined, what: "GET /…" };
 * ```
 */
export interface PerformRequestInit {
  /** The caller's `fetch`. */
  readonly fetch: FetchLike;
  /** Time limit for the whole exchange; `0` disables it. */
  readonly timeoutMs: number;
  /** The caller's signal, if any. */
  readonly signal: AbortSignal | undefined;
  /** Names the call in error messages, e.g. `GET /api/account/1/service/baseURI.json`. */
  readonly what: string;
}

/**
 * Runs one request. Resolves with the status and bounded body of any HTTP answer; rejects only with
 * lpkit errors (`TimeoutError`, `AbortError`, `NetworkError`, `UnexpectedResponseError`).
 *
 * @example
 * ```ts
 * const outcome = await performRequest(
 *   { fetch, timeoutMs: 10_000, signal: undefined, what: "GET /api/account/1/service/baseURI.json" },
 *   ({ signal, requestId, fetch }) =>
 *     client.GET("/api/account/{accountId}/service/baseURI.json", {
 *       params: { path: { accountId: "1" }, query: { version: "1.0" }, header: { "X-Request-Id": requestId } },
 *       parseAs: "stream",
 *       signal,
 *       fetch,
 *     }),
 * );
 * ```
 */
export async function performRequest(
  init: PerformRequestInit,
  send: (sendInit: SendInit) => Promise<unknown>,
): Promise<RequestOutcome> {
  const requestId = newRequestId();
  const deadline = startDeadline(init.timeoutMs, init.signal);
  let answer: Response | undefined;
  const guardedFetch: FetchLike = async (request) => {
    const response = await init.fetch(request);
    answer = response;
    if (response.ok) {
      return response;
    }
    if (response.status < 200 || response.status > 599) {
      throw new UnexpectedResponseError(`${init.what}: unusable HTTP status ${response.status}`, {
        status: response.status,
        requestId,
      });
    }
    // openapi-fetch would read an error body without a bound; give it an empty copy instead.
    return new Response(null, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  try {
    if (deadline.signal.aborted) {
      // Aborted before the call: do not even start the request.
      throw deadline.signal.reason;
    }
    await untilAborted(send({ signal: deadline.signal, requestId, fetch: guardedFetch }), deadline.signal);
    if (!answer) {
      throw new UnexpectedResponseError(`${init.what}: fetch returned no response`, { status: 0, requestId });
    }
    const response = answer;
    if (response.ok) {
      const body = await untilAborted(readJsonBody(response, MAX_BODY_BYTES), deadline.signal, response);
      return { ok: true, status: response.status, requestId, body };
    }
    const text = await untilAborted(readErrorText(response), deadline.signal, response);
    return { ok: false, status: response.status, statusText: response.statusText, requestId, text };
  } catch (error) {
    const mapped = deadline.toError(error, init.what);
    if (mapped instanceof UnexpectedResponseError && mapped.requestId === undefined) {
      // Body-size errors from core know the status but not the request id.
      throw new UnexpectedResponseError(`${init.what}: ${mapped.message}`, {
        status: mapped.status,
        requestId,
        bodySnippet: mapped.bodySnippet,
      });
    }
    throw mapped;
  } finally {
    deadline.clear();
  }
}

async function readErrorText(response: Response): Promise<string | undefined> {
  try {
    return await readBoundedText(response, MAX_ERROR_BODY_BYTES);
  } catch (error) {
    if (error instanceof UnexpectedResponseError) {
      return undefined; // too large to keep: the status alone tells the story
    }
    throw error;
  }
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as `signal` aborts — so the
 * deadline also covers `fetch` implementations and bodies that ignore the signal. On abort the
 * response body (if given) is cancelled.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, response?: Response): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      response?.body?.cancel(signal.reason).catch(() => {});
      reject(signal.reason);
    };
    if (signal.aborted) {
      onAbort();
      return;
    }
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
