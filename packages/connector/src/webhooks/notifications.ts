/**
 * From a verified body to typed events: the envelope is checked (`kind`, `type`, `body.changes`),
 * every change is checked against what its type promises, and each becomes one event with its
 * conversation and, where the change has an identity, a deduplication key. A malformed change is
 * reported and skipped; the others still go through.
 *
 * @module
 */
import { WebhookPayloadError } from "@lpkit/core";
import type { DeliveryContext, WebhookEvent } from "./webhook-types.js";

/** One event of a delivery, with the key that identifies it for deduplication (if it has one). */
export interface DeliveredEvent {
  readonly event: WebhookEvent;
  readonly key: string | undefined;
}

/** The events of one delivery, and the changes that were refused. */
export interface ParsedDelivery {
  readonly events: DeliveredEvent[];
  readonly problems: WebhookPayloadError[];
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === "string" && value !== "";
const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function optional(change: Json, path: string, checks: [string, (v: unknown) => boolean, string][]): void {
  for (const [name, check, what] of checks) {
    if (change[name] !== undefined && !check(change[name])) {
      throw new WebhookPayloadError(`${path}.${name}`, `expected ${what}`);
    }
  }
}

const MESSAGING_OPTIONAL: [string, (v: unknown) => boolean, string][] = [
  ["sequence", isCount, "a non-negative integer"],
  ["serverTimestamp", (v) => typeof v === "number" && Number.isFinite(v), "a number"],
  ["conversationId", isString, "a string"],
  ["originatorId", (v) => typeof v === "string", "a string"],
  ["originatorMetadata", (v) => isObject(v) && typeof v.id === "string", "an object with an id"],
  ["messageAudience", (v) => typeof v === "string", "a string"],
];

function messagingEvent(change: unknown, path: string, delivery: DeliveryContext): DeliveredEvent {
  if (!isObject(change) || !isObject(change.event) || !isString(change.event.type)) {
    throw new WebhookPayloadError(`${path}.event`, "expected an event with a type");
  }
  if (!isString(change.dialogId)) {
    throw new WebhookPayloadError(`${path}.dialogId`, "expected a dialog id");
  }
  optional(change, path, MESSAGING_OPTIONAL);
  const event = change.event;
  const type: string = change.event.type;
  const dialogId = change.dialogId;
  const conversationId = isString(change.conversationId) ? change.conversationId : dialogId;
  const at = `${path}.event`;
  let kind: "content" | "richContent" | "chatState" | "acceptStatus";
  let identity = "";
  switch (type) {
    case "ContentEvent":
      if (
        typeof event.contentType !== "string" ||
        !(typeof event.message === "string" || isObject(event.message))
      ) {
        throw new WebhookPayloadError(at, "expected a contentType and a message");
      }
      kind = "content";
      break;
    case "RichContentEvent":
      if (!isObject(event.content)) {
        throw new WebhookPayloadError(at, "expected structured content");
      }
      kind = "richContent";
      break;
    case "ChatStateEvent":
      if (!isString(event.chatState)) {
        throw new WebhookPayloadError(at, "expected a chatState");
      }
      kind = "chatState";
      break;
    case "AcceptStatusEvent":
      if (
        !isString(event.status) ||
        !Array.isArray(event.sequenceList) ||
        !event.sequenceList.every(isCount)
      ) {
        throw new WebhookPayloadError(at, "expected a status and a sequenceList of integers");
      }
      kind = "acceptStatus";
      identity = ` ${event.status} ${event.sequenceList.join(",")}`;
      break;
    default:
      return {
        event: { kind: "unknown", type, conversationId, payload: change, delivery },
        key: undefined,
      };
  }
  // ChatStateEvents carry no sequence: the same state twice is legitimate, so no key.
  const key = isCount(change.sequence)
    ? `m ${delivery.accountId} ${conversationId} ${dialogId} ${change.sequence} ${type}${identity}`
    : undefined;
  // Every member the event's type promises was checked above; the rest stays as delivered.
  const checked = { kind, conversationId, dialogId, change, delivery } as unknown as WebhookEvent;
  return { event: checked, key };
}

function conversationEvent(change: unknown, path: string, delivery: DeliveryContext): DeliveredEvent {
  if (
    !isObject(change) ||
    !isString(change.type) ||
    !isObject(change.result) ||
    !isString(change.result.convId)
  ) {
    throw new WebhookPayloadError(path, "expected a change with a type and a result.convId");
  }
  const details = change.result.conversationDetails;
  if (details !== undefined && !isObject(details)) {
    throw new WebhookPayloadError(`${path}.result.conversationDetails`, "expected an object");
  }
  if (details !== undefined) {
    optional(details, `${path}.result.conversationDetails`, [
      ["state", isString, "a string"],
      ["stage", isString, "a string"],
      ["metaDataLastUpdateTs", (v) => typeof v === "number" && Number.isFinite(v), "a number"],
      ["dialogs", Array.isArray, "an array"],
      ["participants", Array.isArray, "an array"],
    ]);
  }
  const conversationId = change.result.convId;
  const updated = details?.metaDataLastUpdateTs;
  const key =
    typeof updated === "number"
      ? `c ${delivery.accountId} ${conversationId} ${change.type} ${updated} ${String(details?.state)}/${String(details?.stage)}`
      : undefined;
  const checked = { kind: "conversationChange", conversationId, change, delivery } as unknown as WebhookEvent;
  return { event: checked, key };
}

/**
 * Turns a parsed, verified body into events. Throws `WebhookPayloadError` when the body is not a
 * notification at all; a malformed change is returned in `problems` and skipped.
 *
 * @example
 * ```ts
 * const { events, problems } = deliveryEvents(JSON.parse(text), { accountId, clientId, receivedAt: Date.now() });
 * ```
 */
export function deliveryEvents(body: unknown, delivery: DeliveryContext): ParsedDelivery {
  if (!isObject(body) || body.kind !== "notification" || !isString(body.type)) {
    throw new WebhookPayloadError("body", 'expected a notification ({"kind":"notification","type":…})');
  }
  const known =
    body.type === "ms.MessagingEventNotification" || body.type === "cqm.ExConversationChangeNotification";
  if (!known) {
    const event: WebhookEvent = {
      kind: "unknown",
      type: body.type,
      conversationId: undefined,
      payload: body,
      delivery,
    };
    return { events: [{ event, key: undefined }], problems: [] };
  }
  if (!isObject(body.body) || !Array.isArray(body.body.changes)) {
    throw new WebhookPayloadError("body.body.changes", "expected an array of changes");
  }
  const toEvent = body.type === "ms.MessagingEventNotification" ? messagingEvent : conversationEvent;
  const events: DeliveredEvent[] = [];
  const problems: WebhookPayloadError[] = [];
  for (const [i, change] of body.body.changes.entries()) {
    try {
      events.push(toEvent(change, `body.changes[${i}]`, delivery));
    } catch (error) {
      if (!(error instanceof WebhookPayloadError)) {
        throw error;
      }
      problems.push(error);
    }
  }
  return { events, problems };
}
