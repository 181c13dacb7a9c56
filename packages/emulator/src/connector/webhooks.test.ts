import http from "node:http";
import type { AddressInfo } from "node:net";
import { createSignatureVerifier, createWebhookReceiver, toNodeListener } from "@lpkit/connector";
import { describe, expect, it } from "vitest";
import { DEMO } from "../config.js";
import { allEvents, webhookEndpoint } from "../test-support/connector.js";
import { conversation, kinds, quiet, started, stops } from "../test-support/webhook-world.js";

describe("webhook deliveries", () => {
  it("posts every event, signed over the exact bytes with the client secret, with the three headers", async () => {
    const endpoint = await webhookEndpoint();
    stops.push(endpoint.close);
    const subscriptions = allEvents(endpoint.url);
    subscriptions["ms.MessagingEventNotification.ContentEvent"] = {
      ...subscriptions["ms.MessagingEventNotification.ContentEvent"],
      headers: [{ header_name: "X-Tenant", header_value: "t1" }],
    } as never;
    const emulator = await started(subscriptions);
    const { say } = await conversation(emulator);
    await say("#close");
    await quiet(emulator);
    expect(new Set(kinds(endpoint.received))).toEqual(
      new Set(["cqm OPEN", "ContentEvent", "AcceptStatusEvent", "ChatStateEvent", "cqm CLOSE"]),
    );
    const verifier = createSignatureVerifier({ secrets: [DEMO.connectorClientSecret] });
    for (const delivery of endpoint.received) {
      expect(delivery.headers["x-liveperson-account-id"]).toBe(DEMO.accountId);
      expect(delivery.headers["x-liveperson-client-id"]).toBe(DEMO.connectorClientId);
      expect(delivery.headers["content-type"]).toBe("application/json");
      const signature = String(delivery.headers["x-liveperson-signature"]);
      expect(signature).toMatch(/^sha1=[A-Za-z0-9+/]{27}=$/);
      await verifier.verify(new TextEncoder().encode(delivery.body), signature);
    }
    const content = endpoint.received.find((d) => kinds([d])[0] === "ContentEvent");
    expect(content?.headers["x-tenant"]).toBe("t1");
    expect(emulator.stats().connector.webhooks).toMatchObject({
      attempts: endpoint.received.length,
      delivered: endpoint.received.length,
      retries: 0,
    });
  });

  it("an lpkit receiver on loopback gets the agent's reply and the close, consumer echoes skipped", async () => {
    const replies: string[] = [];
    const closes: string[] = [];
    const receiver = createWebhookReceiver({
      accountId: DEMO.accountId,
      clientId: DEMO.connectorClientId,
      clientSecret: DEMO.connectorClientSecret,
      onContent: (event) => {
        replies.push(String(event.change.event.message));
      },
      onConversationChange: (event) => {
        closes.push(String(event.change.result.conversationDetails?.state));
      },
    });
    const server = http.createServer(toNodeListener(receiver));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    stops.push(() => new Promise((resolve) => server.close(resolve)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lp`;
    const emulator = await started(allEvents(url));
    const { say } = await conversation(emulator);
    await say("café 😀");
    // Count-based deliveries go out side by side, and the receiver commits a delivery only after its
    // (asynchronous) signature check: the reply's delivery has to be in before the close's is sent
    // for their order to be certain — a slow check could otherwise let "Goodbye!" overtake it.
    await quiet(emulator);
    await say("#close");
    await quiet(emulator);
    await receiver.idle();
    expect(replies).toEqual(["You said: café 😀", "Goodbye!"]);
    expect(closes).toEqual(["OPEN", "OPEN", "CLOSE"]);
    expect(receiver.stats().refused).toEqual({});
  });

  it("count-based retry: 30 s apart on the emulator clock, up to max_retries, then given up", async () => {
    const endpoint = await webhookEndpoint((n) => (n <= 2 ? 500 : 200));
    stops.push(endpoint.close);
    const emulator = await started({
      "cqm.ExConversationChangeNotification": { endpoint: endpoint.url, max_retries: 2 },
    });
    await conversation(emulator); // two changes: opened, agent joined
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(2);
    expect(emulator.connector.pendingRetries).toBe(2);
    emulator.clock.advance(29_999);
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(2);
    emulator.clock.advance(1);
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(4);
    expect(emulator.stats().connector.webhooks).toMatchObject({
      delivered: 2,
      retries: 2,
      refusedByStatus: { "500": 2 },
    });

    const failing = await webhookEndpoint(() => 503);
    stops.push(failing.close);
    const second = await started({
      "cqm.ExConversationChangeNotification": { endpoint: failing.url, max_retries: 1 },
    });
    await conversation(second);
    await quiet(second);
    second.clock.advance(30_000);
    await quiet(second);
    second.clock.advance(30_000);
    await quiet(second);
    expect(failing.received).toHaveLength(4);
    expect(second.stats().connector.webhooks).toMatchObject({ discarded: 2, retries: 2, delivered: 0 });
  });
});
