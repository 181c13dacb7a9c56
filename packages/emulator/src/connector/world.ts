/**
 * The emulated Connector API's state and rules: ConsumerJWS per (account, `ext_consumer_id`) —
 * a decodable RS256 JWS with `account_id`, `ext_consumer_id` and a deterministic `lp_consumer_id`,
 * no `exp` — conversations (one open per consumer), the agent, and the webhook deliveries every
 * event turns into.
 *
 * @module
 */
import { createHash } from "node:crypto";
import type { KeyRing } from "../signing-keys.js";
import type { AppState } from "../state.js";
import { type AgentActions, type EmulatorAgent, echoAgent } from "./agent.js";
import { type ConnectorStats, emptyConnectorStats } from "./connector-stats.js";
import { type ConsumerIdentity, Conversation, type Role } from "./conversation.js";
import { conversationNotification, messagingNotification, type Notification } from "./notifications.js";
import type { ClockScheduler } from "./scheduler.js";
import { WebhookDispatcher } from "./webhook-dispatcher.js";
import { WebhookFaults } from "./webhook-faults.js";

/** What the world needs from the emulator. */
export interface WorldSettings {
  readonly now: () => number;
  readonly scheduler: ClockScheduler;
  readonly apps: () => Iterable<AppState>;
  readonly agent: EmulatorAgent | undefined;
  readonly webhookTimeoutMs: number;
  readonly webhookSlowMs: number;
}

/** The agent's participant id: one agent per account. */
function agentIdOf(accountId: string): string {
  const hex = createHash("sha256").update(`agent:${accountId}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The Connector API of one emulator. */
export class ConnectorWorld {
  readonly #settings: WorldSettings;
  readonly faults = new WebhookFaults();
  #dispatcher: WebhookDispatcher;
  #stats = emptyConnectorStats();
  #agent: EmulatorAgent;
  #stop = new AbortController();
  /** Issued ConsumerJWS → consumer. */
  readonly #tokens = new Map<string, ConsumerIdentity>();
  /** `"<account> <ext>"` → its ConsumerJWS. */
  readonly #jwsOf = new Map<string, string>();
  readonly #conversations = new Map<string, Conversation>();
  /** `"<account> <ext>"` → the open conversation. */
  readonly #open = new Map<string, Conversation>();

  constructor(settings: WorldSettings) {
    this.#settings = settings;
    this.#agent = settings.agent ?? echoAgent;
    this.#dispatcher = this.#newDispatcher();
  }

  /** The webhook delivery engine. */
  get dispatcher(): WebhookDispatcher {
    return this.#dispatcher;
  }

  #newDispatcher(): WebhookDispatcher {
    return new WebhookDispatcher({
      now: this.#settings.now,
      scheduler: this.#settings.scheduler,
      faults: this.faults,
      stats: () => this.#stats.webhooks,
      slowMs: this.#settings.webhookSlowMs,
      timeoutMs: this.#settings.webhookTimeoutMs,
      stopSignal: this.#stop.signal,
    });
  }

  get stats(): ConnectorStats {
    return this.#stats;
  }

  resetStats(): void {
    const queued = this.#stats.webhooks.queued;
    this.#stats = emptyConnectorStats();
    this.#stats.webhooks.queued = queued;
  }

  setAgent(agent: EmulatorAgent | undefined): void {
    if (agent !== undefined && typeof agent !== "function") {
      throw new TypeError("setAgent: expected a function (message, actions) => void");
    }
    this.#agent = agent ?? echoAgent;
  }

  /** The ConsumerJWS of a consumer: the same token every time for the same (account, consumer). */
  async consumerJws(keys: KeyRing, accountId: string, extConsumerId: string): Promise<string> {
    const key = `${accountId} ${extConsumerId}`;
    let token = this.#jwsOf.get(key);
    if (token === undefined) {
      const lpConsumerId = createHash("sha256").update(`${accountId}\u0000${extConsumerId}`).digest("hex");
      token = await keys.signStatic({
        account_id: accountId,
        ext_consumer_id: extConsumerId,
        lp_consumer_id: lpConsumerId,
      });
      this.#jwsOf.set(key, token);
      this.#tokens.set(token, { accountId, extConsumerId, lpConsumerId });
    }
    this.#stats.consumerJws.issued += 1;
    this.#stats.consumerJws.issuedByConsumer[key] = (this.#stats.consumerJws.issuedByConsumer[key] ?? 0) + 1;
    return token;
  }

  /** The consumer a ConsumerJWS was issued for, if it was issued by this emulator. */
  consumerOf(token: string): ConsumerIdentity | undefined {
    return this.#tokens.get(token);
  }

  /** The consumer's open conversation. */
  openConversationOf(consumer: ConsumerIdentity): Conversation | undefined {
    return this.#open.get(`${consumer.accountId} ${consumer.extConsumerId}`);
  }

  conversation(id: string): Conversation | undefined {
    return this.#conversations.get(id);
  }

  conversations(): Conversation[] {
    return [...this.#conversations.values()];
  }

  /** Opens a conversation; the agent joins at once. */
  open(consumer: ConsumerIdentity, openedBy: string, skillId: string): Conversation {
    const now = this.#settings.now();
    const conversation = new Conversation(consumer, openedBy, skillId, now);
    this.#conversations.set(conversation.id, conversation);
    this.#open.set(`${consumer.accountId} ${consumer.extConsumerId}`, conversation);
    this.#stats.conversations.opened += 1;
    this.#emit(conversationNotification(conversation, this.#subscription(consumer.accountId), now));
    conversation.agentId = agentIdOf(consumer.accountId);
    this.#emit(conversationNotification(conversation, this.#subscription(consumer.accountId), now));
    return conversation;
  }

  /** Counts a CONVERSATION refused as "already open". */
  refusedAlreadyOpen(): void {
    this.#stats.conversations.alreadyOpen += 1;
  }

  /** Publishes an event in a conversation; a consumer's message goes to the agent afterwards. */
  publish(conversation: Conversation, role: Role, event: Record<string, unknown>): number | undefined {
    const now = this.#settings.now();
    const originator =
      role === "CONSUMER" ? conversation.consumer.lpConsumerId : (conversation.agentId ?? "");
    const recorded = conversation.record(role, originator, event, now);
    this.#emit(messagingNotification(conversation, recorded, now));
    if (event.type === "ContentEvent") {
      if (role === "CONSUMER") {
        this.#stats.messages.fromConsumers += 1;
        const text =
          event.contentType === "text/plain" && typeof event.message === "string" ? event.message : "";
        this.#runAgent(conversation, text, String(event.contentType), recorded.sequence ?? 0);
      } else {
        this.#stats.messages.fromAgent += 1;
      }
    }
    return recorded.sequence;
  }

  /** Closes a conversation (by the consumer, the agent or the system). */
  close(conversation: Conversation, reason: "CONSUMER" | "AGENT" | "SYSTEM"): void {
    if (conversation.state === "CLOSE") {
      return;
    }
    const now = this.#settings.now();
    conversation.close(reason, now);
    const key = `${conversation.consumer.accountId} ${conversation.consumer.extConsumerId}`;
    if (this.#open.get(key) === conversation) {
      this.#open.delete(key);
    }
    this.#stats.conversations.closed += 1;
    this.#emit(
      conversationNotification(conversation, this.#subscription(conversation.consumer.accountId), now),
    );
  }

  /** Counts an answered SEND by request type. */
  sent(type: string): void {
    this.#stats.sends[type] = (this.#stats.sends[type] ?? 0) + 1;
  }

  /** The agent's actions in a conversation. */
  actions(conversation: Conversation): AgentActions {
    const open = () => conversation.state === "OPEN";
    const receipt = (status: "ACCEPT" | "READ", sequences: number[]) => {
      if (open() && sequences.length > 0) {
        this.publish(conversation, "ASSIGNED_AGENT", {
          type: "AcceptStatusEvent",
          status,
          sequenceList: sequences,
        });
      }
    };
    return {
      reply: (text) => {
        if (open()) {
          this.publish(conversation, "ASSIGNED_AGENT", {
            type: "ContentEvent",
            contentType: "text/plain",
            message: String(text),
          });
        }
      },
      typing: (state = "COMPOSING") => {
        if (open()) {
          this.publish(conversation, "ASSIGNED_AGENT", { type: "ChatStateEvent", chatState: state });
        }
      },
      accept: (...sequences) => receipt("ACCEPT", sequences),
      read: (...sequences) => receipt("READ", sequences),
      close: () => this.close(conversation, "AGENT"),
      get conversation() {
        return conversation.view();
      },
    };
  }

  /** Stops deliveries and agents (the emulator stopped). */
  stop(): void {
    this.#stop.abort(new Error("the emulator stopped"));
    this.#dispatcher.clear();
  }

  /** Accepts work again after a stop (the emulator started again). */
  resume(): void {
    if (this.#stop.signal.aborted) {
      this.#stop = new AbortController();
      this.#dispatcher = this.#newDispatcher();
    }
  }

  #subscription(accountId: string): string {
    return `emulator-cqm-${accountId}`;
  }

  #emit(notification: Notification): void {
    this.#dispatcher.publish(notification, this.#settings.apps());
  }

  #runAgent(conversation: Conversation, text: string, contentType: string, sequence: number): void {
    const agent = this.#agent;
    const message = {
      accountId: conversation.consumer.accountId,
      conversationId: conversation.id,
      consumer: conversation.consumer,
      text,
      contentType,
      sequence,
    };
    // After the SEND's answer is written: the consumer's request is done before the agent acts.
    setImmediate(() => {
      if (this.#stop.signal.aborted) {
        return;
      }
      Promise.resolve()
        .then(() => agent(message, this.actions(conversation)))
        .catch(() => {
          this.#stats.agentErrors += 1;
        });
    });
  }
}
