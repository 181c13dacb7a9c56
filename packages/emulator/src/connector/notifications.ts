/**
 * The webhook bodies the emulator delivers, shaped as LivePerson's examples: an
 * `ms.MessagingEventNotification` with one messaging change, and a
 * `cqm.ExConversationChangeNotification` with the whole conversation as it is now.
 *
 * @module
 */

import type { Conversation, RecordedEvent } from "./conversation.js";
import type { WebhookEventType } from "./webhook-config.js";

/** One notification to deliver: its subscription type, the conversation and the JSON body. */
export interface Notification {
  readonly eventType: WebhookEventType;
  readonly accountId: string;
  readonly conversationId: string;
  /** The notification object (serialised once per delivery attempt's body). */
  readonly body: Readonly<Record<string, unknown>>;
  /** When it was created (emulator clock), for the TTL policy's retention. */
  readonly createdAt: number;
}

const TYPES: Record<RecordedEvent["type"], WebhookEventType> = {
  ContentEvent: "ms.MessagingEventNotification.ContentEvent",
  ChatStateEvent: "ms.MessagingEventNotification.ChatStateEvent",
  AcceptStatusEvent: "ms.MessagingEventNotification.AcceptStatusEvent",
};

/**
 * The notification of one messaging event.
 *
 * @example
 * ```ts
 * const notification = messagingNotification(conversation, recorded, clock.now());
 * ```
 */
export function messagingNotification(
  conversation: Conversation,
  recorded: RecordedEvent,
  now: number,
): Notification {
  const change: Record<string, unknown> = {
    ...(recorded.sequence === undefined ? {} : { sequence: recorded.sequence }),
    originatorId: recorded.originatorId,
    originatorMetadata: { id: recorded.originatorId, role: recorded.role },
    ...(recorded.type === "ChatStateEvent" ? {} : { serverTimestamp: recorded.serverTimestamp }),
    event: recorded.event,
    conversationId: conversation.id,
    dialogId: conversation.id,
    messageAudience: "ALL",
  };
  return {
    eventType: TYPES[recorded.type],
    accountId: conversation.consumer.accountId,
    conversationId: conversation.id,
    body: {
      kind: "notification",
      type: "ms.MessagingEventNotification",
      body: { sentTs: now, changes: [change] },
    },
    createdAt: now,
  };
}

/**
 * The notification of a conversation change: created, an agent joined, closed.
 *
 * @example
 * ```ts
 * const notification = conversationNotification(conversation, "subscription-1", clock.now());
 * ```
 */
export function conversationNotification(
  conversation: Conversation,
  subscriptionId: string,
  now: number,
): Notification {
  const updated = conversation.touch(now);
  const closed = conversation.state === "CLOSE";
  const participants = [
    { id: conversation.consumer.lpConsumerId, role: "CONSUMER" },
    ...(conversation.agentId === undefined || closed
      ? []
      : [{ id: conversation.agentId, role: "ASSIGNED_AGENT" }]),
  ];
  const dialog = {
    dialogId: conversation.id,
    participantsDetails: participants.map((p) => ({ ...p, state: "ACTIVE" })),
    dialogType: "MAIN",
    channelType: "MESSAGING",
    state: conversation.state,
    creationTs: conversation.startTs,
    ...(closed ? { endTs: conversation.endTs, closedBy: conversation.closeReason } : {}),
    metaDataLastUpdateTs: updated,
  };
  const details = {
    skillId: conversation.skillId,
    participants,
    dialogs: [dialog],
    brandId: conversation.consumer.accountId,
    state: conversation.state,
    stage: conversation.state,
    ...(closed ? { closeReason: conversation.closeReason, endTs: conversation.endTs } : {}),
    startTs: conversation.startTs,
    metaDataLastUpdateTs: updated,
    ttr: { ttrType: "NORMAL", value: 3600 },
    conversationHandlerDetails: { accountId: conversation.consumer.accountId, skillId: conversation.skillId },
  };
  return {
    eventType: "cqm.ExConversationChangeNotification",
    accountId: conversation.consumer.accountId,
    conversationId: conversation.id,
    body: {
      kind: "notification",
      type: "cqm.ExConversationChangeNotification",
      body: {
        subscriptionId,
        changes: [
          {
            type: "UPSERT",
            result: {
              convId: conversation.id,
              effectiveTTR: closed ? -1 : conversation.startTs + 3_600_000,
              conversationDetails: details,
            },
          },
        ],
      },
    },
    createdAt: now,
  };
}
