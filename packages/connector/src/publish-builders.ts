/**
 * Builders of `ms.PublishEvent` SEND requests: a text, a hosted file, a chat state, an accept/read
 * receipt. Each checks its input, and the result is within the 5,000-character limit.
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
  assertText,
  newEnvelopeId,
} from "./input-checks.js";
import { serializeSendRequest } from "./send-init.js";
import type { AcceptStatus, ChatState, FileType, PublishEventRequest } from "./types.js";

/** Where an event goes: the conversation, and the dialog when it is not the MAIN one. */
export interface PublishTarget extends EnvelopeOptions {
  conversationId: string;
  /** The dialog; defaults to the conversation id (the MAIN dialog). Set it during a survey. */
  dialogId?: string | undefined;
}

/** Chat states, as the spec lists them. */
export const CHAT_STATES: readonly ChatState[] = ["ACTIVE", "INACTIVE", "GONE", "COMPOSING", "PAUSE"];
/** Receipt statuses, as the spec lists them. */
export const ACCEPT_STATUSES: readonly AcceptStatus[] = ["ACCEPT", "READ", "ACCESS", "NACK", "ACTION"];
/** File types the Send API accepts for hosted files. */
export const FILE_TYPES: readonly FileType[] = ["JPG", "JPEG", "PNG", "GIF"];
/** Longest `sequenceList` accepted in one receipt. */
export const MAX_SEQUENCE_LIST = 1000;

function publish(target: PublishTarget, event: PublishEventRequest["body"]["event"]): PublishEventRequest {
  if (typeof target !== "object" || target === null) {
    throw new InvalidArgumentError("target", "expected { conversationId, dialogId? }");
  }
  const conversationId = assertId(target.conversationId, "conversationId");
  const dialogId = target.dialogId === undefined ? conversationId : assertId(target.dialogId, "dialogId");
  const request: PublishEventRequest = {
    kind: "req",
    id: target.id === undefined ? newEnvelopeId() : assertEnvelopeId(target.id),
    type: "ms.PublishEvent",
    body: { dialogId, conversationId, event },
  };
  serializeSendRequest(request);
  return request;
}

/**
 * A text message. Refused before sending when the request would exceed 5,000 characters of JSON
 * (about 4,800 characters of plain text; quotes, backslashes and line breaks count twice).
 *
 * @example
 * ```ts
 * publishText({ conversationId, text: "Is my parcel on its way?" });
 * ```
 */
export function publishText(input: PublishTarget & { text: string }): PublishEventRequest {
  const message = assertText(input?.text, "text");
  return publish(input, { type: "ContentEvent", contentType: "text/plain", message });
}

/** Input of {@link publishFile}. */
export interface PublishFileInput extends PublishTarget {
  /** The `relativePath` of the `ms.GenerateURLForUploadFile` answer. */
  relativePath: string;
  fileType: FileType;
  caption?: string | undefined;
  /** A `data:image/…;base64,` thumbnail under 30 KB (it counts towards the 5,000 characters). */
  preview?: string | undefined;
}

/**
 * A file uploaded before through the temporary URL of `requestUploadUrl`.
 *
 * @example
 * ```ts
 * publishFile({ conversationId, relativePath: answer.body.relativePath, fileType: "PNG", caption: "Receipt" });
 * ```
 */
export function publishFile(input: PublishFileInput): PublishEventRequest {
  const relativePath = assertLine(input?.relativePath, "relativePath", 1024);
  if (!relativePath.startsWith("/")) {
    throw new InvalidArgumentError("relativePath", "expected the relativePath of an upload URL answer");
  }
  const message = {
    relativePath,
    fileType: assertOneOf(input.fileType, FILE_TYPES, "fileType"),
    ...(input.caption === undefined
      ? {}
      : { caption: assertText(input.caption, "caption", { allowEmpty: true }) }),
    ...(input.preview === undefined ? {} : { preview: assertPreview(input.preview) }),
  };
  return publish(input, { type: "ContentEvent", contentType: "hosted/file", message });
}

function assertPreview(value: unknown): string {
  const preview = assertLine(value, "preview", 40_000);
  if (!/^data:image\/[a-z0-9.+-]+;base64,[A-Za-z0-9+/]*={0,2}$/i.test(preview)) {
    throw new InvalidArgumentError("preview", "expected a data:image/…;base64, URL");
  }
  return preview;
}

/**
 * A typing or presence state. After `COMPOSING`, send another state (e.g. `PAUSE`) or the agent
 * keeps seeing "typing".
 *
 * @example
 * ```ts
 * publishChatState({ conversationId, chatState: "COMPOSING" });
 * ```
 */
export function publishChatState(input: PublishTarget & { chatState: ChatState }): PublishEventRequest {
  const chatState = assertOneOf(input?.chatState, CHAT_STATES, "chatState");
  return publish(input, { type: "ChatStateEvent", chatState });
}

/**
 * A receipt for agent messages, by their `sequence` values from the webhook notifications.
 *
 * @example
 * ```ts
 * publishAcceptStatus({ conversationId, status: "READ", sequenceList: [3, 4] });
 * ```
 */
export function publishAcceptStatus(
  input: PublishTarget & { status: AcceptStatus; sequenceList: readonly number[] },
): PublishEventRequest {
  const status = assertOneOf(input?.status, ACCEPT_STATUSES, "status");
  const list = input.sequenceList;
  if (!Array.isArray(list) || list.length === 0 || list.length > MAX_SEQUENCE_LIST) {
    throw new InvalidArgumentError("sequenceList", `expected 1 to ${MAX_SEQUENCE_LIST} sequence numbers`);
  }
  const sequenceList = list.map((n, i) => assertCount(n, `sequenceList[${i}]`));
  return publish(input, { type: "AcceptStatusEvent", status, sequenceList });
}
