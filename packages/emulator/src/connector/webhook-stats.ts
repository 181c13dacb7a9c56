/**
 * Counters of webhook deliveries, part of `emulator.stats().connector.webhooks`.
 *
 * @module
 */

/**
 * What happened to webhook deliveries since the start (or the last `resetStats()`).
 *
 * @example
 * ```ts
 * const { delivered, retries, expired } = emulator.stats().connector.webhooks;
 * ```
 */
export interface WebhookStats {
  /** Notifications handed to an app's subscription (one per app and event). */
  notifications: number;
  /** HTTP POSTs made. */
  attempts: number;
  /** Attempts answered 200 or 201. */
  delivered: number;
  /** Attempts answered with another status, per status. */
  refusedByStatus: Record<string, number>;
  /** Attempts without an answer in time (the delivery timeout). */
  timeouts: number;
  /** Attempts that could not connect or were reset. */
  networkErrors: number;
  /** Attempts answered, but slower than the "slow" threshold (2.5 s by default). */
  slow: number;
  /** Retries scheduled (count-based, 30 s apart; TTL-based, 2, 4, 8 s … capped at 5 min). */
  retries: number;
  /** Events given up: count-based retries exhausted, or `max_retries: 0`. */
  discarded: number;
  /** Events the TTL policy kept longer than `retention_time` and then dropped. */
  expired: number;
  /** Faults applied, per kind. */
  faults: Record<string, number>;
  /** Deliveries per event type that were answered 200/201. */
  deliveredByType: Record<string, number>;
  /** Events waiting in TTL-policy queues now. */
  queued: number;
}

/** The mutable counters. */
export function emptyWebhookStats(): WebhookStats {
  return {
    notifications: 0,
    attempts: 0,
    delivered: 0,
    refusedByStatus: {},
    timeouts: 0,
    networkErrors: 0,
    slow: 0,
    retries: 0,
    discarded: 0,
    expired: 0,
    faults: {},
    deliveredByType: {},
    queued: 0,
  };
}

/** Adds one to `record[key]`. */
export function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}
