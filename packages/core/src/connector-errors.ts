/**
 * Errors of `@lpkit/idp` and `@lpkit/connector`: the Send API's authentication failures (one class
 * per documented `errorCode`), failed requests inside an answer (`code` not `OK`), other HTTP
 * failures, the IdP's refusals, and every reason a webhook receiver refuses a delivery. Messages are
 * fixed text: never a token, a client secret or a signature.
 *
 * @example
 * ```ts
 * if (err instanceof ConnectorAuthError && err.renew === "appJwt") {
 *   // get a new AppJWT, then send once more
 * } else if (isLpkitError(err) && err.code === "ERR_CONVERSATION_ALREADY_OPEN") {
 *   // reuse the open conversation
 * }
 * ```
 *
 * @module
 */
import { LpkitError, type LpkitErrorOptions } from "./errors.js";
import { isRetryableStatus, ResponseError, type ResponseErrorInit } from "./response-errors.js";

/** Which credential a Send API authentication failure asks the caller to renew. */
export type ConnectorCredential = "appJwt" | "consumerJws";

/** Fields of a Send API authentication failure. */
export interface ConnectorAuthErrorInit extends ResponseErrorInit {
  /** The documented five-digit `errorCode` (e.g. 40102), when the body carried one. */
  errorCode?: number | undefined;
}

/** Base of the Send API's authentication failures (the `errorCode` body, usually with HTTP 401). */
export abstract class ConnectorAuthError extends ResponseError {
  /** The documented `errorCode` (40001, 40102, 40103, 40104, 40105), when one was sent. */
  readonly errorCode: number | undefined;
  /** The credential to renew before one more try; `undefined` when renewing cannot help. */
  abstract readonly renew: ConnectorCredential | undefined;
  constructor(message: string, init: ConnectorAuthErrorInit) {
    super(message, init);
    this.errorCode = init.errorCode;
  }
}

/** 40102: the AppJWT has expired or is invalid. Get a new AppJWT and try once more. */
export class AppJwtRejectedError extends ConnectorAuthError {
  override readonly name = "AppJwtRejectedError";
  readonly code = "ERR_APP_JWT_REJECTED" as const;
  readonly renew = "appJwt" as const;
}

/** 40105: the request carried no AppJWT (`Authorization`). */
export class AppJwtMissingError extends ConnectorAuthError {
  override readonly name = "AppJwtMissingError";
  readonly code = "ERR_APP_JWT_MISSING" as const;
  readonly renew = "appJwt" as const;
}

/** 40103: the ConsumerJWS is invalid, e.g. another consumer's or another account's. Get a new one. */
export class ConsumerJwsRejectedError extends ConnectorAuthError {
  override readonly name = "ConsumerJwsRejectedError";
  readonly code = "ERR_CONSUMER_JWS_REJECTED" as const;
  readonly renew = "consumerJws" as const;
}

/** 40104: the request carried no ConsumerJWS (`X-LP-ON-BEHALF`). A bug in the caller. */
export class ConsumerJwsMissingError extends ConnectorAuthError {
  override readonly name = "ConsumerJwsMissingError";
  readonly code = "ERR_CONSUMER_JWS_MISSING" as const;
  readonly renew = undefined;
}

/** 40001: a missing parameter (the brand id) or a missing AppJWT claim (e.g. `iss`). */
export class ConnectorMissingParameterError extends ConnectorAuthError {
  override readonly name = "ConnectorMissingParameterError";
  readonly code = "ERR_CONNECTOR_MISSING_PARAMETER" as const;
  readonly renew = undefined;
}

/** A 401 without a known `errorCode`. The documentation's advice for a 401: get a new AppJWT. */
export class ConnectorUnauthorizedError extends ConnectorAuthError {
  override readonly name = "ConnectorUnauthorizedError";
  readonly code = "ERR_CONNECTOR_UNAUTHORIZED" as const;
  readonly renew = "appJwt" as const;
}

/** Fields of a failed request inside a Send API answer. */
export interface ConnectorRequestErrorInit extends ResponseErrorInit {
  /** The request's `type`, e.g. `cm.ConsumerRequestConversation`. */
  requestType?: string | undefined;
  /** The request's `id` (the answer's `reqId`). */
  reqId?: string | undefined;
  /** The answer's `code`, e.g. `BAD_REQUEST`. */
  answerCode?: string | number | undefined;
  /** The answer's `body.msg`, cut short, JWT-shaped strings removed. */
  serverMessage?: string | undefined;
}

/** Base of the failures LivePerson reports inside an answer: `code` is not `OK`. */
export abstract class ConnectorAnswerError extends ResponseError {
  readonly requestType: string | undefined;
  readonly reqId: string | undefined;
  readonly answerCode: string | number | undefined;
  readonly serverMessage: string | undefined;
  constructor(message: string, init: ConnectorRequestErrorInit) {
    super(message, init);
    this.requestType = init.requestType;
    this.reqId = init.reqId;
    this.answerCode = init.answerCode;
    this.serverMessage = init.serverMessage;
  }
}

/** A request failed (`BAD_REQUEST` and the like): too large, malformed, a bad file, … */
export class ConnectorRequestError extends ConnectorAnswerError {
  override readonly name = "ConnectorRequestError";
  readonly code = "ERR_CONNECTOR_REQUEST" as const;
}

/** The consumer already has an open conversation; a consumer may have only one. */
export class ConversationAlreadyOpenError extends ConnectorAnswerError {
  override readonly name = "ConversationAlreadyOpenError";
  readonly code = "ERR_CONVERSATION_ALREADY_OPEN" as const;
}

/**
 * The conversation (or dialog) the request addressed is closed. Recognised from the failure's
 * text, which LivePerson does not document: treat it as a hint, and create a new conversation.
 */
export class ConversationClosedError extends ConnectorAnswerError {
  override readonly name = "ConversationClosedError";
  readonly code = "ERR_CONVERSATION_CLOSED" as const;
}

/** Fields of an HTTP failure of a Connector API endpoint. */
export interface ConnectorHttpErrorInit extends ResponseErrorInit {
  /** `Retry-After` in milliseconds, when the server sent one. */
  retryAfterMs?: number | undefined;
}

/** The Send API answered with a failure status and no per-request answer (403, 429, 5xx, …). */
export class ConnectorApiError extends ResponseError {
  override readonly name = "ConnectorApiError";
  readonly code = "ERR_CONNECTOR_API" as const;
  /** Whether the same request may succeed later (408, 429, 5xx). Not idempotent: see the docs. */
  readonly retryable: boolean;
  constructor(message: string, init: ConnectorHttpErrorInit) {
    super(message, init);
    this.retryable = isRetryableStatus(init.status);
  }
}

/** The IdP refused or failed a ConsumerJWS request. */
export class ConsumerJwsRequestError extends ResponseError {
  override readonly name = "ConsumerJwsRequestError";
  readonly code = "ERR_CONSUMER_JWS_REQUEST" as const;
  /** The body's `internalErrorCode`, as text, when there was one. */
  readonly internalErrorCode: string | undefined;
  readonly retryable: boolean;
  constructor(message: string, init: ConnectorHttpErrorInit & { internalErrorCode?: string | undefined }) {
    super(message, init);
    this.internalErrorCode = init.internalErrorCode;
    this.retryable = isRetryableStatus(init.status);
  }
}

/** Base of every refusal of a webhook delivery; `status` is what the receiver answers. */
export abstract class WebhookError extends LpkitError {
  /** The HTTP status the receiver answers with. */
  readonly status: number;
  constructor(message: string, status: number, options?: LpkitErrorOptions) {
    super(message, options);
    this.status = status;
  }
}

/** Not a POST (405). */
export class WebhookMethodError extends WebhookError {
  override readonly name = "WebhookMethodError";
  readonly code = "ERR_WEBHOOK_METHOD" as const;
}

/** An `x-liveperson-*` header is missing, repeated or malformed (400). */
export class WebhookHeaderError extends WebhookError {
  override readonly name = "WebhookHeaderError";
  readonly code = "ERR_WEBHOOK_HEADER" as const;
  /** The header, lower case, e.g. `x-liveperson-signature`. */
  readonly header: string;
  constructor(header: string, message: string) {
    super(message, 400);
    this.header = header;
  }
}

/** The delivery names another account or application installation (403). */
export class WebhookOriginError extends WebhookError {
  override readonly name = "WebhookOriginError";
  readonly code = "ERR_WEBHOOK_ORIGIN" as const;
  readonly header: "x-liveperson-account-id" | "x-liveperson-client-id";
  constructor(header: "x-liveperson-account-id" | "x-liveperson-client-id", message: string) {
    super(message, 403);
    this.header = header;
  }
}

/** Why a signature was refused. */
export type WebhookSignatureProblem = "algorithm" | "encoding" | "mismatch";

/** The signature does not verify with any configured secret, or is not in the configured form (401). */
export class WebhookSignatureError extends WebhookError {
  override readonly name = "WebhookSignatureError";
  readonly code = "ERR_WEBHOOK_SIGNATURE" as const;
  readonly problem: WebhookSignatureProblem;
  constructor(problem: WebhookSignatureProblem, message: string) {
    super(message, 401);
    this.problem = problem;
  }
}

/** The body is larger than the receiver's limit (413). */
export class WebhookBodyTooLargeError extends WebhookError {
  override readonly name = "WebhookBodyTooLargeError";
  readonly code = "ERR_WEBHOOK_BODY_TOO_LARGE" as const;
  readonly limitBytes: number;
  constructor(limitBytes: number) {
    super(`the body exceeds ${limitBytes} bytes`, 413);
    this.limitBytes = limitBytes;
  }
}

/** Why a body could not be read. */
export type WebhookBodyProblem = "incomplete" | "timeout" | "utf8" | "json";

/** The body was cut off, too slow, not UTF-8 or not JSON (400; 408 for `timeout`). */
export class WebhookBodyError extends WebhookError {
  override readonly name = "WebhookBodyError";
  readonly code = "ERR_WEBHOOK_BODY" as const;
  readonly problem: WebhookBodyProblem;
  constructor(problem: WebhookBodyProblem, message: string) {
    super(message, problem === "timeout" ? 408 : 400);
    this.problem = problem;
  }
}

/** A signed JSON body that is not a notification, or a change in it that is malformed (400). */
export class WebhookPayloadError extends WebhookError {
  override readonly name = "WebhookPayloadError";
  readonly code = "ERR_WEBHOOK_PAYLOAD" as const;
  /** Where in the body, e.g. `body.changes[2].event`. */
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`, 400);
    this.path = path;
  }
}

/** Why the receiver cannot take a delivery now. */
export type WebhookUnavailableReason = "overloaded" | "filter-failed" | "closed";

/** The receiver cannot take the delivery now; LivePerson's retry policy sends it again (503). */
export class WebhookUnavailableError extends WebhookError {
  override readonly name = "WebhookUnavailableError";
  readonly code = "ERR_WEBHOOK_UNAVAILABLE" as const;
  readonly reason: WebhookUnavailableReason;
  /** Seconds the receiver asks the sender to wait (`Retry-After`). */
  readonly retryAfterSeconds: number;
  constructor(reason: WebhookUnavailableReason, message: string, retryAfterSeconds: number) {
    super(message, 503);
    this.reason = reason;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Every concrete Connector API error; part of {@link AnyLpkitError}. */
export type AnyConnectorError =
  | AppJwtRejectedError
  | AppJwtMissingError
  | ConsumerJwsRejectedError
  | ConsumerJwsMissingError
  | ConnectorMissingParameterError
  | ConnectorUnauthorizedError
  | ConnectorRequestError
  | ConversationAlreadyOpenError
  | ConversationClosedError
  | ConnectorApiError
  | ConsumerJwsRequestError
  | WebhookMethodError
  | WebhookHeaderError
  | WebhookOriginError
  | WebhookSignatureError
  | WebhookBodyTooLargeError
  | WebhookBodyError
  | WebhookPayloadError
  | WebhookUnavailableError;
