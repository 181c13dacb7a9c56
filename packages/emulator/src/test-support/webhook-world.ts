/**
 * Test support for webhook deliveries: an emulator per test on a clock that stands still unless the
 * test moves it, the demo connector app subscribed as given, a conversation, and a wait for the
 * agent and the deliveries to finish.
 *
 * @module
 */
import { publishText } from "@lpkit/connector";
import { afterEach } from "vitest";
import { CONSUMER_SCOPE, DEMO } from "../config.js";
import type { EmulatorWebhooks, WebhookSignature } from "../connector/webhook-config.js";
import { createEmulator, type Emulator } from "../emulator.js";
import { connectorClients } from "./connector.js";

/** Cleanups run after each test. */
export const stops: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(stops.splice(0).map((stop) => stop()));
});

/** An emulator whose clock stands still unless a test moves it (retries are due exactly when expected). */
export async function started(
  webhooks: EmulatorWebhooks,
  extra: Parameters<typeof createEmulator>[0] = {},
  webhookSignature?: WebhookSignature,
) {
  const frozen = Date.UTC(2026, 0, 1);
  const emulator = createEmulator({ now: () => frozen, ...extra });
  await emulator.start();
  stops.push(() => emulator.stop());
  emulator.registerApp({
    accountId: DEMO.accountId,
    clientId: DEMO.connectorClientId,
    clientSecret: DEMO.connectorClientSecret,
    scope: CONSUMER_SCOPE,
    capabilities: { webhooks },
    webhookSignature,
  });
  return emulator;
}

/** A consumer with an open conversation, and a way to send texts into it. */
export async function conversation(emulator: Emulator, ext = "hook-1") {
  const { idp, sendApi } = await connectorClients(emulator);
  const call = { consumerJws: (await idp.createConsumerJws(ext)).token };
  const { conversationId } = await sendApi.createConversation({}, call);
  const say = (text: string) => sendApi.send(publishText({ conversationId, text }), call);
  return { conversationId, say };
}

/** Lets the agent (run after each SEND) and the deliveries finish. */
export async function quiet(emulator: Emulator): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await emulator.connector.webhooksIdle();
  }
}

/** What each delivery carries: `cqm <state>` or the messaging event's type. */
export const kinds = (received: { json: { type: string; body: { changes: Record<string, unknown>[] } } }[]) =>
  received.map(({ json }) => {
    const change = json.body.changes[0] as {
      event?: { type: string };
      result?: { conversationDetails: { state: string } };
    };
    return json.type === "cqm.ExConversationChangeNotification"
      ? `cqm ${change.result?.conversationDetails.state}`
      : String(change.event?.type);
  });
