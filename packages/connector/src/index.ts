/**
 * `@lpkit/connector`: LivePerson's Connector API. The Send API half: a typed client on lpkit's
 * shared request layer (`createConnectorClient`), validated builders of every CONVERSATION and SEND
 * request and parsers of their answers, with each failure a typed error.
 * The webhook half: signature verification with web-standard crypto and a receiver that turns
 * deliveries into typed events.
 *
 * @example
 * ```ts
 * import { conversationBatch, createConversationInit, parseConversationAnswer } from "@lpkit/connector";
 *
 * const batch = conversationBatch({ request: { brandId: accountId } });
 * const init = createConversationInit({ accountId, batch });
 * // …send init (plus Authorization and X-LP-ON-BEHALF), then:
 * const { conversationId } = parseConversationAnswer({ status: res.status, text: await res.text() }, batch);
 * ```
 *
 * @module
 */
export type { AppJwtSource, AppJwtTokenSource } from "@lpkit/core";
export type { ParseAnswerOptions } from "./answer-errors.js";
export type { ConversationOutcome } from "./answers.js";
export { parseConversationAnswer, parseSendAnswer, temporaryFileUrl } from "./answers.js";
export {
  CONNECTOR_DEFAULT_MAX_RESPONSE_BYTES,
  CONNECTOR_DEFAULT_TIMEOUT_MS,
  createConnectorClient,
} from "./client/client.js";
export type {
  ConnectorCallOptions,
  ConnectorClient,
  ConnectorClientOptions,
  ConnectorRetryOptions,
  ConversationResult,
  NewConversation,
  SendResult,
} from "./client/client-types.js";
export {
  AFTER_SEND_RETRY_STATUSES,
  CONNECTOR_RETRY_DEFAULTS,
  connectorRetryDelay,
  isIdempotentRequest,
  RATE_LIMIT_FLOOR_MS,
  SERVER_ERROR_PAUSE_MS,
} from "./client/retry.js";
export type {
  ConversationBatchInput,
  CreateConversationInput,
  EnvelopeOptions,
} from "./conversation-builders.js";
export {
  conversationBatch,
  createConversationInit,
  requestConversation,
  setUserProfile,
} from "./conversation-builders.js";
export type { RateConversationInput } from "./field-builders.js";
export {
  closeConversation,
  closeDialog,
  MAX_FILE_BYTES,
  rateConversation,
  requestDownloadUrl,
  requestUploadUrl,
} from "./field-builders.js";
export type { components, operations, paths, webhooks } from "./generated/connector.js";
export type { PublishFileInput, PublishTarget } from "./publish-builders.js";
export {
  ACCEPT_STATUSES,
  CHAT_STATES,
  FILE_TYPES,
  MAX_SEQUENCE_LIST,
  publishAcceptStatus,
  publishChatState,
  publishFile,
  publishText,
} from "./publish-builders.js";
export type { SendRequestInput } from "./send-init.js";
export {
  clientPropertiesHeader,
  MAX_SEND_CHARACTERS,
  sendApiParams,
  sendRequestInit,
  serializeSendRequest,
} from "./send-init.js";
export type * from "./types.js";
export type { DedupeOptions } from "./webhooks/dedupe.js";
export type { DeliveryHeaders, HeaderSource } from "./webhooks/delivery-headers.js";
export { checkOrigin, readDeliveryHeaders } from "./webhooks/delivery-headers.js";
export type { NodeRequestLike, NodeResponseLike } from "./webhooks/node-adapter.js";
export { toNodeListener } from "./webhooks/node-adapter.js";
export type { DeliveredEvent, ParsedDelivery } from "./webhooks/notifications.js";
export { deliveryEvents } from "./webhooks/notifications.js";
export { createWebhookReceiver } from "./webhooks/receiver.js";
export type { Handler, WebhookHandlers, WebhookReceiverOptions } from "./webhooks/receiver-options.js";
export type {
  DeliveryContextHooks,
  RawDelivery,
  WebhookAnswer,
  WebhookReceiver,
  WebhookReceiverStats,
} from "./webhooks/receiver-types.js";
export type {
  SignatureAlgorithm,
  SignatureEncoding,
  SignatureVerifier,
  SignatureVerifierOptions,
  SignOptions,
} from "./webhooks/signature.js";
export { createSignatureVerifier, signWebhookBody } from "./webhooks/signature.js";
export type * from "./webhooks/webhook-types.js";
