/**
 * Test support for the Connector API: an AppJWT of the demo connector app, lpkit's IdP and Send API
 * clients on the emulator, and a recording webhook endpoint on loopback.
 *
 * @module
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createConnectorClient } from "@lpkit/connector";
import { createIdpClient } from "@lpkit/idp";
import { DEMO } from "../config.js";
import type { Emulator } from "../emulator.js";
import { requestToken } from "./harness.js";

/** A fresh AppJWT (Sentinel v1) of the demo connector app. */
export async function appJwt(emulator: Emulator): Promise<string> {
  const { body } = await requestToken(
    emulator.url,
    DEMO.accountId,
    { clientId: DEMO.connectorClientId, clientSecret: DEMO.connectorClientSecret },
    "v1",
  );
  return body.access_token as string;
}

/** lpkit's clients on the emulator, authenticated as the demo connector app. */
export async function connectorClients(emulator: Emulator) {
  const token = await appJwt(emulator);
  const shared = { accountId: DEMO.accountId, auth: token, fetch: emulator.fetch, sleep: async () => {} };
  return {
    token,
    idp: createIdpClient({ ...shared, baseUrl: emulator.hosts.idp }),
    sendApi: createConnectorClient({ ...shared, baseUrl: emulator.hosts.asyncMessagingEnt }),
  };
}

/** One delivery the endpoint received. */
export interface Received {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
  readonly json: { type: string; body: { changes: Record<string, unknown>[] } };
}

/**
 * A webhook endpoint: records every delivery, answers `answer(n)` for the n-th (default 200), or
 * never answers when it returns `"hang"`.
 */
export async function webhookEndpoint(answer: (n: number) => number | "hang" = () => 200) {
  const received: Received[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      received.push({ headers: req.headers, body, json: JSON.parse(body) as Received["json"] });
      for (const waiter of [...waiters]) {
        if (received.length >= waiter.count) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
      const status = answer(received.length);
      if (status !== "hang") {
        res.writeHead(status).end("ok");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    received,
    /** Resolves once `count` deliveries arrived in total. */
    arrived: (count: number) =>
      new Promise<void>((resolve) => {
        if (received.length >= count) {
          resolve();
        } else {
          waiters.push({ count, resolve });
        }
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Every event type subscribed at `url`. */
export function allEvents(url: string, extra: { max_retries?: number } = {}) {
  return {
    "ms.MessagingEventNotification.ContentEvent": { endpoint: url, ...extra },
    "ms.MessagingEventNotification.AcceptStatusEvent": { endpoint: url, ...extra },
    "ms.MessagingEventNotification.ChatStateEvent": { endpoint: url, ...extra },
    "cqm.ExConversationChangeNotification": { endpoint: url, ...extra },
  };
}
