import http from "node:http";
import type { AddressInfo } from "node:net";
import { createWebhookReceiver, toNodeListener } from "@lpkit/connector";
import { describe, expect, it } from "vitest";
import { CONSUMER_SCOPE, DEMO } from "../config.js";
import { allEvents, webhookEndpoint } from "../test-support/connector.js";
import { conversation, kinds, quiet, started, stops } from "../test-support/webhook-world.js";

type Delivered = Awaited<ReturnType<typeof webhookEndpoint>>["received"][number];

/** The messaging sequences (or cqm update times) in arrival order, for one conversation. */
function order(received: readonly Delivered[], conversationId: string): string[] {
  return received
    .map(({ json }) => json.body.changes[0] as Record<string, unknown>)
    .filter(
      (c) =>
        c.conversationId === conversationId ||
        (c.result as { convId?: string } | undefined)?.convId === conversationId,
    )
    .map((c) =>
      c.sequence === undefined
        ? `t${String((c.result as { conversationDetails?: { metaDataLastUpdateTs?: number } } | undefined)?.conversationDetails?.metaDataLastUpdateTs ?? "chat")}`
        : `s${String(c.sequence)}`,
    );
}

describe("TTL-based retry (retry.retention_time)", () => {
  it("retries a failing conversation's head with 2, 4, 8 s back-off on the emulator clock, its later events waiting in order", async () => {
    let failing = true;
    const endpoint = await webhookEndpoint(() => (failing ? 503 : 200));
    stops.push(endpoint.close);
    const emulator = await started({ ...allEvents(endpoint.url), retry: { retention_time: 3_600 } });
    const { conversationId, say } = await conversation(emulator);
    await say("one");
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(1); // only the head was tried; the rest waits behind it
    expect(emulator.connector.installState(DEMO.connectorClientId)).toBe("FAILED");
    for (const wait of [2_000, 4_000, 8_000]) {
      emulator.clock.advance(wait - 1);
      await quiet(emulator);
      const before = endpoint.received.length;
      emulator.clock.advance(1);
      await quiet(emulator);
      expect(endpoint.received.length).toBe(before + 1);
    }
    failing = false;
    emulator.clock.advance(16_000);
    await quiet(emulator);
    expect(emulator.connector.installState(DEMO.connectorClientId)).toBe("UP");
    const delivered = endpoint.received.slice(4);
    const ids = delivered.map(({ body }) => body);
    expect(new Set(ids).size).toBe(ids.length);
    // Per-conversation order: the head first, then everything in the order it happened.
    const sequences = order(delivered, conversationId).filter((s) => s.startsWith("s"));
    expect(sequences).toEqual([...sequences].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))));
    expect(kinds(delivered)[0]).toBe("cqm OPEN");
    expect(emulator.stats().connector.webhooks).toMatchObject({ retries: 4, queued: 0 });
  });

  it("an event that arrives while the head waits for its retry waits too: the head is not sent early", async () => {
    let failing = true;
    const endpoint = await webhookEndpoint(() => (failing ? 503 : 200));
    stops.push(endpoint.close);
    const emulator = await started({ ...allEvents(endpoint.url), retry: { retention_time: 3_600 } });
    emulator.connector.setAgent(() => {});
    const { conversationId, say } = await conversation(emulator);
    await quiet(emulator); // the head (cqm OPEN) failed: its retry is due in 2 s
    expect(endpoint.received).toHaveLength(1);
    await say("while waiting");
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(1);
    expect(emulator.stats().connector.webhooks).toMatchObject({ attempts: 1, retries: 1 });
    const queued = emulator.stats().connector.webhooks.queued;
    expect(queued).toBeGreaterThanOrEqual(2); // the head and what came after it
    failing = false;
    emulator.clock.advance(2_000);
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(1 + queued);
    expect(kinds(endpoint.received).slice(0, 2)).toEqual(["cqm OPEN", "cqm OPEN"]);
    expect(order(endpoint.received.slice(1), conversationId)).toContain("s0");
  });

  it("doubles the back-off up to a 5-minute cap, and drops events older than the retention", async () => {
    const endpoint = await webhookEndpoint(() => 500);
    stops.push(endpoint.close);
    const emulator = await started({
      "cqm.ExConversationChangeNotification": { endpoint: endpoint.url },
      retry: { retention_time: 600 },
    });
    await conversation(emulator);
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(1);
    for (const seconds of [2, 4, 8, 16, 32, 64, 128, 256]) {
      emulator.clock.advance(seconds * 1000);
      await quiet(emulator);
    }
    expect(endpoint.received).toHaveLength(9); // tried at 0, 2, 6, 14, 30, 62, 126, 254 and 510 s
    emulator.clock.advance(299_999); // the next gap would be 512 s: capped at 300 s
    await quiet(emulator);
    expect(emulator.stats().connector.webhooks.expired).toBe(0);
    emulator.clock.advance(1); // 810 s: both events are older than the 600 s retention
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(9);
    expect(emulator.stats().connector.webhooks).toMatchObject({ expired: 2, queued: 0, retries: 9 });
  });

  it("a webhook with max_retries: 0 stays out of TTL retry: its failed event is dropped", async () => {
    const endpoint = await webhookEndpoint(() => 500);
    stops.push(endpoint.close);
    const emulator = await started({
      "cqm.ExConversationChangeNotification": { endpoint: endpoint.url, max_retries: 0 },
      retry: { retention_time: 600 },
    });
    await conversation(emulator);
    await quiet(emulator);
    emulator.clock.advance(60_000);
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(2);
    expect(emulator.stats().connector.webhooks).toMatchObject({ discarded: 2, retries: 0 });
  });
});

describe("webhook faults and limits", () => {
  it("drop, duplicate and delay (on the emulator clock)", async () => {
    const endpoint = await webhookEndpoint();
    stops.push(endpoint.close);
    const emulator = await started({
      "ms.MessagingEventNotification.ContentEvent": { endpoint: endpoint.url },
    });
    const { say } = await conversation(emulator);
    emulator.connector.webhookFault({ kind: "drop", times: 1 });
    await say("dropped");
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(1); // the agent's reply only
    emulator.connector.webhookFault({ kind: "duplicate", times: 1 });
    await say("twice");
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(4);
    // The two copies and the agent's reply go out side by side (count-based policy, each signed
    // asynchronously first): they may arrive in any order, so the copies are found by their text.
    const text = (d: Delivered) =>
      String((d.json.body.changes[0] as { event?: { message?: unknown } }).event?.message);
    const copies = endpoint.received.slice(1).filter((d) => text(d) === "twice");
    expect(endpoint.received.slice(1).map(text).sort()).toEqual(["You said: twice", "twice", "twice"]);
    expect(copies[0]?.body).toBe(copies[1]?.body);
    emulator.connector.webhookFault({ kind: "delay", delayMs: 10_000, times: 1 });
    await say("late");
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(5);
    emulator.clock.advance(10_000);
    await quiet(emulator);
    expect(endpoint.received).toHaveLength(6);
    expect(emulator.stats().connector.webhooks.faults).toEqual({ drop: 1, duplicate: 1, delay: 1 });
  });

  it("a bad signature is refused by an lpkit receiver (401), and the retry, signed correctly, gets through", async () => {
    const texts: string[] = [];
    const receiver = createWebhookReceiver({
      accountId: DEMO.accountId,
      clientId: DEMO.connectorClientId,
      clientSecret: DEMO.connectorClientSecret,
      includeConsumerEvents: true,
      onContent: (event) => {
        texts.push(String(event.change.event.message));
      },
    });
    const server = http.createServer(toNodeListener(receiver));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    stops.push(() => new Promise((resolve) => server.close(resolve)));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lp`;
    const emulator = await started({
      "ms.MessagingEventNotification.ContentEvent": { endpoint: url, max_retries: 1 },
    });
    emulator.connector.setAgent(() => {});
    const { say } = await conversation(emulator);
    emulator.connector.webhookFault({ kind: "bad-signature", times: 1 });
    await say("signed");
    await quiet(emulator);
    expect(texts).toEqual([]);
    expect(emulator.stats().connector.webhooks.refusedByStatus).toEqual({ "401": 1 });
    emulator.clock.advance(30_000);
    await quiet(emulator);
    await receiver.idle();
    expect(texts).toEqual(["signed"]);
    expect(receiver.stats().refused).toEqual({ ERR_WEBHOOK_SIGNATURE: 1 });
  });

  it("reorder: an event goes out after the next one of its conversation", async () => {
    const endpoint = await webhookEndpoint();
    stops.push(endpoint.close);
    const emulator = await started({
      "ms.MessagingEventNotification.ContentEvent": { endpoint: endpoint.url },
    });
    emulator.connector.setAgent(() => {});
    const { conversationId, say } = await conversation(emulator);
    emulator.connector.webhookFault({ kind: "reorder", times: 1 });
    await say("first");
    await say("second");
    await quiet(emulator);
    expect(order(endpoint.received, conversationId)).toEqual(["s1", "s0"]);
  });

  it("a 5 s limit (here shortened) counts a hanging endpoint as a timeout; slow answers are counted", async () => {
    const hanging = await webhookEndpoint(() => "hang");
    stops.push(hanging.close);
    // The bound under test is the delivery timeout: 200 ms, and the endpoint never answers.
    const emulator = await started(
      { "cqm.ExConversationChangeNotification": { endpoint: hanging.url } },
      { webhookTimeoutMs: 200 },
    );
    await conversation(emulator);
    await quiet(emulator);
    expect(emulator.stats().connector.webhooks).toMatchObject({ timeouts: 2, delivered: 0 });
    const endpoint = await webhookEndpoint();
    stops.push(endpoint.close);
    const slow = await started(
      { "cqm.ExConversationChangeNotification": { endpoint: endpoint.url } },
      { webhookSlowMs: 0 },
    );
    await conversation(slow);
    await quiet(slow);
    expect(slow.stats().connector.webhooks).toMatchObject({ delivered: 2, slow: 2 });
  });

  it("deliveries are account-wide: every subscribed app of the account gets them; SHA-256 hex on request", async () => {
    const first = await webhookEndpoint();
    const second = await webhookEndpoint();
    stops.push(first.close, second.close);
    const emulator = await started({ "cqm.ExConversationChangeNotification": { endpoint: first.url } });
    emulator.registerApp({
      accountId: DEMO.accountId,
      clientId: "another-app",
      clientSecret: "another-secret",
      scope: CONSUMER_SCOPE,
      capabilities: { webhooks: { "cqm.ExConversationChangeNotification": { endpoint: second.url } } },
      webhookSignature: { algorithm: "sha256", encoding: "hex" },
    });
    await conversation(emulator);
    await quiet(emulator);
    expect(first.received).toHaveLength(2);
    expect(second.received).toHaveLength(2);
    expect(second.received[0]?.headers["x-liveperson-client-id"]).toBe("another-app");
    expect(String(second.received[0]?.headers["x-liveperson-signature"])).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(() =>
      emulator.registerApp({
        accountId: DEMO.accountId,
        clientId: "x",
        clientSecret: "y",
        capabilities: {
          webhooks: { "cqm.ExConversationChangeNotification": { endpoint: "https://example.com/hook" } },
        },
      }),
    ).toThrow(/loopback/);
  });
});
