/**
 * Counters of the emulated Connector API, part of `emulator.stats().connector`.
 *
 * @module
 */
import { emptyWebhookStats, type WebhookStats } from "./webhook-stats.js";

/**
 * What the Connector API did since the start (or the last `resetStats()`).
 *
 * @example
 * ```ts
 * const { consumerJws, conversations, messages } = emulator.stats().connector;
 * expect(consumerJws.issuedByConsumer["12345678 user-42"]).toBe(1);
 * ```
 */
export interface ConnectorStats {
  consumerJws: {
    /** ConsumerJWS answers (201). */
    issued: number;
    /** Per `"<account> <ext_consumer_id>"`. */
    issuedByConsumer: Record<string, number>;
  };
  conversations: {
    opened: number;
    closed: number;
    /** CONVERSATION refused because the consumer already had one open. */
    alreadyOpen: number;
  };
  /** SEND requests answered OK, per request type (`ms.PublishEvent`, `cm.UpdateConversationField`, …). */
  sends: Record<string, number>;
  messages: {
    /** Texts the consumers published (each counted once: the number for duplicate checks). */
    fromConsumers: number;
    fromAgent: number;
  };
  /** Agent handlers that threw. */
  agentErrors: number;
  webhooks: WebhookStats;
}

/** Fresh counters. */
export function emptyConnectorStats(): ConnectorStats {
  return {
    consumerJws: { issued: 0, issuedByConsumer: {} },
    conversations: { opened: 0, closed: 0, alreadyOpen: 0 },
    sends: {},
    messages: { fromConsumers: 0, fromAgent: 0 },
    agentErrors: 0,
    webhooks: emptyWebhookStats(),
  };
}
