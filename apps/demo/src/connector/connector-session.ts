/**
 * What the connector walk-through talks to. Offline: an embedded emulator with a Connector app
 * installation (scope `msg.consumer`, a random secret, every webhook subscribed to a receiver on
 * loopback). Live: LivePerson's hosts with `LP_ACCOUNT_ID`, `LP_CLIENT_ID`, `LP_CLIENT_SECRET` and
 * `LP_EXT_CONSUMER_ID`; the receiver listens only when `LP_WEBHOOK_PORT` is set (expose it through
 * HTTPS and register it as the app's webhook endpoint). Every request goes through one counting
 * `fetch` that records which API it went to and whether `Authorization` carried a `Bearer ` prefix —
 * never a header value or a body.
 *
 * @module
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  createLivePersonConnector,
  type LivePersonConnector,
  type LivePersonConnectorOptions,
} from "@lpkit/auth";
import { toNodeListener, type WebhookReceiver } from "@lpkit/connector";
import type { FetchLike } from "@lpkit/core";
import { CONSUMER_SCOPE, createEmulator, DEMO, type Emulator } from "@lpkit/emulator";
import type { Env } from "../config.js";
import { LIVEPERSON_DOMAIN_API } from "../session/target.js";
import { type ConnectorRequests, countingFetch } from "./connector-requests.js";

export { type ConnectorApi, type ConnectorRequests, connectorApiOf } from "./connector-requests.js";

/**
 * One opened walk-through session.
 *
 * @example
 * ```ts
 * const session = await openConnectorSession(env, "emulator", { onContent: (e) => … });
 * try { await session.connector.sendText(session.extConsumerId, "Hi"); } finally { await session.close(); }
 * ```
 */
export interface ConnectorSession {
  readonly mode: "emulator" | "live";
  readonly accountId: string;
  readonly clientId: string;
  readonly extConsumerId: string;
  readonly domainApi: string;
  readonly connector: LivePersonConnector;
  /** The receiver behind the loopback webhook endpoint; `undefined` live without `LP_WEBHOOK_PORT`. */
  readonly receiver: WebhookReceiver | undefined;
  /** Where the receiver listens. */
  readonly webhookUrl: string | undefined;
  readonly requests: ConnectorRequests;
  /** The emulator, offline only. */
  readonly emulator: Emulator | undefined;
  /** Values that must never be printed. */
  readonly secrets: readonly string[];
  close(): Promise<void>;
}

/** The consumer the offline walk-through acts for. */
export const OFFLINE_CONSUMER = "lpkit-demo-consumer-1";

async function listen(
  receiver: WebhookReceiver,
  port: number,
): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(toNodeListener(receiver));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${address.port}/lpkit-demo/webhooks`, server };
}

function stop(server: http.Server | undefined): Promise<void> {
  if (server === undefined) {
    return Promise.resolve();
  }
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** What the session's webhook receiver hands on. */
export type ReceiverHandlers = Parameters<LivePersonConnector["webhookReceiver"]>[0];

/**
 * The live settings, or the names of the variables that are missing or malformed.
 *
 * @example
 * ```ts
 * const { settings, problems } = readLiveConnectorSettings(process.env);
 * ```
 */
export function readLiveConnectorSettings(env: Env): {
  settings?: {
    accountId: string;
    clientId: string;
    clientSecret: string;
    extConsumerId: string;
    webhookPort?: number;
  };
  problems: string[];
} {
  const problems: string[] = [];
  const need = (name: string) => {
    const value = env[name]?.trim();
    if (value === undefined || value === "") {
      problems.push(`${name}: not set`);
    }
    return value ?? "";
  };
  const accountId = need("LP_ACCOUNT_ID");
  const clientId = need("LP_CLIENT_ID");
  const clientSecret = env.LP_CLIENT_SECRET ?? "";
  if (clientSecret === "") {
    problems.push("LP_CLIENT_SECRET: not set");
  }
  const extConsumerId = need("LP_EXT_CONSUMER_ID");
  const portText = env.LP_WEBHOOK_PORT?.trim();
  const webhookPort = portText === undefined || portText === "" ? undefined : Number(portText);
  if (
    webhookPort !== undefined &&
    !(Number.isInteger(webhookPort) && webhookPort > 0 && webhookPort < 65_536)
  ) {
    problems.push("LP_WEBHOOK_PORT: expected a port number (1-65535)");
  }
  if (problems.length > 0) {
    return { problems };
  }
  return {
    settings: { accountId, clientId, clientSecret, extConsumerId, ...(webhookPort ? { webhookPort } : {}) },
    problems,
  };
}

type Common = Pick<LivePersonConnectorOptions, "logger">;

/**
 * Opens the session: offline, the emulator and its app; live, LivePerson's hosts.
 *
 * @example
 * ```ts
 * const session = await openConnectorSession(process.env, "emulator", { onContent: (e) => console.log(e.change.event.message) });
 * ```
 */
export async function openConnectorSession(
  env: Env,
  mode: "emulator" | "live",
  handlers: ReceiverHandlers,
  common: Common = {},
): Promise<ConnectorSession> {
  if (mode === "live") {
    return openLive(env, handlers, common);
  }
  const clientSecret = `demo-${crypto.randomUUID()}`;
  const clientId = crypto.randomUUID();
  const emulator = createEmulator({ demo: true });
  await emulator.start();
  const { fetch, requests } = countingFetch(emulator.fetch);
  const connector = createLivePersonConnector({
    accountId: DEMO.accountId,
    clientId,
    clientSecret,
    domainApi: { baseUrl: emulator.domainApiUrl },
    fetch,
    ...common,
  });
  const receiver = connector.webhookReceiver(handlers);
  let server: http.Server | undefined;
  try {
    const listening = await listen(receiver, 0);
    server = listening.server;
    const url = listening.url;
    emulator.registerApp({
      accountId: DEMO.accountId,
      clientId,
      clientSecret,
      scope: CONSUMER_SCOPE,
      capabilities: {
        webhooks: {
          "ms.MessagingEventNotification.ContentEvent": { endpoint: url },
          "ms.MessagingEventNotification.ChatStateEvent": { endpoint: url },
          "ms.MessagingEventNotification.AcceptStatusEvent": { endpoint: url },
          "cqm.ExConversationChangeNotification": { endpoint: url },
        },
      },
    });
    return {
      mode: "emulator",
      accountId: DEMO.accountId,
      clientId,
      extConsumerId: OFFLINE_CONSUMER,
      domainApi: emulator.domainApiUrl,
      connector,
      receiver,
      webhookUrl: url,
      requests,
      emulator,
      secrets: [clientSecret],
      async close() {
        connector.dispose();
        await receiver.close();
        await stop(server);
        await emulator.stop();
      },
    };
  } catch (error) {
    connector.dispose();
    await stop(server);
    await emulator.stop();
    throw error;
  }
}

async function openLive(env: Env, handlers: ReceiverHandlers, common: Common): Promise<ConnectorSession> {
  const { settings } = readLiveConnectorSettings(env);
  if (settings === undefined) {
    throw new TypeError("openConnectorSession: the live settings are incomplete");
  }
  const domainApi = env.LP_DOMAIN_API?.trim() || LIVEPERSON_DOMAIN_API;
  const base: FetchLike = (request) => globalThis.fetch(request);
  const { fetch, requests } = countingFetch(base);
  const connector = createLivePersonConnector({
    accountId: settings.accountId,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    domainApi: { baseUrl: domainApi },
    fetch,
    ...common,
  });
  let receiver: WebhookReceiver | undefined;
  let server: http.Server | undefined;
  let webhookUrl: string | undefined;
  if (settings.webhookPort !== undefined) {
    receiver = connector.webhookReceiver(handlers);
    try {
      ({ server, url: webhookUrl } = await listen(receiver, settings.webhookPort));
    } catch (error) {
      connector.dispose();
      throw error;
    }
  }
  return {
    mode: "live",
    accountId: settings.accountId,
    clientId: settings.clientId,
    extConsumerId: settings.extConsumerId,
    domainApi,
    connector,
    receiver,
    webhookUrl,
    requests,
    emulator: undefined,
    secrets: [settings.clientSecret],
    async close() {
      connector.dispose();
      await receiver?.close();
      await stop(server);
    },
  };
}
