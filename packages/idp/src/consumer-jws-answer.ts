/**
 * Turning the IdP's answer into a {@link ConsumerJws}, or a typed error: `ConsumerJwsRequestError`
 * for a failure status (with `internalErrorCode` and `Retry-After` when sent), and
 * `UnexpectedResponseError` for a success that holds no decodable ConsumerJWS. A body that may hold
 * the token never appears in an error.
 *
 * @module
 */
import { ConsumerJwsRequestError, JwtMalformedError, UnexpectedResponseError } from "@lpkit/core";
import { describeRedirect, hideSecrets, parseRetryAfter } from "@lpkit/core/internal";
import { decodeConsumerJws } from "./decode-consumer-jws.js";
import type { ConsumerJws, IdpAnswer } from "./types.js";

/** Options of {@link parseConsumerJwsAnswer}. */
export interface ParseConsumerJwsOptions {
  /** Clock for an HTTP-date `Retry-After`; defaults to `Date.now`. */
  now?: (() => number) | undefined;
  /** The URL that was requested, to name where a redirect points (relative `Location`s). */
  requestUrl?: string | undefined;
}

const SAFE_CODE = /^[A-Za-z0-9._-]{1,32}$/;

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const NO_HEADERS = { get: (_name: string): string | null => null };

function failure(answer: IdpAnswer, options: ParseConsumerJwsOptions): ConsumerJwsRequestError {
  const { status, requestId } = answer;
  const body = answer.text === undefined || answer.tooLarge ? undefined : parseJson(answer.text);
  const raw = isObject(body) ? body.internalErrorCode : undefined;
  const code = typeof raw === "number" || typeof raw === "string" ? String(raw) : undefined;
  const internalErrorCode = code !== undefined && SAFE_CODE.test(code) ? code : undefined;
  const now = options.now ?? Date.now;
  const headers = answer.headers ?? NO_HEADERS;
  const retryAfterMs = parseRetryAfter(headers.get("retry-after"), now());
  const what =
    describeRedirect({ status, headers }, options.requestUrl ?? "https://idp.invalid/") ??
    `refused the ConsumerJWS request: HTTP ${status}`;
  const detail = internalErrorCode === undefined ? "" : ` (internalErrorCode ${internalErrorCode})`;
  return new ConsumerJwsRequestError(`the IdP ${what}${detail}`, {
    status,
    requestId,
    internalErrorCode,
    retryAfterMs,
  });
}

/**
 * Reads the IdP's answer to `createConsumerJws`. Any 2xx is a success (the documentation gives
 * 201; LivePerson's sample application accepts any 2xx) when its body is `{ token }` with a
 * decodable ConsumerJWS. The returned token prints as `[REDACTED]`.
 *
 * @example
 * ```ts
 * import { parseConsumerJwsAnswer } from "@lpkit/idp";
 *
 * const jws = parseConsumerJwsAnswer({ status: 201, text: await response.text(), headers: response.headers });
 * jws.token;                 // send as X-LP-ON-BEHALF
 * jws.claims.lp_consumer_id; // LivePerson's id of the consumer
 * ```
 */
export function parseConsumerJwsAnswer(
  answer: IdpAnswer,
  options: ParseConsumerJwsOptions = {},
): ConsumerJws {
  const { status, requestId } = answer;
  if (status < 200 || status > 299) {
    throw failure(answer, options);
  }
  const fail = (why: string, cause?: unknown): never => {
    // The body of a success may hold the token: no snippet of it.
    throw new UnexpectedResponseError(`the IdP answered HTTP ${status} but ${why}`, {
      status,
      requestId,
      cause,
    });
  };
  if (answer.text === undefined || answer.tooLarge) {
    return fail("the body exceeds the size limit for a ConsumerJWS answer");
  }
  const body = parseJson(answer.text);
  if (!isObject(body)) {
    return fail(body === undefined ? "the body is not JSON" : "the body is not a JSON object");
  }
  if (typeof body.token !== "string" || body.token === "") {
    return fail('the body has no "token"');
  }
  try {
    const { header, claims } = decodeConsumerJws(body.token);
    return hideSecrets({ token: body.token, header, claims }, ["token"]);
  } catch (error) {
    if (error instanceof JwtMalformedError) {
      return fail(`"token" is not a decodable ConsumerJWS: ${error.message}`, error);
    }
    throw error;
  }
}
