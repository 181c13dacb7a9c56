/**
 * Public types of the Send API client: its options, per-call options, results and the client.
 *
 * @module
 */
import type {
  AppJwtSource,
  RetryOptions as CoreRetryOptions,
  FetchLike,
  HeadersLike,
  Now,
  Sleep,
  Transport,
} from "@lpkit/core";
import type { Client } from "openapi-fetch";
import type { ConversationOutcome } from "../answers.js";
import type { ConversationBatchInput } from "../conversation-builders.js";
import type { paths } from "../generated/connector.js";
import type {
  ClientProperties,
  ConversationBatch,
  ConversationRequest,
  RequestAnswer,
  SendRequest,
} from "../types.js";

/**
 * When and how often a request is sent again: core's retry options (`maxRetries` default 3,
 * `baseDelayMs` 1 000, `maxDelayMs` 15 000, `maxRetryAfterMs` 30 000) plus the idempotency opt-in.
 *
 * @example
 * ```ts
 * const retry: ConnectorRetryOptions = { maxRetries: 1 };
 * const everything: ConnectorRetryOptions = { idempotent: true }; // may duplicate a message after a timeout
 * ```
 */
export interface ConnectorRetryOptions extends CoreRetryOptions {
  /**
   * Opt-in, default `false`: treat **every** request as idempotent, so it is also sent again after
   * it may have arrived — a `TimeoutError`, a reset (`NetworkError` with phase `"unknown"`), a
   * `ConnectorApiError` 408/500/502/503/504 — with LivePerson's pauses of 5, 10 and 15 s. CONVERSATION
   * and SEND have no idempotency key: such a retry can post a message twice. Per call, `idempotent`
   * overrides it.
   */
  idempotent?: boolean | undefined;
}

/**
 * Options of {@link createConnectorClient}.
 *
 * @example
 * ```ts
 * const options: ConnectorClientOptions = {
 *   baseUrl: await domains.resolve("asyncMessagingEnt"), // e.g. "va.msg.liveperson.net"
 *   accountId: "12345678",
 *   auth: tokenManager, // the AppJWT, sent raw; renewed and replayed once after 40102/40105
 * };
 * ```
 */
export interface ConnectorClientOptions {
  /** The account's Send API host from the Domain API (service `asyncMessagingEnt`), or a full URL. */
  baseUrl: string;
  /** The account (site) id; also the default `brandId` of a new conversation. */
  accountId: string;
  /**
   * The AppJWT (Sentinel v1 token of an app installation with scope `msg.consumer`), sent **raw** in
   * `Authorization`: a token manager of `@lpkit/auth`, a hook, an authenticator yielding the raw
   * token, or a static token. After 40102 / 40105 (or a 401 without a code) a source that can
   * `invalidate` is asked for a new token and the request is replayed once.
   */
  auth: AppJwtSource;
  /** `Client-Properties` sent on every call (e.g. `{ type: ".ClientProperties", features: ["AUTO_MESSAGES"] }`). */
  clientProperties?: ClientProperties | string | undefined;
  /** Time limit of one attempt (getting the AppJWT, sending, the replay), in ms. Default 10 000. */
  timeoutMs?: number | undefined;
  /** See {@link ConnectorRetryOptions}. */
  retry?: ConnectorRetryOptions | undefined;
  /** Extra headers on every request (not `Authorization` / `X-LP-ON-BEHALF`). */
  headers?: HeadersLike | undefined;
  /** The `fetch` to send with (it receives a `Request`). Default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Advanced: a `Transport` from `@lpkit/core` to send with instead of `fetch`. */
  transport?: Transport | undefined;
  /** Allow plain `http://` for a host that is not literal loopback. Only `true` / `false`. */
  allowInsecureHttp?: boolean | undefined;
  /** The clock (ms since the epoch), for `Retry-After` dates. Default `Date.now`. */
  now?: Now | undefined;
  /** Waits between retries. Default: a timer. */
  sleep?: Sleep | undefined;
  /** Largest answer read into memory, in bytes. Default 262 144. */
  maxResponseBytes?: number | undefined;
}

/**
 * Per-call options of the Send API client.
 *
 * @example
 * ```ts
 * await connector.send(publishText({ conversationId, text: "Hi" }), { consumerJws: jws.token });
 * ```
 */
export interface ConnectorCallOptions {
  /** The consumer's ConsumerJWS, sent as `X-LP-ON-BEHALF`. */
  consumerJws: string;
  /** Ends the call (and its retries) with an `AbortError`. */
  signal?: AbortSignal | undefined;
  /** Time limit of one attempt, overriding the client's. */
  timeoutMs?: number | undefined;
  /**
   * Whether this request may be sent again after it may have arrived (see
   * {@link ConnectorRetryOptions.idempotent}). Default: the client's `retry.idempotent`, else `true`
   * only for requests harmless to repeat (chat states, receipts, file URLs, profiles).
   */
  idempotent?: boolean | undefined;
  /** `Client-Properties` for this call, overriding the client's. */
  clientProperties?: ClientProperties | string | undefined;
}

/**
 * What {@link ConnectorClient.createConversation} takes: a batch built with `conversationBatch`, or
 * its input — where `request.brandId` defaults to the client's account.
 *
 * @example
 * ```ts
 * const input: NewConversation = { request: { skillId: "-1" }, profile: {} };
 * ```
 */
export type NewConversation =
  | ConversationBatch
  | (Omit<ConversationBatchInput, "request"> & {
      request?: (Omit<ConversationRequest, "brandId"> & { brandId?: string | undefined }) | undefined;
    });

/**
 * What CONVERSATION returned, with the `X-Request-Id` that was sent.
 *
 * @example
 * ```ts
 * const { conversationId, requestId }: ConversationResult = await connector.createConversation({}, { consumerJws });
 * ```
 */
export interface ConversationResult extends ConversationOutcome {
  readonly requestId: string;
}

/**
 * What SEND returned: the request's answer, the published message's `sequence` (when LivePerson
 * sent one) and the `X-Request-Id` that was sent.
 *
 * @example
 * ```ts
 * const { sequence }: SendResult = await connector.send(publishText({ conversationId, text }), { consumerJws });
 * ```
 */
export interface SendResult {
  readonly answer: RequestAnswer;
  readonly sequence: number | undefined;
  readonly requestId: string;
}

/**
 * The Send API client of one account; made by {@link createConnectorClient}.
 *
 * @example
 * ```ts
 * const connector: ConnectorClient = createConnectorClient({ baseUrl, accountId, auth: tokenManager });
 * const { conversationId } = await connector.createConversation({}, { consumerJws });
 * await connector.send(publishText({ conversationId, text: "Hello" }), { consumerJws });
 * ```
 */
export interface ConnectorClient {
  /** A plain openapi-fetch client on the same host, for raw typed calls (no lpkit guarantees). */
  readonly raw: Client<paths>;
  readonly accountId: string;
  /**
   * CONVERSATION: opens a conversation for the consumer. Throws `ConversationAlreadyOpenError` when
   * the consumer has one open, a `ConnectorAuthError` subclass per `errorCode` (after one replay with
   * a new AppJWT for 40102/40105), `ConnectorRequestError`, `ConnectorApiError` (403, 429, 5xx, a
   * redirect — never followed), `UnexpectedResponseError`, `NetworkError`, `TimeoutError`,
   * `AbortError`; `InvalidArgumentError` before sending.
   */
  createConversation(input: NewConversation, options: ConnectorCallOptions): Promise<ConversationResult>;
  /**
   * SEND: one request envelope from a builder (`publishText`, `publishChatState`,
   * `closeConversation`, …). A body over 5,000 characters is refused before sending
   * (`InvalidArgumentError`). Throws `ConversationClosedError` when the conversation or dialog is
   * closed, and otherwise as {@link ConnectorClient.createConversation}.
   */
  send(request: SendRequest, options: ConnectorCallOptions): Promise<SendResult>;
}
