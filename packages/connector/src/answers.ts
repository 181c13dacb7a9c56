/**
 * Parsers of CONVERSATION and SEND answers: the per-request `{code, body, reqId}` entries located by
 * `reqId`, with every failure a typed error (see `answer-errors.ts`).
 *
 * @module
 */
import { InvalidArgumentError, UnexpectedResponseError } from "@lpkit/core";
import {
  answerError,
  authError,
  httpError,
  isObject,
  isOk,
  type ParseAnswerOptions,
  parseJson,
} from "./answer-errors.js";
import type { ConversationBatch, RequestAnswer, SendApiAnswer, SendRequest } from "./types.js";

/** What a successful CONVERSATION returned. */
export interface ConversationOutcome {
  /** The new conversation's id (also its MAIN dialog's id). */
  conversationId: string;
  /** The SetUserProfile answer; a failed profile does not undo the conversation. */
  profile: RequestAnswer | undefined;
  /** The first message's answer, when the batch carried one. */
  firstMessage: RequestAnswer | undefined;
  /** Every entry, in the order received. */
  answers: RequestAnswer[];
}

function isAnswer(value: unknown): value is RequestAnswer {
  return (
    isObject(value) &&
    (typeof value.code === "string" || typeof value.code === "number") &&
    (value.body === undefined || isObject(value.body)) &&
    (value.reqId === undefined || typeof value.reqId === "string" || typeof value.reqId === "number")
  );
}

function unexpected(answer: SendApiAnswer, why: string): UnexpectedResponseError {
  return new UnexpectedResponseError(`the Send API answered HTTP ${answer.status} but ${why}`, {
    status: answer.status,
    requestId: answer.requestId,
  });
}

/** The body of a 2xx or 400 answer, or the typed error every other answer is. */
function readBody(answer: SendApiAnswer, options: ParseAnswerOptions): unknown {
  const tooLarge = answer.text === undefined || answer.tooLarge === true;
  const body = tooLarge ? undefined : parseJson(answer.text);
  const auth = authError(answer, body);
  if (auth) {
    throw auth;
  }
  const success = answer.status >= 200 && answer.status <= 299;
  if (!success && answer.status !== 400) {
    throw httpError(answer, options);
  }
  if (tooLarge) {
    throw success ? unexpected(answer, "the body exceeds the size limit") : httpError(answer, options);
  }
  if (body === undefined) {
    throw success
      ? unexpected(answer, "the body is not JSON")
      : httpError(answer, options, "HTTP 400 (invalid request)");
  }
  return body;
}

function entryFor(
  entries: RequestAnswer[],
  id: string | number,
  index: number,
  total: number,
): RequestAnswer | undefined {
  const byId = entries.find((entry) => entry.reqId !== undefined && String(entry.reqId) === String(id));
  // Answers without any reqId: fall back to the documented order (one entry per request).
  const noIds = entries.every((entry) => entry.reqId === undefined) && entries.length === total;
  return byId ?? (noIds ? entries[index] : undefined);
}

/**
 * Reads a CONVERSATION answer (HTTP 200 or 400 with one entry per request) and returns the new
 * conversation id, found by the `reqId` of the batch's `cm.ConsumerRequestConversation`. Throws
 * `ConversationAlreadyOpenError` when the consumer already has one open, `ConnectorRequestError`
 * for another failed entry, a `ConnectorAuthError` subclass per `errorCode`, `ConnectorApiError`
 * for 403/429/5xx, `UnexpectedResponseError` for a success without a conversation id.
 *
 * @example
 * ```ts
 * const { conversationId } = parseConversationAnswer({ status: res.status, text: await res.text() }, batch);
 * ```
 */
export function parseConversationAnswer(
  answer: SendApiAnswer,
  batch: ConversationBatch,
  options: ParseAnswerOptions = {},
): ConversationOutcome {
  if (!Array.isArray(batch) || batch.length < 2) {
    throw new InvalidArgumentError("batch", "expected the batch that was sent");
  }
  const body = readBody(answer, options);
  const list = Array.isArray(body) ? body : [body];
  if (!list.every(isAnswer)) {
    throw answer.status === 400
      ? httpError(answer, options, "HTTP 400 (invalid request)")
      : unexpected(answer, "the body is not a list of request answers");
  }
  const [profileRequest, conversationRequest, firstRequest] = batch;
  const entry = entryFor(list, conversationRequest.id, 1, batch.length);
  if (entry === undefined) {
    // No answer for the conversation request: report the request that failed, if one did.
    const failed = list.find((candidate) => !isOk(candidate));
    if (failed) {
      const sent = batch.find((request) => String(request.id) === String(failed.reqId));
      throw answerError(answer, failed, sent?.type ?? "CONVERSATION");
    }
    throw answer.status === 400
      ? httpError(answer, options, "HTTP 400 (invalid request)")
      : unexpected(answer, "no answer matches the conversation request");
  }
  if (!isOk(entry)) {
    throw answerError(answer, entry, conversationRequest.type);
  }
  const conversationId = entry.body?.conversationId;
  if (typeof conversationId !== "string" || conversationId === "") {
    throw unexpected(answer, "the conversation request's answer has no conversationId");
  }
  return {
    conversationId,
    profile: entryFor(list, profileRequest.id, 0, batch.length),
    firstMessage: firstRequest === undefined ? undefined : entryFor(list, firstRequest.id, 2, batch.length),
    answers: list,
  };
}

/**
 * Reads a SEND answer and returns the request's entry. Throws `ConversationClosedError` when the
 * failure says the conversation or dialog is closed, `ConnectorRequestError` for another failure
 * (`code` not `OK`, e.g. over 5,000 characters), a `ConnectorAuthError` subclass per `errorCode`,
 * `ConnectorApiError` for 403/429/5xx, `UnexpectedResponseError` for a malformed success (a
 * file-URL answer without `relativePath` and `queryParams`, a `sequence` that is not an integer).
 *
 * @example
 * ```ts
 * const entry = parseSendAnswer({ status: res.status, text: await res.text() }, request);
 * entry.body?.sequence; // the published message's sequence
 * ```
 */
export function parseSendAnswer(
  answer: SendApiAnswer,
  request: SendRequest,
  options: ParseAnswerOptions = {},
): RequestAnswer {
  if (!isObject(request) || typeof request.type !== "string") {
    throw new InvalidArgumentError("request", "expected the request that was sent");
  }
  const body = readBody(answer, options);
  const entry = Array.isArray(body) && body.length === 1 ? body[0] : body;
  if (!isAnswer(entry)) {
    throw answer.status === 400
      ? httpError(answer, options, "HTTP 400 (invalid request)")
      : unexpected(answer, "the body is not a request answer");
  }
  if (entry.reqId !== undefined && String(entry.reqId) !== String(request.id)) {
    throw unexpected(answer, "the answer's reqId does not match the request's id");
  }
  if (!isOk(entry)) {
    throw answerError(answer, entry, request.type);
  }
  const sequence = entry.body?.sequence;
  if (sequence !== undefined && !Number.isSafeInteger(sequence)) {
    throw unexpected(answer, '"sequence" is not an integer');
  }
  if (request.type === "ms.GenerateURLForUploadFile" || request.type === "ms.GenerateURLForDownloadFile") {
    const { relativePath, queryParams } = entry.body ?? {};
    if (
      typeof relativePath !== "string" ||
      !relativePath.startsWith("/") ||
      !isObject(queryParams) ||
      typeof queryParams.temp_url_sig !== "string" ||
      typeof queryParams.temp_url_expires !== "string"
    ) {
      throw unexpected(answer, "the file URL answer lacks relativePath or queryParams");
    }
  }
  return entry;
}

/**
 * The temporary upload or download URL on the storage host (Domain API service `swift`) from a
 * file-URL answer: `https://{swift}{relativePath}?temp_url_sig=…&temp_url_expires=…`.
 *
 * @example
 * ```ts
 * const url = temporaryFileUrl("va.objectstorage.liveperson.net", parseSendAnswer(answer, request));
 * await fetch(url, { method: "PUT", body: bytes });
 * ```
 */
export function temporaryFileUrl(swiftHost: string, entry: RequestAnswer): string {
  if (typeof swiftHost !== "string" || !/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(swiftHost)) {
    throw new InvalidArgumentError("swiftHost", "expected a bare host name from the Domain API");
  }
  const { relativePath, queryParams } = entry?.body ?? {};
  if (typeof relativePath !== "string" || !relativePath.startsWith("/") || !isObject(queryParams)) {
    throw new InvalidArgumentError("entry", "expected a file URL answer (relativePath and queryParams)");
  }
  const url = new URL(`https://${swiftHost}`);
  url.pathname = relativePath;
  for (const [key, value] of Object.entries(queryParams)) {
    if (typeof value === "string") {
      url.searchParams.set(key, value);
    }
  }
  return url.href;
}
