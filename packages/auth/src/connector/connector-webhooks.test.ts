import { signWebhookBody } from "@lpkit/connector";
import { afterAll, describe, expect, it } from "vitest";
import { connectorSetup } from "../test-support/connector-setup.js";
import { CLIENT_ID, CLIENT_SECRET } from "../test-support/fake-liveperson.js";
import { assertCollectedSecretFree } from "../test-support/secrets.js";

afterAll(assertCollectedSecretFree);

async function delivery(body: unknown, secret = CLIENT_SECRET): Promise<Request> {
  const text = JSON.stringify(body);
  return new Request("https://connector.example/webhooks", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-liveperson-account-id": "12345678",
      "x-liveperson-client-id": CLIENT_ID,
      "x-liveperson-signature": await signWebhookBody(text, secret),
    },
    body: text,
  });
}

function agentMessage(conversationId: string, sequence: number, message: string) {
  return {
    kind: "notification",
    type: "ms.MessagingEventNotification",
    body: {
      changes: [
        {
          sequence,
          originatorId: "agent-1",
          originatorMetadata: { id: "agent-1", role: "ASSIGNED_AGENT" },
          serverTimestamp: 1_767_225_600_000 + sequence,
          event: { type: "ContentEvent", contentType: "text/plain", message },
          conversationId,
          dialogId: conversationId,
          messageAudience: "ALL",
        },
      ],
    },
  };
}

function closed(conversationId: string) {
  return {
    kind: "notification",
    type: "cqm.ExConversationChangeNotification",
    body: {
      subscriptionId: "s1",
      changes: [
        {
          type: "UPSERT",
          result: {
            convId: conversationId,
            effectiveTTR: -1,
            conversationDetails: {
              brandId: "12345678",
              state: "CLOSE",
              stage: "CLOSE",
              closeReason: "AGENT",
              metaDataLastUpdateTs: 1_767_225_601_000,
            },
          },
        },
      ],
    },
  };
}

describe("the Connector facade's webhook receiver", () => {
  it("checks signatures with the client secret, hands on only its own conversations, forgets a closed one", async () => {
    const { fake, connector } = connectorSetup();
    const messages: string[] = [];
    const changes: string[] = [];
    const receiver = connector.webhookReceiver({
      onContent: (event) => {
        messages.push(`${event.conversationId}: ${String(event.change.event.message)}`);
      },
      onEvent: (event) => {
        changes.push(`${event.kind} ${event.conversationId}`);
      },
    });
    await connector.sendText("u1", "hello");
    expect(
      (await receiver.handle(await delivery(agentMessage("conv-1", 1, "Hi, how can I help?")))).status,
    ).toBe(200);
    expect(
      (await receiver.handle(await delivery(agentMessage("not-ours", 1, "someone else's")))).status,
    ).toBe(200);
    expect(
      (await receiver.handle(await delivery(agentMessage("conv-1", 2, "forged"), "wrong-secret"))).status,
    ).toBe(401);
    fake.closeByAgent("conv-1");
    expect((await receiver.handle(await delivery(closed("conv-1")))).status).toBe(200);
    await receiver.idle();
    expect(messages).toEqual(["conv-1: Hi, how can I help?"]);
    expect(changes).toEqual(["conversationChange conv-1"]);
    expect(await connector.conversationOf("u1")).toBeUndefined();
    const next = await connector.sendText("u1", "one more thing");
    expect(next).toMatchObject({ conversationId: "conv-2", created: true });
    expect(receiver.stats().events.notOwn).toBe(1);
  });
});
