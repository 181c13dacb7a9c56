/**
 * Faults of webhook deliveries, on demand: what LivePerson's side can do to a connector — lose an
 * event (`drop`), send it twice (`duplicate`), send it after the next one of its conversation
 * (`reorder`), send it late (`delay`, on the emulator clock), or sign it wrongly (`bad-signature`).
 *
 * @module
 */
import { seededRandom } from "../prng.js";
import type { WebhookEventType } from "./webhook-config.js";

/**
 * What a webhook fault does to a delivery.
 *
 * @example
 * ```ts
 * const kind: WebhookFaultKind = "duplicate";
 * ```
 */
export type WebhookFaultKind = "drop" | "duplicate" | "reorder" | "delay" | "bad-signature";

/**
 * A webhook fault rule, as passed to `emulator.connector.webhookFault(rule)`.
 *
 * @example
 * ```ts
 * emulator.connector.webhookFault({ kind: "duplicate", probability: 0.1, seed: 7 });
 * emulator.connector.webhookFault({ kind: "delay", delayMs: 10_000, match: { eventType: "cqm.ExConversationChangeNotification" } });
 * ```
 */
export interface WebhookFaultRule {
  kind: WebhookFaultKind;
  /** For `delay` (and `reorder`, as the longest hold): ms of emulator time. Default 5 000. */
  delayMs?: number | undefined;
  /** Only deliveries of this event type, conversation or app. */
  match?: { eventType?: WebhookEventType; conversationId?: string; clientId?: string } | undefined;
  /** Apply to the next N matching deliveries, then stop. Default: unlimited. */
  times?: number | undefined;
  /** Apply to this share (0–1) of matching deliveries, drawn from a PRNG seeded with `seed`. Default 1. */
  probability?: number | undefined;
  seed?: number | undefined;
}

/** A webhook fault that was added. */
export interface WebhookFaultHandle {
  readonly hits: number;
  readonly active: boolean;
  remove(): void;
}

interface Active {
  readonly rule: WebhookFaultRule;
  readonly random: () => number;
  remaining: number;
  hits: number;
  removed: boolean;
}

const KINDS: readonly WebhookFaultKind[] = ["drop", "duplicate", "reorder", "delay", "bad-signature"];

/** The webhook fault rules of one emulator; the first matching rule wins. */
export class WebhookFaults {
  #rules: Active[] = [];

  add(rule: WebhookFaultRule): WebhookFaultHandle {
    if (!KINDS.includes(rule?.kind)) {
      throw new TypeError(`webhookFault: kind must be one of ${KINDS.join(", ")}`);
    }
    const probability = rule.probability ?? 1;
    if (!(probability >= 0 && probability <= 1)) {
      throw new TypeError("webhookFault: probability must be from 0 to 1");
    }
    if (rule.delayMs !== undefined && !(Number.isFinite(rule.delayMs) && rule.delayMs >= 0)) {
      throw new TypeError("webhookFault: delayMs must be a non-negative number");
    }
    if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times > 0)) {
      throw new TypeError("webhookFault: times must be a positive whole number");
    }
    const active: Active = {
      rule: { ...rule },
      random: seededRandom(rule.seed ?? 1),
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
      hits: 0,
      removed: false,
    };
    this.#rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      get active() {
        return !active.removed && active.remaining > 0;
      },
      remove: () => {
        active.removed = true;
        this.#rules = this.#rules.filter((r) => r !== active);
      },
    };
  }

  clear(): void {
    this.#rules = [];
  }

  /** The fault for one delivery, if a rule applies. */
  choose(target: {
    eventType: WebhookEventType;
    conversationId: string;
    clientId: string;
  }): { kind: WebhookFaultKind; delayMs: number } | undefined {
    for (const active of this.#rules) {
      const { match } = active.rule;
      if (
        active.removed ||
        active.remaining <= 0 ||
        (match?.eventType !== undefined && match.eventType !== target.eventType) ||
        (match?.conversationId !== undefined && match.conversationId !== target.conversationId) ||
        (match?.clientId !== undefined && match.clientId !== target.clientId)
      ) {
        continue;
      }
      if (active.random() >= (active.rule.probability ?? 1)) {
        continue;
      }
      active.remaining -= 1;
      active.hits += 1;
      return { kind: active.rule.kind, delayMs: active.rule.delayMs ?? 5_000 };
    }
    return undefined;
  }
}
