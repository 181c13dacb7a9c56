// Every webhook example of the spec becomes the events it documents; malformed changes are
// reported one by one; unknown types pass through; keys identify re-deliveries, not states.
import { WebhookPayloadError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { requestExamples, schemaErrors } from "../test-support/spec.js";
import { agentText, LIVEPERSON_VECTORS } from "../test-support/webhooks.js";
import { deliveryEvents } from "./notifications.js";

const context = { accountId: "12345678", clientId: "c", receivedAt: 1 };
const KIND = {
  onContentEvent: "content",
  onRichContentEvent: "richContent",
  onAcceptStatusEvent: "acceptStatus",
  onChatStateEvent: "chatState",
  onExConversationChange: "conversationChange",
} as const;

describe("the spec's webhook examples", () => {
  for (const [operationId, kind] of Object.entries(KIND)) {
    for (const example of requestExamples(operationId)) {
      it(`${operationId} ${example.name} → ${kind}`, () => {
        const schema =
          kind === "conversationChange" ? "ExConversationChangeNotification" : "MessagingEventNotification";
        expect(schemaErrors(schema, example.value)).toEqual([]);
        const { events, problems } = deliveryEvents(example.value, context);
        expect(problems).toEqual([]);
        expect(events.map((e) => e.event.kind)).toEqual([kind]);
        expect(events[0]?.event.conversationId).toBe("3f7c1b2a-9d4e-4c5f-8a6b-0e1d2c3b4a59");
        expect(events[0]?.key === undefined).toBe(kind === "chatState");
      });
    }
  }

  it("LivePerson's sample deliveries parse too", () => {
    const [chat, closed] = LIVEPERSON_VECTORS.cases.map(
      (c) => deliveryEvents(JSON.parse(c.body), context).events,
    );
    expect(chat?.[0]?.event).toMatchObject({
      kind: "chatState",
      conversationId: "b8b83fe9-75f0-46f2-baaa-2930f7192cfb",
    });
    expect(closed?.[0]?.event).toMatchObject({ kind: "conversationChange" });
  });
});

describe("deliveryEvents", () => {
  const envelope = (changes: unknown[]) => ({
    kind: "notification",
    type: "ms.MessagingEventNotification",
    body: { changes },
  });

  it("refuses bodies that are not notifications", () => {
    for (const body of [
      null,
      [],
      "x",
      { kind: "req", type: "x" },
      { kind: "notification" },
      envelope(null as never),
    ]) {
      expect(() => deliveryEvents(body, context)).toThrow(WebhookPayloadError);
    }
  });

  it("reports each malformed change and keeps the others", () => {
    const { events, problems } = deliveryEvents(
      envelope([
        agentText(1, "fine"),
        { event: { type: "ContentEvent" }, dialogId: "d" },
        { event: { type: "ChatStateEvent", chatState: "PAUSE" } },
        { ...(agentText(2, "x") as object), sequence: -1 },
        { event: { type: "AcceptStatusEvent", status: "READ", sequenceList: ["1"] }, dialogId: "d" },
        agentText(3, "also fine"),
      ]),
      context,
    );
    expect(events.map((e) => e.key)).toEqual([
      "m 12345678 3f7c1b2a-9d4e-4c5f-8a6b-0e1d2c3b4a59 3f7c1b2a-9d4e-4c5f-8a6b-0e1d2c3b4a59 1 ContentEvent",
      "m 12345678 3f7c1b2a-9d4e-4c5f-8a6b-0e1d2c3b4a59 3f7c1b2a-9d4e-4c5f-8a6b-0e1d2c3b4a59 3 ContentEvent",
    ]);
    expect(problems.map((p) => p.path)).toEqual([
      "body.changes[1].event",
      "body.changes[2].dialogId",
      "body.changes[3].sequence",
      "body.changes[4].event",
    ]);
  });

  it("passes unknown notification and event types on, without a key", () => {
    const other = deliveryEvents({ kind: "notification", type: "ms.SomethingNew", body: {} }, context);
    expect(other.events[0]).toEqual({
      event: expect.objectContaining({ kind: "unknown", type: "ms.SomethingNew", conversationId: undefined }),
      key: undefined,
    });
    const event = deliveryEvents(
      envelope([{ sequence: 1, event: { type: "HumanEvent" }, dialogId: "d1" }]),
      context,
    );
    expect(event.events[0]?.event).toMatchObject({
      kind: "unknown",
      type: "HumanEvent",
      conversationId: "d1",
    });
  });

  it("falls back to the dialog id for older deliveries, and keys receipts by their status and sequences", () => {
    const receipt = {
      sequence: 4,
      event: { type: "AcceptStatusEvent", status: "READ", sequenceList: [1, 2] },
      dialogId: "d",
    };
    const [event] = deliveryEvents(envelope([receipt]), context).events;
    expect(event?.event.conversationId).toBe("d");
    expect(event?.key).toBe("m 12345678 d d 4 AcceptStatusEvent READ 1,2");
  });

  it("keys conversation changes by their last update", () => {
    const change = (ts: unknown) => ({
      kind: "notification",
      type: "cqm.ExConversationChangeNotification",
      body: {
        changes: [
          {
            type: "UPSERT",
            result: {
              convId: "c1",
              conversationDetails: { state: "OPEN", stage: "OPEN", metaDataLastUpdateTs: ts },
            },
          },
        ],
      },
    });
    expect(deliveryEvents(change(5), context).events[0]?.key).toBe("c 12345678 c1 UPSERT 5 OPEN/OPEN");
    expect(deliveryEvents(change(undefined), context).events[0]?.key).toBeUndefined();
    expect(deliveryEvents(change("5"), context).problems).toHaveLength(1);
  });
});
