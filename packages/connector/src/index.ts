/**
 * `@lpkit/connector`: LivePerson's Connector API. The Send API half: typed, validated builders of
 * every CONVERSATION and SEND request and parsers of their answers, with each failure a typed error.
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
export type { ParseAnswerOptions } from "./answer-errors.js";
export type { ConversationOutcome } from "./answers.js";
export { parseConversationAnswer, parseSendAnswer, temporaryFileUrl } from "./answers.js";
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
