/**
 * The walk-through's inbox: every event the webhook receiver handed on (verified, of this
 * facade's conversations), and a wait for the next one that matches.
 *
 * @module
 */
import type { WebhookEvent } from "@lpkit/connector";
import type { ReceiverHandlers } from "./connector-session.js";

/**
 * What the receiver handed on, in order, and a way to wait for more.
 *
 * @example
 * ```ts
 * const inbox = createInbox();
 * const session = await openConnectorSession(env, mode, inbox.handlers);
 * const reply = await inbox.waitFor((e) => e.kind === "content", 60_000);
 * ```
 */
export interface Inbox {
  readonly handlers: NonNullable<ReceiverHandlers>;
  readonly events: readonly WebhookEvent[];
  /** Resolves with the first event (received or to come) matching `match`; `undefined` after `timeoutMs`. */
  waitFor(match: (event: WebhookEvent) => boolean, timeoutMs: number): Promise<WebhookEvent | undefined>;
}

/**
 * Creates an inbox.
 *
 * @example
 * ```ts
 * const inbox = createInbox();
 * inbox.events.length; // 0
 * ```
 */
export function createInbox(): Inbox {
  const events: WebhookEvent[] = [];
  const waiters = new Set<{
    match: (event: WebhookEvent) => boolean;
    resolve: (event: WebhookEvent) => void;
  }>();
  return {
    events,
    handlers: {
      onEvent: (event) => {
        events.push(event);
        for (const waiter of [...waiters]) {
          if (waiter.match(event)) {
            waiters.delete(waiter);
            waiter.resolve(event);
          }
        }
      },
    },
    waitFor(match, timeoutMs) {
      const found = events.find(match);
      if (found !== undefined) {
        return Promise.resolve(found);
      }
      return new Promise((resolve) => {
        const waiter = {
          match,
          resolve: (event: WebhookEvent) => {
            clearTimeout(timer);
            resolve(event);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          resolve(undefined);
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
  };
}
