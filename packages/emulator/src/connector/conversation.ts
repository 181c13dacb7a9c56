/**
 * One emulated conversation: its consumer, the agent once one joined, its state, and every event
 * in it — messages, typing, receipts — each stamped on the emulator clock and, where LivePerson
 * numbers events, with the conversation's next `sequence` (the first is 0).
 *
 * @module
 */
import { randomUUID } from "node:crypto";

/** Who did something in a conversation. */
export type Role = "CONSUMER" | "ASSIGNED_AGENT" | "CONTROLLER";

/** The consumer of a conversation. */
export interface ConsumerIdentity {
  readonly accountId: string;
  readonly extConsumerId: string;
  /** LivePerson's id of the consumer (64 hex digits), also its participant id. */
  readonly lpConsumerId: string;
}

/**
 * One event in a conversation, as the emulator records it.
 *
 * @example
 * ```ts
 * const texts = emulator.connector.conversation(id)?.events.filter((e) => e.type === "ContentEvent");
 * ```
 */
export interface RecordedEvent {
  readonly type: "ContentEvent" | "ChatStateEvent" | "AcceptStatusEvent";
  readonly role: Role;
  readonly originatorId: string;
  /** Absent on chat states, as in LivePerson's deliveries. */
  readonly sequence: number | undefined;
  readonly serverTimestamp: number;
  /** The event as published (`{ type, contentType, message }`, `{ type, chatState }`, …). */
  readonly event: Readonly<Record<string, unknown>>;
}

/**
 * A conversation's state, as `emulator.connector.conversation(id)` shows it.
 *
 * @example
 * ```ts
 * const view = emulator.connector.conversation(conversationId);
 * view?.state; // "OPEN" | "CLOSE"
 * ```
 */
export interface ConversationView {
  readonly id: string;
  readonly accountId: string;
  readonly consumer: ConsumerIdentity;
  /** The app installation (client id) whose AppJWT opened it. */
  readonly openedBy: string;
  readonly state: "OPEN" | "CLOSE";
  readonly closeReason: "CONSUMER" | "AGENT" | "SYSTEM" | undefined;
  readonly agentId: string | undefined;
  readonly startTs: number;
  readonly endTs: number | undefined;
  readonly skillId: string;
  readonly events: readonly RecordedEvent[];
}

/** The mutable conversation behind a view. */
export class Conversation {
  readonly id = randomUUID();
  readonly events: RecordedEvent[] = [];
  state: "OPEN" | "CLOSE" = "OPEN";
  closeReason: ConversationView["closeReason"];
  agentId: string | undefined;
  endTs: number | undefined;
  #nextSequence = 0;
  #lastUpdate = 0;

  constructor(
    readonly consumer: ConsumerIdentity,
    readonly openedBy: string,
    readonly skillId: string,
    readonly startTs: number,
  ) {}

  /** Records an event; numbered unless it is a chat state. */
  record(
    role: Role,
    originatorId: string,
    event: Readonly<Record<string, unknown>>,
    now: number,
  ): RecordedEvent {
    const type = event.type as RecordedEvent["type"];
    const recorded: RecordedEvent = {
      type,
      role,
      originatorId,
      sequence: type === "ChatStateEvent" ? undefined : this.#nextSequence++,
      serverTimestamp: now,
      event,
    };
    this.events.push(recorded);
    return recorded;
  }

  /** A strictly increasing change time (ms), so every conversation change has its own identity. */
  touch(now: number): number {
    this.#lastUpdate = Math.max(now, this.#lastUpdate + 1);
    return this.#lastUpdate;
  }

  /** Closes the conversation. */
  close(reason: NonNullable<ConversationView["closeReason"]>, now: number): void {
    this.state = "CLOSE";
    this.closeReason = reason;
    this.endTs = now;
  }

  /** A copy for the public API. */
  view(): ConversationView {
    return {
      id: this.id,
      accountId: this.consumer.accountId,
      consumer: this.consumer,
      openedBy: this.openedBy,
      state: this.state,
      closeReason: this.closeReason,
      agentId: this.agentId,
      startTs: this.startTs,
      endTs: this.endTs,
      skillId: this.skillId,
      events: [...this.events],
    };
  }
}
