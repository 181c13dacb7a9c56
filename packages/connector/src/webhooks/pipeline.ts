/**
 * What happens to a verified delivery's events: skipped (no callback, the consumer's own echo, an
 * agent-only message), filtered ("is this conversation mine?"), deduplicated, admitted within the
 * pending bound and queued for their callbacks. Admission is all or nothing per delivery, so a
 * delivery answered 503 left nothing behind and its retry is not taken for a duplicate.
 *
 * @module
 */
import type { WebhookUnavailableError, WebhookUnavailableReason } from "@lpkit/core";
import { DedupeWindow } from "./dedupe.js";
import { Dispatcher } from "./dispatcher.js";
import type { DeliveredEvent, ParsedDelivery } from "./notifications.js";
import type { Handler, ResolvedOptions, WebhookReceiverOptions } from "./receiver-options.js";
import type { WebhookReceiverStats } from "./receiver-types.js";
import type { WebhookEvent } from "./webhook-types.js";

type Unavailable = (reason: WebhookUnavailableReason, message: string) => WebhookUnavailableError;

/** Events checked and filtered, waiting to be admitted. */
export interface Prepared {
  /** Deduplicates and queues the events, or throws a 503 refusal when they do not fit. */
  commit(): { count: number; done: Promise<void> };
}

const HANDLER_OF = {
  content: "onContent",
  richContent: "onRichContent",
  chatState: "onChatState",
  acceptStatus: "onAcceptStatus",
  conversationChange: "onConversationChange",
  unknown: "onUnknown",
} as const;

function isEcho(event: WebhookEvent, options: WebhookReceiverOptions): boolean {
  if (event.kind === "conversationChange" || event.kind === "unknown") {
    return false;
  }
  const { change } = event;
  if (!options.includeConsumerEvents && change.originatorMetadata?.role === "CONSUMER") {
    return true;
  }
  const audience = change.messageAudience;
  return (
    !options.includePrivateMessages &&
    (event.kind === "content" || event.kind === "richContent") &&
    audience !== undefined &&
    audience !== "ALL"
  );
}

/** Creates the pipeline of one receiver. */
export function createPipeline(options: WebhookReceiverOptions, settings: ResolvedOptions) {
  const dedupe = options.dedupe === false ? undefined : new DedupeWindow(options.dedupe ?? {}, settings.now);
  const dispatcher = new Dispatcher(settings.concurrency, settings.maxPendingEvents);
  const stats: WebhookReceiverStats = {
    deliveries: 0,
    answered200: 0,
    refused: {},
    events: { handed: 0, duplicates: 0, notOwn: 0, skipped: 0, malformed: 0, failed: 0 },
    pending: 0,
  };

  /** Calls a user hook; a hook that throws is not allowed to break the receiver. */
  const report = (call: () => void) => {
    try {
      call();
    } catch {
      // The user's logging hook failed; there is nobody left to tell.
    }
  };

  const handlerFor = (event: WebhookEvent) =>
    (options[HANDLER_OF[event.kind]] ?? options.onEvent) as Handler<WebhookEvent> | undefined;

  async function run(event: WebhookEvent, handler: Handler<WebhookEvent>): Promise<void> {
    try {
      await handler(event);
    } catch (error) {
      stats.events.failed++;
      report(() => options.onError?.(error, event));
    }
  }

  async function prepare(parsed: ParsedDelivery, unavailable: Unavailable): Promise<Prepared> {
    stats.events.malformed += parsed.problems.length;
    for (const problem of parsed.problems) {
      report(() => options.onError?.(problem, undefined));
    }
    const wanted: (DeliveredEvent & { handler: Handler<WebhookEvent> })[] = [];
    const mine = new Map<string, boolean>();
    for (const item of parsed.events) {
      const handler = handlerFor(item.event);
      if (!handler || isEcho(item.event, options)) {
        stats.events.skipped++;
        continue;
      }
      const id = item.event.conversationId;
      if (id !== undefined && options.isOwnConversation) {
        if (!mine.has(id)) {
          try {
            const answer = options.isOwnConversation(id, item.event);
            mine.set(id, (typeof answer === "boolean" ? answer : await answer) === true);
          } catch (error) {
            report(() => options.onError?.(error, item.event));
            throw unavailable("filter-failed", "could not tell whether the conversation is handled here");
          }
        }
        if (!mine.get(id)) {
          stats.events.notOwn++;
          continue;
        }
      }
      wanted.push({ ...item, handler });
    }
    return {
      commit() {
        const seen = new Set<string>();
        const fresh = wanted.filter(({ key }) => {
          if (key === undefined) {
            return true;
          }
          const duplicate = seen.has(key) || dedupe?.has(key) === true;
          seen.add(key);
          return !duplicate;
        });
        if (!dispatcher.canTake(fresh.length)) {
          throw unavailable("overloaded", "too many events waiting for their callbacks");
        }
        stats.events.duplicates += wanted.length - fresh.length;
        stats.events.handed += fresh.length;
        const done = fresh.map(({ event, key, handler }) => {
          if (key !== undefined) {
            dedupe?.add(key);
          }
          return dispatcher.enqueue(event.conversationId ?? "", () => run(event, handler));
        });
        return { count: fresh.length, done: Promise.all(done).then(() => undefined) };
      },
    };
  }

  return {
    stats,
    report,
    prepare,
    idle: () => dispatcher.idle(),
    snapshot: (): WebhookReceiverStats => ({
      ...stats,
      refused: { ...stats.refused },
      events: { ...stats.events },
      pending: dispatcher.pending,
    }),
  };
}
