/**
 * The emulated Send API: CONVERSATION (the ordered batch SetUserProfile → ConsumerRequestConversation
 * → optional first message; one open conversation per consumer) and SEND (one envelope: publish
 * text, file, typing, receipts; close the conversation or a dialog; CSAT; profile; file URLs). A
 * SEND over 5,000 characters is refused with 400 unread, a conversation of another consumer with
 * 40103, a closed one with 400 — the rules LivePerson documents or implies.
 *
 * @module
 */
import { randomUUID } from "node:crypto";
import { type EmulatorRequest, type EmulatorResponse, jsonResponse, mediaType } from "../http-types.js";
import type { EmulatorState } from "../state.js";
import { type ConnectorCaller, sendApiAuthFailure } from "./auth-check.js";
import { Conversation } from "./conversation.js";
import { checkPublishedEvent, type Envelope, fieldChanges } from "./send-bodies.js";

/** The largest SEND body, in characters of JSON text. */
export const MAX_SEND_CHARACTERS = 5000;

const answer = (code: string, body: Record<string, unknown>, reqId: unknown) => ({
  code,
  body,
  reqId: reqId === undefined ? undefined : String(reqId),
});
const badRequest = (reqId: unknown, msg = "Bad Request") =>
  jsonResponse(400, answer("BAD_REQUEST", { msg }, reqId));

function parseJson(request: EmulatorRequest): unknown {
  if (mediaType(request.headers["content-type"]) !== "application/json") {
    return undefined;
  }
  try {
    return JSON.parse(request.body);
  } catch {
    return undefined;
  }
}

function isEnvelope(value: unknown): value is Envelope {
  const candidate = value as Partial<Envelope> | null;
  return (
    typeof candidate === "object" &&
    candidate !== null &&
    !Array.isArray(candidate) &&
    candidate.kind === "req" &&
    typeof candidate.type === "string" &&
    (typeof candidate.id === "string" || typeof candidate.id === "number") &&
    typeof candidate.body === "object" &&
    candidate.body !== null
  );
}

/** `POST /api/account/{accountId}/messaging/consumer/conversation?v=3` */
export function handleConversation(
  state: EmulatorState,
  request: EmulatorRequest,
  params: Readonly<Record<string, string>>,
  caller: ConnectorCaller,
): EmulatorResponse {
  const batch = parseJson(request);
  if (!Array.isArray(batch) || batch.length < 2 || batch.length > 3 || !batch.every(isEnvelope)) {
    return badRequest(Array.isArray(batch) ? (batch[0] as { id?: unknown })?.id : undefined);
  }
  const [profile, wanted, first] = batch as Envelope[];
  if (profile?.type !== "userprofile.SetUserProfile" || wanted?.type !== "cm.ConsumerRequestConversation") {
    return badRequest(profile?.id, "SetUserProfile must come first, then ConsumerRequestConversation");
  }
  const brandId = wanted.body.brandId;
  if (brandId === undefined || brandId === "") {
    return sendApiAuthFailure(40001, 400);
  }
  const consumer = caller.consumer;
  if (consumer === undefined || String(brandId) !== params.accountId) {
    return badRequest(wanted.id, "brandId must be the account id");
  }
  if (
    first !== undefined &&
    (first.type !== "ms.PublishEvent" || checkPublishedEvent(first.body.event) !== undefined)
  ) {
    return badRequest(first.id);
  }
  const profileAnswer = answer("OK", { msg: "OK User Profile set successfully" }, profile.id);
  if (state.connector.openConversationOf(consumer) !== undefined) {
    state.connector.refusedAlreadyOpen();
    return jsonResponse(400, [
      profileAnswer,
      answer(
        "BAD_REQUEST",
        { msg: "The consumer already has an open conversation and cannot open another one" },
        wanted.id,
      ),
    ]);
  }
  const skillId = wanted.body.skillId === undefined ? "-1" : String(wanted.body.skillId);
  const conversation = state.connector.open(consumer, caller.clientId, skillId);
  const answers = [profileAnswer, answer("OK", { conversationId: conversation.id }, wanted.id)];
  if (first !== undefined) {
    const sequence = state.connector.publish(
      conversation,
      "CONSUMER",
      first.body.event as Record<string, unknown>,
    );
    answers.push(answer("OK", { sequence }, first.id));
  }
  return jsonResponse(200, answers);
}

function target(
  state: EmulatorState,
  envelope: Envelope,
  caller: ConnectorCaller,
): Conversation | EmulatorResponse {
  const id = envelope.body.conversationId ?? envelope.body.dialogId;
  if (typeof id !== "string" || id === "") {
    return badRequest(envelope.id, "conversationId (or dialogId) is required");
  }
  const conversation = state.connector.conversation(id);
  if (conversation === undefined || conversation.consumer.accountId !== caller.consumer?.accountId) {
    return badRequest(envelope.id, `Conversation ${id} does not exist`);
  }
  if (conversation.consumer.extConsumerId !== caller.consumer.extConsumerId) {
    // A ConsumerJWS of one consumer on another consumer's conversation (documented cause of 40103).
    return sendApiAuthFailure(40103);
  }
  if (conversation.state === "CLOSE") {
    return badRequest(envelope.id, `Conversation ${id} is closed`);
  }
  return conversation;
}

function fileUrl(accountId: string, relativePath: string, now: number, reqId: unknown): EmulatorResponse {
  const expires = String(Math.floor(now / 1000) + 60);
  const sig = randomUUID().replace(/-/g, "") + randomUUID().replace(/-/g, "").slice(0, 8);
  return jsonResponse(
    200,
    answer(
      "OK",
      {
        relativePath: relativePath || `/v1/AUTH_async-images/${accountId}/${randomUUID()}`,
        queryParams: { temp_url_sig: sig, temp_url_expires: expires },
      },
      reqId,
    ),
  );
}

/** `POST /api/account/{accountId}/messaging/consumer/conversation/send?v=3` */
export function handleSend(
  state: EmulatorState,
  request: EmulatorRequest,
  params: Readonly<Record<string, string>>,
  caller: ConnectorCaller,
): EmulatorResponse {
  if (request.body.length > MAX_SEND_CHARACTERS) {
    return badRequest(undefined);
  }
  const envelope = parseJson(request);
  if (!isEnvelope(envelope)) {
    return badRequest((envelope as { id?: unknown } | undefined)?.id);
  }
  const accountId = params.accountId ?? "";
  const done = (body: Record<string, unknown>) => {
    state.connector.sent(envelope.type);
    return jsonResponse(200, answer("OK", body, envelope.id));
  };
  switch (envelope.type) {
    case "userprofile.SetUserProfile":
      return done({ msg: "OK User Profile set successfully" });
    case "ms.GenerateURLForUploadFile": {
      const type = String(envelope.body.fileType ?? "");
      if (!["JPG", "JPEG", "PNG", "GIF"].includes(type) || typeof envelope.body.fileSize !== "string") {
        return badRequest(envelope.id);
      }
      state.connector.sent(envelope.type);
      return fileUrl(
        accountId,
        `/v1/AUTH_async-images/${accountId}/${randomUUID()}.${type}`,
        state.clock.now(),
        envelope.id,
      );
    }
    case "ms.GenerateURLForDownloadFile": {
      const path = envelope.body.relativePath;
      if (typeof path !== "string" || !path.startsWith("/")) {
        return badRequest(envelope.id);
      }
      state.connector.sent(envelope.type);
      return fileUrl(accountId, path, state.clock.now(), envelope.id);
    }
    case "ms.PublishEvent": {
      const conversation = target(state, envelope, caller);
      if (!(conversation instanceof Conversation)) {
        return conversation;
      }
      const problem = checkPublishedEvent(envelope.body.event);
      if (problem !== undefined) {
        return badRequest(envelope.id, problem);
      }
      const sequence = state.connector.publish(
        conversation,
        "CONSUMER",
        envelope.body.event as Record<string, unknown>,
      );
      return done(sequence === undefined ? {} : { sequence });
    }
    case "cm.UpdateConversationField": {
      const conversation = target(state, envelope, caller);
      if (!(conversation instanceof Conversation)) {
        return conversation;
      }
      const changes = fieldChanges(envelope.body.conversationField);
      if (typeof changes === "string") {
        return badRequest(envelope.id, changes);
      }
      if (changes.closes) {
        state.connector.close(conversation, "CONSUMER");
        return done({ msg: "OK Conversation resolved successfully" });
      }
      return done({ msg: "OK" });
    }
    default:
      return badRequest(envelope.id, `unsupported request type ${envelope.type.slice(0, 64)}`);
  }
}
