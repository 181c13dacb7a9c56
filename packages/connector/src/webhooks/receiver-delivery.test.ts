// What happens to valid deliveries: typed events after the answer, deduplication, the
// "is this conversation mine?" filter, consumer echoes and agent-only messages, per-conversation
// order, failing callbacks.
import { describe, expect, it } from "vitest";
import {
  ACCOUNT,
  agentText,
  CLIENT,
  CONVERSATION,
  conversationChanges,
  delivery,
  messaging,
  SECRET,
} from "../test-support/webhooks.js";
import { createWebhookReceiver } from "./receiver.js";
import type { WebhookReceiverOptions } from "./receiver-options.js";
import type { WebhookEvent } from "./webhook-types.js";

const base = { accountId: ACCOUNT, clientId: CLIENT, clientSecret: SECRET };
const texts = (events: WebhookEvent[]) =>
  events.map((e) =>
    e.kind === "content" ? `${e.conversationId.slice(0, 2)}:${String(e.change.event.message)}` : e.kind,
  );

function collecting(extra: Partial<WebhookReceiverOptions> = {}) {
  const events: WebhookEvent[] = [];
  const receiver = createWebhookReceiver({ ...base, onEvent: (e) => void events.push(e), ...extra });
  return { receiver, events };
}

describe("valid deliveries", () => {
  it("answer 200 first, then hand typed events to the callbacks", async () => {
    const content: string[] = [];
    const changes: string[] = [];
    const receiver = createWebhookReceiver({
      ...base,
      onContent: (e) =>
        void content.push(
          `${e.delivery.accountId} ${e.dialogId} ${e.change.sequence} ${String(e.change.event.message)}`,
        ),
      onConversationChange: (e) =>
        void changes.push(`${e.conversationId} ${e.change.result.conversationDetails?.stage}`),
    });
    const response = await receiver.handle(delivery(messaging([agentText(3, "Hi 😀")])));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("OK");
    expect(content).toEqual([]); // not yet: callbacks run after the answer
    await receiver.handle(
      delivery(
        conversationChanges([
          {
            type: "UPSERT",
            result: { convId: "c-9", conversationDetails: { stage: "CLOSE", metaDataLastUpdateTs: 5 } },
          },
        ]),
      ),
    );
    await receiver.idle();
    expect(content).toEqual([`${ACCOUNT} ${CONVERSATION} 3 Hi 😀`]);
    expect(changes).toEqual(["c-9 CLOSE"]);
  });

  it("hands every change of a batched delivery, in order", async () => {
    const { receiver, events } = collecting();
    await receiver.handle(delivery(messaging([agentText(1, "a"), agentText(2, "b"), agentText(3, "c")])));
    await receiver.idle();
    expect(texts(events)).toEqual(["3f:a", "3f:b", "3f:c"]);
  });

  it("drop a re-delivery within the window, take it again after", async () => {
    let now = 1_000_000;
    const { receiver, events } = collecting({ now: () => now, dedupe: { windowMs: 60_000 } });
    const body = messaging([agentText(7, "once")]);
    for (let i = 0; i < 3; i++) {
      expect((await receiver.handle(delivery(body))).status).toBe(200);
    }
    // The same event inside another batch is a duplicate too.
    await receiver.handle(delivery(messaging([agentText(7, "once"), agentText(8, "new")])));
    now += 60_001;
    await receiver.handle(delivery(body));
    await receiver.idle();
    expect(texts(events)).toEqual(["3f:once", "3f:new", "3f:once"]);
    expect(receiver.stats().events).toMatchObject({ handed: 3, duplicates: 3 });
  });

  it("never deduplicate chat states (the same state twice is real), and dedupe: false turns it off", async () => {
    const typing = {
      event: { type: "ChatStateEvent", chatState: "COMPOSING" },
      conversationId: CONVERSATION,
      dialogId: CONVERSATION,
    };
    const { receiver, events } = collecting();
    for (const state of ["COMPOSING", "PAUSE", "COMPOSING"]) {
      await receiver.handle(
        delivery(messaging([{ ...typing, event: { type: "ChatStateEvent", chatState: state } }])),
      );
    }
    await receiver.idle();
    expect(events.map((e) => (e.kind === "chatState" ? e.change.event.chatState : e.kind))).toEqual([
      "COMPOSING",
      "PAUSE",
      "COMPOSING",
    ]);
    const off = collecting({ dedupe: false });
    await off.receiver.handle(delivery(messaging([agentText(1, "x")])));
    await off.receiver.handle(delivery(messaging([agentText(1, "x")])));
    await off.receiver.idle();
    expect(off.events).toHaveLength(2);
  });

  it("hand over only conversations that are yours (sync or async predicate)", async () => {
    const mine = new Set([CONVERSATION]);
    for (const isOwnConversation of [(id: string) => mine.has(id), async (id: string) => mine.has(id)]) {
      const { receiver, events } = collecting({ isOwnConversation });
      const response = await receiver.handle(
        delivery(messaging([agentText(1, "mine"), agentText(1, "theirs", "other-conv")])),
      );
      expect(response.status).toBe(200); // LivePerson must not retry foreign conversations
      await receiver.idle();
      expect(texts(events)).toEqual(["3f:mine"]);
      expect(receiver.stats().events.notOwn).toBe(1);
    }
  });

  it("answer 503 when the predicate fails, so LivePerson retries, and take the retry", async () => {
    let broken = true;
    const errors: unknown[] = [];
    const { receiver, events } = collecting({
      isOwnConversation: async () => {
        if (broken) {
          throw new Error("store down");
        }
        return true;
      },
      onError: (error) => errors.push(error),
    });
    const body = messaging([agentText(1, "keep me")]);
    const first = await receiver.handle(delivery(body));
    expect(first.status).toBe(503);
    expect(first.headers.get("retry-after")).toBe("5");
    broken = false;
    expect((await receiver.handle(delivery(body))).status).toBe(200);
    await receiver.idle();
    expect(texts(events)).toEqual(["3f:keep me"]); // not taken for a duplicate
    expect(errors).toEqual([new Error("store down")]);
  });

  it("skip the consumer's own echoes and agent-only messages unless asked", async () => {
    const echo = {
      ...(agentText(2, "from the consumer") as object),
      originatorMetadata: { id: "c0", role: "CONSUMER" },
    };
    const note = { ...(agentText(3, "internal note") as object), messageAudience: "AGENTS_AND_MANAGERS" };
    const body = messaging([echo, note, agentText(4, "for you")]);
    const quiet = collecting();
    await quiet.receiver.handle(delivery(body));
    await quiet.receiver.idle();
    expect(texts(quiet.events)).toEqual(["3f:for you"]);
    expect(quiet.receiver.stats().events.skipped).toBe(2);
    const all = collecting({ includeConsumerEvents: true, includePrivateMessages: true });
    await all.receiver.handle(delivery(body));
    await all.receiver.idle();
    expect(all.events).toHaveLength(3);
  });

  it("keep one conversation's events in order while others run alongside", async () => {
    const log: string[] = [];
    const gates = new Map<string, () => void>();
    const receiver = createWebhookReceiver({
      ...base,
      concurrency: 4,
      onContent: async (e) => {
        const text = String(e.change.event.message);
        log.push(`start ${text}`);
        if (text === "a1") {
          await new Promise<void>((resolve) => gates.set(text, resolve));
        }
        log.push(`end ${text}`);
      },
    });
    await receiver.handle(delivery(messaging([agentText(1, "a1", "conv-a")])));
    await receiver.handle(delivery(messaging([agentText(2, "a2", "conv-a")])));
    await receiver.handle(delivery(messaging([agentText(1, "b1", "conv-b")])));
    while (!log.includes("end b1")) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    expect(log).toEqual(["start a1", "start b1", "end b1"]); // a2 waits for a1, b1 does not
    gates.get("a1")?.();
    await receiver.idle();
    expect(log).toEqual(["start a1", "start b1", "end b1", "end a1", "start a2", "end a2"]);
  });

  it("report a failing callback to onError and go on with the next event", async () => {
    const errors: [unknown, WebhookEvent | undefined][] = [];
    const handled: string[] = [];
    const receiver = createWebhookReceiver({
      ...base,
      onContent: (e) => {
        if (e.change.event.message === "boom") {
          throw new Error("handler bug");
        }
        handled.push(String(e.change.event.message));
      },
      onError: (error, event) => errors.push([error, event]),
    });
    expect(
      await receiver.handle(delivery(messaging([agentText(1, "boom"), agentText(2, "next")]))),
    ).toMatchObject({ status: 200 });
    await receiver.idle();
    expect(handled).toEqual(["next"]);
    expect(errors[0]?.[0]).toEqual(new Error("handler bug"));
    expect(errors[0]?.[1]?.kind).toBe("content");
    expect(receiver.stats().events.failed).toBe(1);
  });

  it("report malformed changes and hand the rest", async () => {
    const errors: unknown[] = [];
    const { receiver, events } = collecting({ onError: (error) => errors.push(error) });
    const response = await receiver.handle(delivery(messaging([{ event: {} }, agentText(1, "ok")])));
    expect(response.status).toBe(200);
    await receiver.idle();
    expect(texts(events)).toEqual(["3f:ok"]);
    expect(errors).toEqual([
      expect.objectContaining({ code: "ERR_WEBHOOK_PAYLOAD", path: "body.changes[0].event" }),
    ]);
  });

  it("pass the delivery's promise to waitUntil (Workers)", async () => {
    const { receiver, events } = collecting();
    const waited: Promise<unknown>[] = [];
    await receiver.handle(delivery(messaging([agentText(1, "x")])), { waitUntil: (p) => waited.push(p) });
    expect(waited).toHaveLength(1);
    await waited[0];
    expect(events).toHaveLength(1);
  });

  it("skip events nobody listens to", async () => {
    const seen: string[] = [];
    const receiver = createWebhookReceiver({
      ...base,
      onConversationChange: (e) => void seen.push(e.conversationId),
    });
    await receiver.handle(delivery(messaging([agentText(1, "x")])));
    await receiver.idle();
    expect(receiver.stats().events).toMatchObject({ handed: 0, skipped: 1 });
    expect(seen).toEqual([]);
  });
});
