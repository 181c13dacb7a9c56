/**
 * The errors that come from an HTTP answer: the {@link ResponseError} base, the spec-violation error,
 * and the Domain API's and Sentinel's errors. Exported from `@lpkit/core`.
 *
 * @module
 */
import { LpkitError, type LpkitErrorOptions, nameErrorClass } from "./errors.js";

/**
 * Fields shared by every error that comes from an HTTP answer.
 *
 * @example
 * ```ts
 * const init: ResponseErrorInit = { status: 503, requestId, retryAfterMs: 2_000 };
 * ```
 */
export interface ResponseErrorInit extends LpkitErrorOptions {
  /** HTTP status (may be non-standard, e.g. faasGW's 901; 0 is a browser's opaque redirect). */
  status: number;
  /** `X-Request-Id` of the request, when one was sent or returned. */
  requestId?: string | undefined;
  /** `Retry-After` in milliseconds, when the server sent one. */
  retryAfterMs?: number | undefined;
}

/**
 * Base of the errors that carry an HTTP `status`.
 *
 * @example
 * ```ts
 * if (err instanceof ResponseError && err.retryAfterMs !== undefined) await sleep(err.retryAfterMs);
 * ```
 */
export abstract class ResponseError extends LpkitError {
  static {
    nameErrorClass(ResponseError, "ResponseError");
  }
  readonly status: number;
  readonly requestId: string | undefined;
  /** `Retry-After` in milliseconds, when the server sent one. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, init: ResponseErrorInit) {
    super(message, init);
    this.status = init.status;
    this.requestId = init.requestId;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * The server answered something the spec does not allow: malformed JSON, wrong content type,
 * missing fields, an undocumented status, a body over the size limit.
 *
 * @example
 * ```ts
 * if (err instanceof UnexpectedResponseError) console.error(err.status, err.bodySnippet);
 * ```
 */
export class UnexpectedResponseError extends ResponseError {
  static {
    nameErrorClass(UnexpectedResponseError, "UnexpectedResponseError");
  }
  readonly code = "ERR_UNEXPECTED_RESPONSE" as const;
  /** The first characters of the body, redacted, for diagnosis (never contains secrets lpkit sent). */
  readonly bodySnippet: string | undefined;
  constructor(message: string, init: ResponseErrorInit & { bodySnippet?: string | undefined }) {
    super(message, init);
    this.bodySnippet = init.bodySnippet;
  }
}

/**
 * Statuses after which trying the same request again may succeed: 408, 429 and 5xx.
 *
 * @example
 * ```ts
 * isRetryableStatus(503); // true
 * ```
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 599);
}

/**
 * The Domain API (CSDS) answered with an error status, or a redirect (never followed).
 *
 * @example
 * ```ts
 * if (err instanceof DomainApiError) console.error(err.status, err.requestId);
 * ```
 */
export class DomainApiError extends ResponseError {
  static {
    nameErrorClass(DomainApiError, "DomainApiError");
  }
  readonly code = "ERR_DOMAIN_API" as const;
}

/**
 * The Domain API has no entry for the requested service on this account.
 *
 * @example
 * ```ts
 * if (err instanceof ServiceNotFoundError) console.error(`${err.accountId} has no ${err.service}`);
 * ```
 */
export class ServiceNotFoundError extends LpkitError {
  static {
    nameErrorClass(ServiceNotFoundError, "ServiceNotFoundError");
  }
  readonly code = "ERR_SERVICE_NOT_FOUND" as const;
  readonly accountId: string;
  readonly service: string;
  constructor(accountId: string, service: string, options?: LpkitErrorOptions) {
    super(`the Domain API lists no "${service}" service for account ${accountId}`, options);
    this.accountId = accountId;
    this.service = service;
  }
}

/**
 * Sentinel refused or failed a token request (an error status, or a redirect — never followed).
 *
 * @example
 * ```ts
 * if (err instanceof TokenRequestError && err.oauthError === "invalid_client") console.error("check the credentials");
 * ```
 */
export class TokenRequestError extends ResponseError {
  static {
    nameErrorClass(TokenRequestError, "TokenRequestError");
  }
  readonly code = "ERR_TOKEN_REQUEST" as const;
  /** OAuth 2.0 `error`, e.g. `invalid_client`, when Sentinel sent one. */
  readonly oauthError: string | undefined;
  /** OAuth 2.0 `error_description`, when Sentinel sent one. */
  readonly errorDescription: string | undefined;
  /** Whether trying again later may succeed (network-ish statuses: 408, 429, 5xx). */
  readonly retryable: boolean;
  constructor(
    message: string,
    init: ResponseErrorInit & { oauthError?: string | undefined; errorDescription?: string | undefined },
  ) {
    super(message, init);
    this.oauthError = init.oauthError;
    this.errorDescription = init.errorDescription;
    this.retryable = isRetryableStatus(init.status);
  }

  /** @deprecated Renamed to {@link TokenRequestError.oauthError}; this alias goes in the next minor. */
  get error(): string | undefined {
    return this.oauthError;
  }
}
