/**
 * Builders of the CONVERSATION request: the SetUserProfile and ConsumerRequestConversation
 * envelopes, the ordered batch, and the request init. Each checks its input first.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { assertAccountId } from "@lpkit/core/internal";
import {
  assertEnvelopeId,
  assertId,
  assertJsonData,
  assertJsonObject,
  assertOneOf,
  assertText,
  newEnvelopeId,
} from "./input-checks.js";
import { sendApiParams } from "./send-init.js";
import type {
  ClientProperties,
  ConsumerRequestConversationRequest,
  ConversationBatch,
  ConversationRequest,
  CreateConversationInit,
  FirstMessageRequest,
  SetUserProfileRequest,
  UserProfile,
} from "./types.js";

/** An envelope's own options. */
export interface EnvelopeOptions {
  /** The request id (echoed as `reqId`); a fresh UUID by default. */
  id?: string | number | undefined;
}

const TTR = ["NORMAL", "URGENT", "PRIORITIZED", "CUSTOM"] as const;
const SKILL = /^(-1|[0-9]{1,19})$/;

function envelopeId(options: EnvelopeOptions | undefined): string | number {
  return options?.id === undefined ? newEnvelopeId() : assertEnvelopeId(options.id);
}

/**
 * A `userprofile.SetUserProfile` envelope. The profile may be empty (`{}`); SDEs go into
 * `authenticatedData.lp_sdes` (customer-info and personal-info only).
 *
 * @example
 * ```ts
 * setUserProfile({ authenticatedData: { lp_sdes: [{ type: "personal", personal: { firstname: "Ada" } }] } });
 * ```
 */
export function setUserProfile(profile: UserProfile = {}, options?: EnvelopeOptions): SetUserProfileRequest {
  const body = assertJsonObject<UserProfile>(profile, "profile");
  const sdes = body.authenticatedData?.lp_sdes;
  if (sdes !== undefined) {
    if (!Array.isArray(sdes)) {
      throw new InvalidArgumentError("profile.authenticatedData.lp_sdes", "expected an array of SDEs");
    }
    sdes.forEach((sde, i) => {
      assertOneOf(
        (sde as { type?: unknown }).type,
        ["ctmrinfo", "personal"],
        `profile.authenticatedData.lp_sdes[${i}].type`,
      );
    });
  }
  return { kind: "req", id: envelopeId(options), type: "userprofile.SetUserProfile", body };
}

/**
 * A `cm.ConsumerRequestConversation` envelope; `channelType` defaults to `MESSAGING`.
 *
 * @example
 * ```ts
 * requestConversation({ brandId: "12345678", campaignInfo: { campaignId: "1", engagementId: "2" } });
 * ```
 */
export function requestConversation(
  request: ConversationRequest,
  options?: EnvelopeOptions,
): ConsumerRequestConversationRequest {
  const body = assertJsonObject<ConversationRequest>(request, "request");
  assertAccountId(body.brandId, "request.brandId");
  if (body.channelType !== undefined) {
    assertOneOf(body.channelType, ["MESSAGING"], "request.channelType");
  }
  if (body.ttrDefName !== undefined && body.ttrDefName !== null) {
    assertOneOf(body.ttrDefName, TTR, "request.ttrDefName");
  }
  if (body.skillId !== undefined && !SKILL.test(String(body.skillId))) {
    throw new InvalidArgumentError("request.skillId", 'expected a skill id (digits) or "-1"');
  }
  for (const key of ["campaignId", "engagementId"] as const) {
    const value = body.campaignInfo?.[key];
    if (value !== undefined && !/^[0-9]{1,19}$/.test(String(value))) {
      throw new InvalidArgumentError(`request.campaignInfo.${key}`, "expected digits");
    }
  }
  return {
    kind: "req",
    id: envelopeId(options),
    type: "cm.ConsumerRequestConversation",
    body: { channelType: "MESSAGING", ...body },
  };
}

/** Input of {@link conversationBatch}. */
export interface ConversationBatchInput {
  /** The conversation request: at least `brandId` (the account id). */
  request: ConversationRequest;
  /** The consumer's profile; `{}` by default. */
  profile?: UserProfile | undefined;
  /**
   * A first text message sent in the same call, as an older documentation page shows. Unverified
   * whether today's service accepts it: prefer a SEND right after.
   */
  firstMessage?: string | undefined;
  /** Request ids of the elements; fresh UUIDs by default. */
  ids?: { profile?: string | number; request?: string | number; firstMessage?: string | number } | undefined;
}

/**
 * The CONVERSATION body, in the order LivePerson requires: SetUserProfile, then
 * ConsumerRequestConversation (then the optional first message).
 *
 * @example
 * ```ts
 * const batch = conversationBatch({ request: { brandId: "12345678" } });
 * batch[1].id; // the reqId whose answer carries the conversationId
 * ```
 */
export function conversationBatch(input: ConversationBatchInput): ConversationBatch {
  if (typeof input !== "object" || input === null) {
    throw new InvalidArgumentError("input", "expected { request, profile?, firstMessage? }");
  }
  const profile = setUserProfile(input.profile ?? {}, { id: input.ids?.profile });
  const request = requestConversation(input.request, { id: input.ids?.request });
  if (input.firstMessage === undefined) {
    return [profile, request];
  }
  const first: FirstMessageRequest = {
    kind: "req",
    id: envelopeId({ id: input.ids?.firstMessage }),
    type: "ms.PublishEvent",
    body: {
      event: {
        type: "ContentEvent",
        contentType: "text/plain",
        message: assertText(input.firstMessage, "firstMessage"),
      },
    },
  };
  return [profile, request, first];
}

/** Input of {@link createConversationInit}. */
export interface CreateConversationInput {
  accountId: string;
  batch: ConversationBatch;
  /** Sent as the `Client-Properties` header (also on every later SEND), e.g. to enable AUTO_MESSAGES. */
  clientProperties?: ClientProperties | string | undefined;
}

/**
 * The CONVERSATION request, ready for openapi-fetch's `client.POST(init.path, init)` or lpkit's
 * request layer; add `Authorization` (raw AppJWT) and `X-LP-ON-BEHALF` (ConsumerJWS).
 *
 * @example
 * ```ts
 * const init = createConversationInit({ accountId: "12345678", batch: conversationBatch({ request: { brandId: "12345678" } }) });
 * ```
 */
export function createConversationInit(input: CreateConversationInput): CreateConversationInit {
  const params = sendApiParams(input?.accountId, input.clientProperties);
  const batch = input.batch;
  if (!Array.isArray(batch) || batch.length < 2 || batch.length > 3) {
    throw new InvalidArgumentError("batch", "expected the batch conversationBatch() builds");
  }
  if (
    batch[0]?.type !== "userprofile.SetUserProfile" ||
    batch[1]?.type !== "cm.ConsumerRequestConversation"
  ) {
    throw new InvalidArgumentError(
      "batch",
      "expected SetUserProfile first, then ConsumerRequestConversation",
    );
  }
  assertJsonData(batch, "batch");
  assertId(String(batch[1].id), "batch[1].id");
  return {
    method: "POST",
    path: "/api/account/{accountId}/messaging/consumer/conversation",
    params,
    headers: { "content-type": "application/json" },
    body: batch,
  };
}
