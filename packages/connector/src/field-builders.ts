/**
 * Builders of the other SEND requests: `cm.UpdateConversationField` (close the conversation, close
 * a dialog, CSAT) and the temporary file URLs.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import type { EnvelopeOptions } from "./conversation-builders.js";
import {
  assertCount,
  assertEnvelopeId,
  assertId,
  assertLine,
  assertOneOf,
  newEnvelopeId,
} from "./input-checks.js";
import { FILE_TYPES } from "./publish-builders.js";
import { serializeSendRequest } from "./send-init.js";
import type {
  ConversationField,
  CsatStatus,
  FileType,
  GenerateDownloadUrlRequest,
  GenerateUploadUrlRequest,
  UpdateConversationFieldRequest,
} from "./types.js";

/** Largest file the Send API takes (3 MB). */
export const MAX_FILE_BYTES = 3 * 1024 * 1024;

const CSAT_STATUSES: readonly CsatStatus[] = ["FILLED", "PARTIALLY_FILLED", "SKIPPED"];

function envelopeId(options: EnvelopeOptions): string | number {
  return options.id === undefined ? newEnvelopeId() : assertEnvelopeId(options.id);
}

function update(
  input: EnvelopeOptions & { conversationId: string },
  field: ConversationField,
): UpdateConversationFieldRequest {
  if (typeof input !== "object" || input === null) {
    throw new InvalidArgumentError("input", "expected { conversationId, … }");
  }
  const request: UpdateConversationFieldRequest = {
    kind: "req",
    id: envelopeId(input),
    type: "cm.UpdateConversationField",
    body: { conversationId: assertId(input.conversationId, "conversationId"), conversationField: field },
  };
  serializeSendRequest(request);
  return request;
}

/**
 * Closes the conversation (`ConversationStateField` → `CLOSE`).
 *
 * @example
 * ```ts
 * closeConversation({ conversationId });
 * ```
 */
export function closeConversation(
  input: EnvelopeOptions & { conversationId: string },
): UpdateConversationFieldRequest {
  return update(input, { field: "ConversationStateField", conversationState: "CLOSE" });
}

/**
 * Closes one dialog, e.g. a post-conversation survey (`DialogChange` → `CLOSE`).
 *
 * @example
 * ```ts
 * closeDialog({ conversationId, dialogId: surveyDialogId, closedCause: "Closed by consumer" });
 * ```
 */
export function closeDialog(
  input: EnvelopeOptions & { conversationId: string; dialogId: string; closedCause?: string | undefined },
): UpdateConversationFieldRequest {
  const dialogId = assertId(input?.dialogId, "dialogId");
  const closedCause =
    input.closedCause === undefined ? undefined : assertLine(input.closedCause, "closedCause");
  return update(input, {
    field: "DialogChange",
    type: "UPDATE",
    dialog: { dialogId, state: "CLOSE", ...(closedCause === undefined ? {} : { closedCause }) },
  });
}

/** Input of {@link rateConversation}. */
export interface RateConversationInput extends EnvelopeOptions {
  conversationId: string;
  /** 1 (worst) to 5 (best). */
  csatRate: number;
  /** Whether the consumer says the issue was resolved (first-contact resolution). */
  resolved: boolean;
  /** `FILLED` by default. */
  status?: CsatStatus | undefined;
}

/**
 * The consumer's satisfaction rating (`CSATRate`).
 *
 * @example
 * ```ts
 * rateConversation({ conversationId, csatRate: 5, resolved: true });
 * ```
 */
export function rateConversation(input: RateConversationInput): UpdateConversationFieldRequest {
  const csatRate = assertCount(input?.csatRate, "csatRate", 5);
  if (csatRate < 1) {
    throw new InvalidArgumentError("csatRate", "expected an integer from 1 to 5");
  }
  if (typeof input.resolved !== "boolean") {
    throw new InvalidArgumentError("resolved", "expected true or false");
  }
  const status = input.status === undefined ? "FILLED" : assertOneOf(input.status, CSAT_STATUSES, "status");
  return update(input, { field: "CSATRate", csatRate, csatResolutionConfirmation: input.resolved, status });
}

/**
 * Asks for a temporary upload URL (about a minute) for a file of `fileSize` bytes, at most 3 MB.
 *
 * @example
 * ```ts
 * requestUploadUrl({ fileSize: bytes.byteLength, fileType: "PNG" });
 * ```
 */
export function requestUploadUrl(
  input: EnvelopeOptions & { fileSize: number; fileType: FileType },
): GenerateUploadUrlRequest {
  const size = assertCount(input?.fileSize, "fileSize", MAX_FILE_BYTES);
  if (size === 0) {
    throw new InvalidArgumentError("fileSize", "expected a file of at least one byte");
  }
  const request: GenerateUploadUrlRequest = {
    kind: "req",
    id: envelopeId(input),
    type: "ms.GenerateURLForUploadFile",
    body: { fileSize: String(size), fileType: assertOneOf(input.fileType, FILE_TYPES, "fileType") },
  };
  serializeSendRequest(request);
  return request;
}

/**
 * Asks for a temporary download URL of a hosted file.
 *
 * @example
 * ```ts
 * requestDownloadUrl({ relativePath: change.event.message.relativePath });
 * ```
 */
export function requestDownloadUrl(
  input: EnvelopeOptions & { relativePath: string },
): GenerateDownloadUrlRequest {
  const relativePath = assertLine(input?.relativePath, "relativePath", 1024);
  if (!relativePath.startsWith("/")) {
    throw new InvalidArgumentError("relativePath", "expected a path starting with /");
  }
  const request: GenerateDownloadUrlRequest = {
    kind: "req",
    id: envelopeId(input),
    type: "ms.GenerateURLForDownloadFile",
    body: { relativePath },
  };
  serializeSendRequest(request);
  return request;
}
