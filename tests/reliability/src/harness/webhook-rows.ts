/**
 * Helpers of the webhooks' fault-matrix files: a row (a fresh world per scenario, the leak check
 * after it), hand-made notification bodies, and what reached the callbacks.
 *
 * @module
 */
import { it } from "vitest";
import { type Handed, type WebhookWorld, type WebhookWorldOptions, webhookWorld } from "./webhook-world.js";

/**
 * One row: a fresh world, the body, then the leak check (in `stop`).
 *
 * @example
 * ```ts
 * row("forged → 401", {}, async (w) => { … });
 * ```
 */
export function row(
  name: string,
  options: WebhookWorldOptions,
  body: (w: WebhookWorld) => Promise<void>,
): void {
  it(name, async () => {
    const w = await webhookWorld(options);
    try {
      await body(w);
    } finally {
      await w.stop();
    }
  });
}

/** The texts `onContent` got, in order. */
export const texts = (handed: readonly Handed[]) =>
  handed
    .filter((h) => h.callback === "onContent")
    .map((h) => (h.event as { change: { event: { message: string } } }).change.event.message);

/** A notification body with one agent text in `conversationId` (for hand-made deliveries). */
export function contentBody(conversationId: string, sequence: number, message: string): string {
  return JSON.stringify({
    kind: "notification",
    type: "ms.MessagingEventNotification",
    body: {
      sentTs: 1_767_225_600_000,
      changes: [
        {
          sequence,
          originatorId: "agent-1",
          originatorMetadata: { id: "agent-1", role: "ASSIGNED_AGENT" },
          serverTimestamp: 1_767_225_600_000,
          event: { type: "ContentEvent", message, contentType: "text/plain" },
          conversationId,
          dialogId: conversationId,
          messageAudience: "ALL",
        },
      ],
    },
  });
}

/** The codes of the refusals `onRefused` got, in order. */
export const codes = (w: WebhookWorld) => w.refusals.map((e) => e.code);

/** An agent reply through the emulator (signed and delivered by it); waits for quiet. */
export async function reply(w: WebhookWorld, conversationId: string, text: string): Promise<void> {
  w.emulator.connector.agent(conversationId)?.reply(text);
  await w.quiet();
}
