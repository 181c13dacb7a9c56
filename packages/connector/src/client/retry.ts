/**
 * The Send API's rule of *what* may be sent again — the loop, the back-off and the options shape are
 * core's — after LivePerson's retry guidance: never a 4xx (the request is wrong); a 429 after at
 * least 1 s; and, because CONVERSATION and SEND are **not idempotent** (no idempotency key: a repeat
 * is a second message or a second conversation), a failure after the request may have arrived — a
 * timeout, a reset, 408, 5xx — only for a request that is idempotent: one the caller marked so, or
 * one that is harmless to repeat by its nature (a chat state, a receipt, a file URL, a profile).
 * A connection that was never established is always retried: nothing arrived.
 *
 * @module
 */
import { ConnectorApiError, InvalidArgumentError, NetworkError, TimeoutError } from "@lpkit/core";
import { backoffDelay, optionalBoolean, type RetryPolicy, resolveRetryPolicy } from "@lpkit/core/internal";
import type { SendRequest } from "../types.js";
import type { ConnectorRetryOptions } from "./client-types.js";

/**
 * The default retry policy of the Send API client: 3 retries after the first try (LivePerson's
 * guidance), back-off from 1 s doubling up to 15 s, a `Retry-After` of up to 30 s honoured.
 *
 * @example
 * ```ts
 * createConnectorClient({ baseUrl, accountId, auth, retry: { ...CONNECTOR_RETRY_DEFAULTS, maxRetries: 1 } });
 * ```
 */
export const CONNECTOR_RETRY_DEFAULTS: RetryPolicy = Object.freeze({
  maxRetries: 3,
  baseDelayMs: 1_000,
  maxDelayMs: 15_000,
  maxRetryAfterMs: 30_000,
});

/** The shortest wait after a 429, in ms (LivePerson: at least 1 s between retries, no bursts). */
export const RATE_LIMIT_FLOOR_MS = 1_000;

/** LivePerson's pause before the n-th retry after a server failure (5, 10, 15 s), per step. */
export const SERVER_ERROR_PAUSE_MS = 5_000;

/**
 * Statuses after which an **idempotent** request is sent again (it may have been processed).
 *
 * @example
 * ```ts
 * AFTER_SEND_RETRY_STATUSES.has(503); // true
 * ```
 */
export const AFTER_SEND_RETRY_STATUSES: ReadonlySet<number> = new Set([408, 500, 502, 503, 504]);

/** A checked retry policy of the Send API client. */
export interface ConnectorRetryPolicy extends RetryPolicy {
  /** Treat every request as idempotent (retry after timeouts, resets, 408, 5xx). Default `false`. */
  readonly idempotent: boolean;
}

/**
 * Checks the `retry` option and fills in defaults.
 *
 * @example
 * ```ts
 * toConnectorRetryPolicy({ maxRetries: 0 }); // retries off
 * ```
 */
export function toConnectorRetryPolicy(options: ConnectorRetryOptions | undefined): ConnectorRetryPolicy {
  if (options !== undefined && (typeof options !== "object" || options === null)) {
    throw new InvalidArgumentError(
      "retry",
      "expected { maxRetries?, baseDelayMs?, maxDelayMs?, maxRetryAfterMs?, idempotent? }",
    );
  }
  const policy = resolveRetryPolicy(options, CONNECTOR_RETRY_DEFAULTS);
  return { ...policy, idempotent: optionalBoolean(options?.idempotent, "retry.idempotent") ?? false };
}

/**
 * Whether a SEND request is harmless to repeat by its nature: a chat state or a receipt (state, not
 * content), a file URL request, a profile update. A message, a close or a rating is not.
 *
 * @example
 * ```ts
 * isIdempotentRequest(publishChatState({ conversationId, chatState: "COMPOSING" })); // true
 * isIdempotentRequest(publishText({ conversationId, text: "Hi" }));                  // false
 * ```
 */
export function isIdempotentRequest(request: SendRequest): boolean {
  switch (request.type) {
    case "ms.GenerateURLForUploadFile":
    case "ms.GenerateURLForDownloadFile":
    case "userprofile.SetUserProfile":
      return true;
    case "ms.PublishEvent": {
      const type = (request.body as { event?: { type?: unknown } }).event?.type;
      return type === "ChatStateEvent" || type === "AcceptStatusEvent";
    }
    default:
      return false;
  }
}

function afterRetryAfter(retryAfterMs: number, floor: number, policy: RetryPolicy): number | undefined {
  return retryAfterMs <= policy.maxRetryAfterMs ? Math.max(floor, retryAfterMs) : undefined;
}

/**
 * How long to wait before sending again after `error`, or `undefined` when it must not be retried.
 *
 * @example
 * ```ts
 * connectorRetryDelay(new NetworkError("refused", "connect"), 0, policy, false); // 1000
 * connectorRetryDelay(new TimeoutError("slow", 10_000), 0, policy, false);        // undefined: it may have arrived
 * connectorRetryDelay(new TimeoutError("slow", 10_000), 0, policy, true);         // 5000
 * ```
 */
export function connectorRetryDelay(
  error: unknown,
  retriesSoFar: number,
  policy: RetryPolicy,
  idempotent: boolean,
): number | undefined {
  if (error instanceof NetworkError && error.phase === "connect") {
    return backoffDelay(retriesSoFar, policy);
  }
  if (error instanceof ConnectorApiError && error.status === 429) {
    if (error.retryAfterMs !== undefined) {
      return afterRetryAfter(error.retryAfterMs, RATE_LIMIT_FLOOR_MS, policy);
    }
    return Math.min(
      policy.maxDelayMs,
      Math.max(RATE_LIMIT_FLOOR_MS, RATE_LIMIT_FLOOR_MS * (retriesSoFar + 1)),
    );
  }
  if (!idempotent) {
    return undefined;
  }
  const pause = Math.min(policy.maxDelayMs, SERVER_ERROR_PAUSE_MS * (retriesSoFar + 1));
  if (error instanceof NetworkError || error instanceof TimeoutError) {
    return pause;
  }
  if (error instanceof ConnectorApiError && AFTER_SEND_RETRY_STATUSES.has(error.status)) {
    return error.retryAfterMs === undefined ? pause : afterRetryAfter(error.retryAfterMs, 0, policy);
  }
  return undefined;
}
