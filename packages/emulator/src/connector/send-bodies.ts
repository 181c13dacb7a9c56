/**
 * Checks of SEND request bodies: the events a consumer may publish and the conversation field
 * changes (close, dialog close, CSAT) — `conversationField` as one object or as an array, since the
 * sources disagree.
 *
 * @module
 */

/** A request envelope `{ kind: "req", id, type, body }`. */
export interface Envelope {
  readonly kind: "req";
  readonly id: string | number;
  readonly type: string;
  readonly body: Record<string, unknown>;
}

const CHAT_STATES = ["ACTIVE", "INACTIVE", "GONE", "COMPOSING", "PAUSE"];
const ACCEPT_STATUSES = ["ACCEPT", "READ", "ACCESS", "NACK", "ACTION"];

/** Why a published event is not acceptable, or `undefined` when it is. */
export function checkPublishedEvent(event: unknown): string | undefined {
  const e = event as Record<string, unknown> | null;
  if (typeof e !== "object" || e === null) {
    return "event is required";
  }
  switch (e.type) {
    case "ContentEvent":
      if (e.contentType === "text/plain") {
        return typeof e.message === "string" && e.message !== ""
          ? undefined
          : "message must be a non-empty string";
      }
      if (e.contentType === "hosted/file") {
        const file = e.message as { relativePath?: unknown; fileType?: unknown } | null;
        return typeof file?.relativePath === "string" && typeof file.fileType === "string"
          ? undefined
          : "a hosted file needs relativePath and fileType";
      }
      return "contentType must be text/plain or hosted/file";
    case "ChatStateEvent":
      return CHAT_STATES.includes(String(e.chatState)) ? undefined : "unknown chatState";
    case "AcceptStatusEvent":
      return ACCEPT_STATUSES.includes(String(e.status)) &&
        Array.isArray(e.sequenceList) &&
        e.sequenceList.every((n) => Number.isInteger(n) && n >= 0)
        ? undefined
        : "an AcceptStatusEvent needs a status and a sequenceList of integers";
    default:
      return "unsupported event type";
  }
}

/** What a `conversationField` change does: whether it closes the conversation; or why it is refused. */
export function fieldChanges(field: unknown): { closes: boolean } | string {
  const list = Array.isArray(field) ? field : [field];
  if (list.length === 0) {
    return "conversationField is required";
  }
  let closes = false;
  for (const change of list as Record<string, unknown>[]) {
    switch (change?.field) {
      case "ConversationStateField":
        if (change.conversationState !== "CLOSE") {
          return "conversationState must be CLOSE";
        }
        closes = true;
        break;
      case "DialogChange": {
        const dialog = change.dialog as { state?: unknown } | undefined;
        if (dialog?.state === "CLOSE") {
          closes = true;
        }
        break;
      }
      case "CSATRate":
        if (
          !Number.isInteger(change.csatRate) ||
          (change.csatRate as number) < 1 ||
          (change.csatRate as number) > 5
        ) {
          return "csatRate must be 1 to 5";
        }
        break;
      default:
        return "unsupported conversationField";
    }
  }
  return { closes };
}
