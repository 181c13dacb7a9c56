/**
 * Webhook delivery with LivePerson's two retry policies, on the emulator clock:
 *
 * - **count-based** (`max_retries` per subscription, 0–5): each event on its own, re-sent 30 s
 *   after a failure, order not guaranteed;
 * - **TTL-based** (`retry.retention_time` on the installation): events go out one at a time per
 *   conversation (per-conversation order); a failed event is retried with back-off 2, 4, 8 s …
 *   capped at 5 min while the conversation's later events wait behind it; events older than the
 *   retention are dropped. A subscription with an explicit `max_retries: 0` keeps its failures out
 *   of TTL retry (they are dropped) unless the conversation is already failing.
 *
 * Faults (drop, duplicate, reorder, delay, bad signature) apply as an event is handed over.
 *
 * @module
 */
import type { AppState } from "../state.js";
import type { Notification } from "./notifications.js";
import type { ClockScheduler } from "./scheduler.js";
import { type AttemptOutcome, type AttemptSettings, attemptDelivery } from "./webhook-attempt.js";
import type { Subscription } from "./webhook-config.js";
import type { WebhookFaults } from "./webhook-faults.js";
import { bump, type WebhookStats } from "./webhook-stats.js";

/** Count-based retry: the wait between attempts. */
export const COUNT_RETRY_WAIT_MS = 30_000;
/** TTL-based retry: the first back-off, doubling … */
export const TTL_FIRST_BACKOFF_MS = 2_000;
/** … up to this gap between tries. */
export const TTL_MAX_BACKOFF_MS = 5 * 60_000;

/** What the dispatcher needs from the emulator. */
export interface DispatcherSettings extends AttemptSettings {
  readonly now: () => number;
  readonly scheduler: ClockScheduler;
  readonly faults: WebhookFaults;
  readonly stats: () => WebhookStats;
  /** Answers slower than this count as slow (LivePerson's 2.5 s target). */
  readonly slowMs: number;
}

interface Item {
  readonly notification: Notification;
  readonly subscription: Subscription;
  readonly text: string;
  badSignature: boolean;
}

interface ConversationQueue {
  readonly items: Item[];
  failures: number;
  sending: boolean;
  /** A retry of the head is scheduled: new events wait behind it instead of sending it early. */
  waiting: boolean;
}

/** The delivery engine of one emulator. */
export class WebhookDispatcher {
  readonly #settings: DispatcherSettings;
  /** TTL policy: per app and conversation, the events waiting (head = being sent or retried). */
  readonly #queues = new Map<string, ConversationQueue>();
  /** Reordered events held until the next event of their conversation. */
  readonly #held = new Map<string, { item: Item; app: AppState }>();
  readonly #inFlight = new Set<Promise<unknown>>();

  constructor(settings: DispatcherSettings) {
    this.#settings = settings;
  }

  /** Hands `notification` to every app of its account that subscribes to its event type. */
  publish(notification: Notification, apps: Iterable<AppState>): void {
    for (const app of apps) {
      const subscription = app.webhooks?.subscriptions.get(notification.eventType);
      if (app.accountId !== notification.accountId || subscription === undefined) {
        continue;
      }
      this.#settings.stats().notifications += 1;
      const item: Item = {
        notification,
        subscription,
        text: JSON.stringify(notification.body),
        badSignature: false,
      };
      this.#handOver(app, item);
    }
  }

  /** Resolves when no attempt is in flight (retries waiting for the clock do not count). */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) {
      await Promise.allSettled([...this.#inFlight]);
    }
  }

  /** Installation state: `UP`, or `FAILED` while a conversation's events are being retried. */
  installState(clientId: string): "UP" | "FAILED" {
    for (const [key, queue] of this.#queues) {
      if (key.startsWith(`${clientId} `) && queue.failures > 0) {
        return "FAILED";
      }
    }
    return "UP";
  }

  /** Forgets every queued and held event (the emulator stopped). */
  clear(): void {
    this.#queues.clear();
    this.#held.clear();
    this.#settings.stats().queued = 0;
  }

  #handOver(app: AppState, item: Item): void {
    const { notification } = item;
    const key = `${app.clientId} ${notification.conversationId}`;
    const fault = this.#settings.faults.choose({
      eventType: notification.eventType,
      conversationId: notification.conversationId,
      clientId: app.clientId,
    });
    const held = this.#held.get(key);
    if (held !== undefined) {
      // A reordered event goes out right after this one.
      this.#held.delete(key);
    }
    if (fault !== undefined) {
      bump(this.#settings.stats().faults, fault.kind);
    }
    // The count-based policy's first attempt of this event, when it goes out now.
    let sent: Promise<unknown> | undefined;
    switch (fault?.kind) {
      case "drop":
        break;
      case "delay":
        this.#settings.scheduler.at(this.#settings.now() + fault.delayMs, () => this.#route(app, item));
        break;
      case "reorder":
        this.#held.set(key, { item, app });
        this.#settings.scheduler.at(this.#settings.now() + fault.delayMs, () => {
          if (this.#held.get(key)?.item === item) {
            this.#held.delete(key);
            this.#route(app, item);
          }
        });
        break;
      case "duplicate":
        sent = this.#route(app, item);
        this.#route(app, { ...item });
        break;
      case "bad-signature":
        item.badSignature = true;
        sent = this.#route(app, item);
        break;
      default:
        sent = this.#route(app, item);
    }
    if (held === undefined) {
      return;
    }
    if (sent === undefined) {
      // The TTL policy's queue keeps the order of routing; a dropped or delayed event releases at once.
      this.#route(held.app, held.item);
      return;
    }
    // Count-based attempts run side by side, so the held event waits for this one's first attempt to
    // end: it then arrives after it for certain, not in whatever order two connections happen to land.
    const release = sent.finally(() => this.#route(held.app, held.item));
    this.#inFlight.add(release);
    void release.finally(() => this.#inFlight.delete(release));
  }

  /** Routes by the app's policy; returns the first attempt under the count-based policy. */
  #route(app: AppState, item: Item): Promise<unknown> | undefined {
    if (app.webhooks?.retentionMs === undefined) {
      return this.#countBased(app, item, 0);
    }
    const key = `${app.clientId} ${item.notification.conversationId}`;
    let queue = this.#queues.get(key);
    if (queue === undefined) {
      queue = { items: [], failures: 0, sending: false, waiting: false };
      this.#queues.set(key, queue);
    }
    queue.items.push(item);
    this.#settings.stats().queued += 1;
    this.#drain(app, key, queue);
    return undefined;
  }

  #attempt(app: AppState, item: Item): Promise<AttemptOutcome> {
    const stats = this.#settings.stats();
    stats.attempts += 1;
    const badSignature = item.badSignature;
    item.badSignature = false; // a retry is signed correctly
    const promise = attemptDelivery(app, item.subscription, item.text, badSignature, this.#settings).then(
      (outcome) => {
        if (outcome.ok) {
          stats.delivered += 1;
          bump(stats.deliveredByType, item.notification.eventType);
        } else if (outcome.status === "timeout") {
          stats.timeouts += 1;
        } else if (outcome.status === "network") {
          stats.networkErrors += 1;
        } else {
          bump(stats.refusedByStatus, String(outcome.status));
        }
        if (outcome.status !== "timeout" && outcome.ms > this.#settings.slowMs) {
          stats.slow += 1;
        }
        return outcome;
      },
    );
    this.#inFlight.add(promise);
    void promise.finally(() => this.#inFlight.delete(promise));
    return promise;
  }

  #countBased(app: AppState, item: Item, retriesSoFar: number): Promise<unknown> {
    const attempt = this.#attempt(app, item);
    void attempt.then((outcome) => {
      if (outcome.ok || this.#settings.stopSignal.aborted) {
        return;
      }
      if (retriesSoFar >= item.subscription.maxRetries) {
        this.#settings.stats().discarded += 1;
        return;
      }
      this.#settings.stats().retries += 1;
      this.#settings.scheduler.at(this.#settings.now() + COUNT_RETRY_WAIT_MS, () =>
        this.#countBased(app, item, retriesSoFar + 1),
      );
    });
    return attempt;
  }

  #drain(app: AppState, key: string, queue: ConversationQueue): void {
    if (queue.sending || queue.waiting || this.#settings.stopSignal.aborted) {
      return;
    }
    const stats = this.#settings.stats();
    const head = queue.items[0];
    if (head === undefined) {
      this.#queues.delete(key);
      return;
    }
    const retentionMs = app.webhooks?.retentionMs ?? 0;
    if (this.#settings.now() - head.notification.createdAt > retentionMs) {
      queue.items.shift();
      stats.queued -= 1;
      stats.expired += 1;
      this.#drain(app, key, queue);
      return;
    }
    queue.sending = true;
    void this.#attempt(app, head).then((outcome) => {
      queue.sending = false;
      if (outcome.ok) {
        queue.items.shift();
        stats.queued -= 1;
        queue.failures = 0;
        this.#drain(app, key, queue);
        return;
      }
      const { maxRetries, maxRetriesGiven } = head.subscription;
      if (maxRetriesGiven && maxRetries === 0 && queue.failures === 0) {
        // This webhook opted out of TTL retry, and the conversation was not failing: drop it.
        queue.items.shift();
        stats.queued -= 1;
        stats.discarded += 1;
        this.#drain(app, key, queue);
        return;
      }
      const backoff = Math.min(TTL_MAX_BACKOFF_MS, TTL_FIRST_BACKOFF_MS * 2 ** queue.failures);
      queue.failures += 1;
      stats.retries += 1;
      queue.waiting = true;
      this.#settings.scheduler.at(this.#settings.now() + backoff, () => {
        queue.waiting = false;
        this.#drain(app, key, queue);
      });
    });
  }
}
