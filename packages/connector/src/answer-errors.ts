/**
 * Reading a Send API answer's failure: the documented authentication body (one class per
 * `errorCode`), failed requests inside an answer, and statuses without a per-request answer.
 *
 * @module
 */
import {
  AppJwtMissingError,
  AppJwtRejectedError,
  type ConnectorAnswerError,
  ConnectorApiError,
  type ConnectorAuthError,
  ConnectorMissingParameterError,
  ConnectorRequestError,
  ConnectorUnauthorizedError,
  ConsumerJwsMissingError,
  ConsumerJwsRejectedError,
  ConversationAlreadyOpenError,
  ConversationClosedError,
} from "@lpkit/core";
import { describeRedirect, parseRetryAfter, redactSnippet } from "@lpkit/core/internal";
import type { RequestAnswer, SendApiAnswer } from "./types.js";

/** Options of the answer parsers. */
export interface ParseAnswerOptions {
  /** Clock for an HTTP-date `Retry-After`; defaults to `Date.now`. */
  now?: (() => number) | undefined;
  /** The URL that was requested, to name where a redirect points (relative `Location`s). */
  requestUrl?: string | undefined;
}

const NO_HEADERS = { get: (_name: string): string | null => null };

/** Parses JSON, `undefined` when it is not JSON. */
export function parseJson(text: string | undefined): unknown {
  if (text === undefined) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Whether `value` is a JSON object (not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const AUTH_ERRORS = {
  40001: [ConnectorMissingParameterError, "a parameter or an AppJWT claim is missing"],
  40102: [AppJwtRejectedError, "the AppJWT has expired or is invalid"],
  40103: [ConsumerJwsRejectedError, "the ConsumerJWS is invalid for this consumer or conversation"],
  40104: [ConsumerJwsMissingError, "the request carries no ConsumerJWS (X-LP-ON-BEHALF)"],
  40105: [AppJwtMissingError, "the request carries no AppJWT (Authorization)"],
} as const;

/** The `errorCode` of the documented authentication body, as a number; `undefined` when absent. */
function errorCodeOf(body: unknown): number | undefined {
  const inner = isObject(body) && isObject(body.body) ? body.body.errorCode : undefined;
  const code = typeof inner === "string" && /^\d{5}$/.test(inner) ? Number(inner) : inner;
  return typeof code === "number" && Number.isInteger(code) && code >= 10000 && code <= 99999
    ? code
    : undefined;
}

/**
 * The authentication failure an answer reports, if any: a known `errorCode` with any status, or
 * any 401.
 */
export function authError(answer: SendApiAnswer, body: unknown): ConnectorAuthError | undefined {
  const errorCode = errorCodeOf(body);
  const known = errorCode === undefined ? undefined : AUTH_ERRORS[errorCode as keyof typeof AUTH_ERRORS];
  const init = { status: answer.status, requestId: answer.requestId, errorCode };
  if (known) {
    const [ErrorClass, what] = known;
    return new ErrorClass(
      `the Send API refused the request: ${what} (errorCode ${errorCode}, HTTP ${answer.status})`,
      init,
    );
  }
  if (answer.status === 401) {
    const code = errorCode === undefined ? "" : ` (errorCode ${errorCode})`;
    return new ConnectorUnauthorizedError(`the Send API answered HTTP 401${code}: get a new AppJWT`, init);
  }
  return undefined;
}

/** A failure status without a per-request answer (403, 404, 429, 5xx, redirects, a 400 with no answer). */
export function httpError(
  answer: SendApiAnswer,
  options: ParseAnswerOptions,
  why?: string,
): ConnectorApiError {
  const { status } = answer;
  const headers = answer.headers ?? NO_HEADERS;
  const redirect = describeRedirect({ status, headers }, options.requestUrl ?? "https://send-api.invalid/");
  const what =
    why === undefined
      ? (redirect ?? `answered HTTP ${status} without a per-request answer`)
      : `answered ${why}`;
  return new ConnectorApiError(`the Send API ${what}`, {
    status,
    requestId: answer.requestId,
    retryAfterMs: parseRetryAfter(headers.get("retry-after"), (options.now ?? Date.now)()),
  });
}

/** Whether an answer's `code` means success (`"OK"`, or `200` as the WebSocket API sends it). */
export function isOk(entry: RequestAnswer): boolean {
  return entry.code === "OK" || entry.code === 200 || entry.code === "200";
}

const ALREADY_OPEN = /\balready\b.*\bopen\b.*\bconversation|\bopen conversation\b.*\balready\b/i;
const CLOSED = /\b(closed|resolved|not open)\b/i;

/** A failed request inside an answer, classified by its request type and (loosely) its message. */
export function answerError(
  answer: SendApiAnswer,
  entry: RequestAnswer,
  requestType: string,
): ConnectorAnswerError {
  const raw = isObject(entry.body) && typeof entry.body.msg === "string" ? entry.body.msg : undefined;
  const serverMessage = raw === undefined ? undefined : redactSnippet(raw, [], 200);
  const init = {
    status: answer.status,
    requestId: answer.requestId,
    requestType,
    reqId: entry.reqId === undefined ? undefined : String(entry.reqId),
    answerCode: typeof entry.code === "string" ? entry.code.slice(0, 64) : entry.code,
    serverMessage,
  };
  const code = `code ${String(init.answerCode)}`;
  if (requestType === "cm.ConsumerRequestConversation" && raw !== undefined && ALREADY_OPEN.test(raw)) {
    return new ConversationAlreadyOpenError(`the consumer already has an open conversation (${code})`, init);
  }
  if (requestType !== "cm.ConsumerRequestConversation" && raw !== undefined && CLOSED.test(raw)) {
    return new ConversationClosedError(
      `${requestType} failed: the conversation or dialog is closed (${code})`,
      init,
    );
  }
  return new ConnectorRequestError(`${requestType} failed (${code}, HTTP ${answer.status})`, init);
}
