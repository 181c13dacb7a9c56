/**
 * Types of the webhook half. The notifications and their parts are aliases of the generated
 * `specs/connector.yaml` types (the `webhooks` section's request bodies); the events handed to the
 * callbacks are the generated change types, narrowed to one event type and put in context.
 *
 * @module
 */
import type { components, webhooks } from "../generated/connector.js";

type Schemas = components["schemas"];

/** `ms.MessagingEventNotification`, as the ContentEvent webhook delivers it. @example const n: MessagingEventNotification = JSON.parse(body); */
export type MessagingEventNotification = NonNullable<
  webhooks["ms.MessagingEventNotification.ContentEvent"]["post"]["requestBody"]
>["content"]["application/json"];
/** `cqm.ExConversationChangeNotification`, as its webhook delivers it. @example const n: ExConversationChangeNotification = JSON.parse(body); */
export type ExConversationChangeNotification = NonNullable<
  webhooks["cqm.ExConversationChangeNotification"]["post"]["requestBody"]
>["content"]["application/json"];
/** Either notification. @example const n: WebhookNotification = parseNotification(text); */
export type WebhookNotification = MessagingEventNotification | ExConversationChangeNotification;
/** One messaging change (`sequence`, `originatorMetadata`, `event`, `dialogId`, …). @example const c: MessagingEventChange = n.body.changes[0]; */
export type MessagingEventChange = Schemas["MessagingEventChange"];
/** A delivered message (text, hosted file, other content types). @example if (e.contentType === "text/plain") e.message; */
export type ReceivedContentEvent = Schemas["ReceivedContentEvent"];
/** Delivered structured content. @example const card = e.content; */
export type RichContentEvent = Schemas["RichContentEvent"];
/** One conversation change (`type`, `result.convId`, `result.conversationDetails`). @example c.result.conversationDetails?.stage; */
export type ConversationChange = Schemas["ConversationChange"];
/** A conversation's full state in a change. @example details.state === "CLOSE"; */
export type ConversationDetails = Schemas["ConversationDetails"];
/** A dialog of a conversation (MAIN, POST_SURVEY). @example dialog.dialogType === "POST_SURVEY"; */
export type Dialog = Schemas["Dialog"];
/** A participant (`id`, `role`). @example participant.role === "ASSIGNED_AGENT"; */
export type Participant = Schemas["Participant"];

/** A messaging change whose event is `E`. @example const c: MessagingChangeOf<ChatStateEvent> = …; */
export type MessagingChangeOf<E> = MessagingEventChange & { event: E };

/** Where a delivery came from and when it arrived. @example event.delivery.accountId; */
export interface DeliveryContext {
  readonly accountId: string;
  readonly clientId: string;
  /** `now()` when the delivery was accepted. */
  readonly receivedAt: number;
}

interface MessagingEventBase<K extends string, E> {
  readonly kind: K;
  /** `conversationId`, or the `dialogId` for older deliveries without one. */
  readonly conversationId: string;
  readonly dialogId: string;
  readonly change: MessagingChangeOf<E>;
  readonly delivery: DeliveryContext;
}

/** A message (ContentEvent). @example receiver options: onContent: (e) => e.change.event.message */
export type ContentNotice = MessagingEventBase<"content", ReceivedContentEvent>;
/** Structured content (RichContentEvent). @example onRichContent: (e) => e.change.event.content */
export type RichContentNotice = MessagingEventBase<"richContent", RichContentEvent>;
/** Typing and presence (ChatStateEvent). @example onChatState: (e) => e.change.event.chatState */
export type ChatStateNotice = MessagingEventBase<"chatState", Schemas["ChatStateEvent"]>;
/** Accept/read receipts (AcceptStatusEvent). @example onAcceptStatus: (e) => e.change.event.sequenceList */
export type AcceptStatusNotice = MessagingEventBase<"acceptStatus", Schemas["AcceptStatusEvent"]>;

/** A conversation change (ExConversationChangeNotification). @example onConversationChange: (e) => e.change.result.conversationDetails?.stage */
export interface ConversationChangeNotice {
  readonly kind: "conversationChange";
  readonly conversationId: string;
  readonly change: ConversationChange;
  readonly delivery: DeliveryContext;
}

/** A signed notification or event type this package does not know (passed on as it is). @example onUnknown: (e) => e.payload */
export interface UnknownNotice {
  readonly kind: "unknown";
  /** The notification's `type` (or the messaging event's `event.type`). */
  readonly type: string;
  readonly conversationId: string | undefined;
  readonly payload: unknown;
  readonly delivery: DeliveryContext;
}

/** Every event a receiver hands to its callbacks; switch on `kind`. @example if (event.kind === "content") … */
export type WebhookEvent =
  | ContentNotice
  | RichContentNotice
  | ChatStateNotice
  | AcceptStatusNotice
  | ConversationChangeNotice
  | UnknownNotice;
