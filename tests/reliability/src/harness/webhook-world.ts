/**
 * The webhooks' fault-matrix and soak harness: per scenario an emulator of its own on a virtual
 * clock (retries run when the test moves it; nothing really waits), a connector app with a random
 * secret subscribed to every event type at a loopback HTTP server, and behind that server lpkit's
 * receiver (`createWebhookReceiver` + `toNodeListener`) as an application wires it. A gate in front
 * of the receiver can fail deliveries on purpose (a 5xx before the receiver sees them, or no answer
 * at all after the receiver accepted them). Every handed event, refusal and callback error is
 * recorded; a leak check runs over all of it and over the receiver itself.
 *
 * @module
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLivePersonConnector } from "@lpkit/auth";
import {
  createWebhookReceiver,
  signWebhookBody,
  toNodeListener,
  type WebhookEvent,
  type WebhookReceiver,
  type WebhookReceiverOptions,
} from "@lpkit/connector";
import type { WebhookError } from "@lpkit/core";
import { CONSUMER_SCOPE, createEmulator, DEMO, type Emulator } from "@lpkit/emulator";
import { createLeakCheck, type LeakCheck } from "./leak-check.js";
import { createVirtualClock, type VirtualClock } from "./virtual-clock.js";
import { tokensInBody } from "./world-base.js";

/** The emulator's `capabilities.webhooks` map (as `registerApp` takes it). */
export type WebhooksConfig = NonNullable<
  NonNullable<Parameters<Emulator["registerApp"]>[0]["capabilities"]>["webhooks"]
>;

/** What the gate does with the n-th delivery: hand it to the receiver, answer a status itself, or hang. */
export type GateAnswer = "pass" | number | "hang-before" | "hang-after";

/** One event a callback got, with the callback's name. */
export interface Handed {
  readonly callback: string;
  readonly event: WebhookEvent;
}

/** One scenario's view. */
export interface WebhookWorld {
  readonly emulator: Emulator;
  readonly clock: VirtualClock;
  readonly receiver: WebhookReceiver;
  readonly app: { readonly accountId: string; readonly clientId: string; readonly clientSecret: string };
  /** The loopback URL the emulator delivers to (also for hand-made deliveries). */
  readonly url: string;
  readonly handed: Handed[];
  readonly refusals: WebhookError[];
  readonly errors: unknown[];
  readonly leaks: LeakCheck;
  /** Deliveries that reached the gate. */
  gateCount(): number;
  /** Opens a conversation for `ext` through the Send API; resolves its id. */
  conversation(ext: string): Promise<string>;
  /** Lets the agent, the deliveries and the callbacks finish (retries waiting for the clock excepted). */
  quiet(): Promise<void>;
  /** Moves the clock by `ms` (due retries run) and waits for quiet. */
  advance(ms: number): Promise<void>;
  /** POSTs a hand-made delivery over loopback; resolves the status. */
  post(body: string | Uint8Array, headers: Record<string, string>): Promise<number>;
  /** The three `x-liveperson-*` headers of this app, signed with `secret` (the app's by default). */
  headers(body: string | Uint8Array, secret?: string): Promise<Record<string, string>>;
  /** Stops everything, then fails if a secret or token appeared in anything observed. */
  stop(): Promise<void>;
}

/** How a scenario is wired. */
export interface WebhookWorldOptions {
  /** The app's `capabilities.webhooks` beyond the endpoints (e.g. `retry`), or per-type `max_retries`. */
  maxRetries?: number | undefined;
  retentionSeconds?: number | undefined;
  /** Receiver options over the defaults (the app's account, client and secret; the virtual clock). */
  receiver?: Partial<WebhookReceiverOptions> | undefined;
  /** The gate: what to do with the n-th delivery (1-based), given its headers. */
  gate?: ((n: number, headers: http.IncomingHttpHeaders) => GateAnswer) | undefined;
  /** Attempt time limit of the emulator, ms (default 5 s; it applies to answered deliveries too, so never short). */
  webhookTimeoutMs?: number | undefined;
}

const EVENT_TYPES = [
  "ms.MessagingEventNotification.ContentEvent",
  "ms.MessagingEventNotification.RichContentEvent",
  "ms.MessagingEventNotification.AcceptStatusEvent",
  "ms.MessagingEventNotification.ChatStateEvent",
  "cqm.ExConversationChangeNotification",
] as const;

const CALLBACKS = [
  "onContent",
  "onRichContent",
  "onChatState",
  "onAcceptStatus",
  "onConversationChange",
  "onUnknown",
] as const;

/** A random secret without words that file paths or stack traces share. */
export const randomSecret = () => `Wh-${crypto.randomUUID().replaceAll("-", "")}-Kq`;

/**
 * Starts a world: emulator, app, receiver, loopback server.
 *
 * @example
 * ```ts
 * const w = await webhookWorld({ retentionSeconds: 3_600 });
 * ```
 */
export async function webhookWorld(options: WebhookWorldOptions = {}): Promise<WebhookWorld> {
  const clock = createVirtualClock();
  const app = { accountId: DEMO.accountId, clientId: crypto.randomUUID(), clientSecret: randomSecret() };
  const leaks = createLeakCheck([app.clientSecret]);
  leaks.addPublic(app.clientId);
  leaks.addPublic(DEMO.accountId);
  const handed: Handed[] = [];
  const refusals: WebhookError[] = [];
  const errors: unknown[] = [];
  const callbacks = Object.fromEntries(
    CALLBACKS.map((name) => [name, (event: WebhookEvent) => void handed.push({ callback: name, event })]),
  );
  const receiver = createWebhookReceiver({
    accountId: app.accountId,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    now: clock.now,
    ...callbacks,
    onRefused: (error) => {
      refusals.push(error);
      leaks.observe("refusal", error);
    },
    onError: (error, event) => {
      errors.push(error);
      leaks.observe("callback error", error);
      leaks.observe("callback error event", event);
    },
    ...options.receiver,
  });
  const listener = toNodeListener(receiver);
  const gate = options.gate ?? (() => "pass");
  let gated = 0;
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    gated += 1;
    const answer = gate(gated, req.headers);
    if (answer === "pass") {
      listener(req, res);
    } else if (answer === "hang-before") {
      req.resume();
      hanging.add(res);
    } else if (answer === "hang-after") {
      // The receiver takes the delivery; the answer never reaches LivePerson, which sends it again.
      hanging.add(res);
      listener(req, { writeHead: () => undefined, end: () => undefined, headersSent: false });
    } else {
      req.resume();
      req.on("end", () => res.writeHead(answer).end("failing on purpose"));
    }
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lp/webhooks`;
  const endpoint = {
    endpoint: url,
    ...(options.maxRetries === undefined ? {} : { max_retries: options.maxRetries }),
  };
  const webhooks: WebhooksConfig = Object.fromEntries(EVENT_TYPES.map((type) => [type, endpoint]));
  if (options.retentionSeconds !== undefined) {
    webhooks.retry = { retention_time: options.retentionSeconds };
  }
  const emulator = createEmulator({
    demo: true,
    now: clock.now,
    webhookTimeoutMs: options.webhookTimeoutMs ?? 5_000,
    onExchange(exchange) {
      for (const token of tokensInBody(exchange.response?.body, ["access_token", "token"])) {
        leaks.addSecret(token);
      }
    },
  });
  await emulator.start();
  emulator.registerApp({ ...app, scope: CONSUMER_SCOPE, capabilities: { webhooks } });
  emulator.connector.setAgent(() => {}); // the scenario acts as the agent
  const connector = createLivePersonConnector({
    ...app,
    domainApi: { baseUrl: emulator.domainApiUrl },
    fetch: (request) => emulator.fetch(request),
    now: clock.now,
    sleep: async () => {},
    random: () => 0.5,
  });
  const quiet = async () => {
    for (let i = 0; i < 3; i++) {
      await new Promise((resolve) => setImmediate(resolve));
      await emulator.connector.webhooksIdle();
      await receiver.idle();
    }
  };
  const headers = async (body: string | Uint8Array, secret = app.clientSecret) => ({
    "content-type": "application/json",
    "x-liveperson-account-id": app.accountId,
    "x-liveperson-client-id": app.clientId,
    "x-liveperson-signature": await signWebhookBody(body, secret),
  });
  return {
    emulator,
    clock,
    receiver,
    app,
    url,
    handed,
    refusals,
    errors,
    leaks,
    gateCount: () => gated,
    async conversation(ext) {
      const sent = await connector.sendText(ext, `hello from ${ext}`);
      return sent.conversationId;
    },
    quiet,
    async advance(ms) {
      clock.advance(ms);
      emulator.clock.set(clock.now());
      await quiet();
    },
    async post(body, extra) {
      const response = await fetch(url, { method: "POST", headers: extra, body: body as BodyInit });
      await response.arrayBuffer();
      return response.status;
    },
    headers,
    async stop() {
      connector.dispose();
      for (const res of hanging) {
        res.destroy();
      }
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await receiver.close();
      await emulator.stop();
      leaks.observe("receiver", receiver);
      leaks.observe("receiver stats", receiver.stats());
      leaks.observe("emulator webhook stats", emulator.stats().connector.webhooks);
      const findings = leaks.findings();
      if (findings.length > 0) {
        throw new Error(`secret leaked: ${findings.join("; ")}`);
      }
    },
  };
}

/** Handed events that carry a dedupe identity, as `kind conversation sequence/updated` strings. */
export function identities(handed: readonly Handed[]): string[] {
  return handed.flatMap(({ event }) => {
    const change = (event as { change: Record<string, unknown> }).change;
    if (event.kind === "conversationChange") {
      const details = (change.result as { conversationDetails?: { metaDataLastUpdateTs?: number } })
        .conversationDetails;
      return [`c ${event.conversationId} ${details?.metaDataLastUpdateTs}`];
    }
    if (typeof change.sequence === "number") {
      const status = (change.event as { status?: string } | undefined)?.status ?? "";
      return [`${event.kind} ${event.conversationId} ${change.sequence} ${status}`];
    }
    return [];
  });
}
