// The Connector examples of three READMEs — @lpkit/idp's and @lpkit/connector's HTTP clients and
// @lpkit/auth's createLivePersonConnector — verbatim apart from the import paths, run against the
// emulator. They live here because the emulator depends on those packages (their own tests cannot
// import it). If this file changes, change the READMEs too: the last test compares them.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createLivePersonConnector } from "@lpkit/auth";
import { createConnectorClient, publishChatState, publishText, toNodeListener } from "@lpkit/connector";
import { createIdpClient } from "@lpkit/idp";
import { expect, it, vi } from "vitest";
import { CONSUMER_SCOPE, createEmulator, DEMO } from "./index.js";

it("@lpkit/idp: the HTTP client example", async () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  // --- README example: idp ------------------------------------------------------------------------
  const emulator = createEmulator({ demo: true });
  await emulator.start();
  try {
    const idp = createIdpClient({
      baseUrl: emulator.hosts.idp, // the Domain API's "idp" host
      accountId: DEMO.accountId,
      auth: await emulator.mintToken({ accountId: DEMO.accountId, version: "v1", scope: "msg.consumer" }),
      fetch: emulator.fetch,
    });
    const jws = await idp.createConsumerJws("whatsapp-4915112345678");
    console.log(jws); // { token: '[REDACTED]', header: { … }, claims: { account_id, ext_consumer_id, lp_consumer_id } }
  } finally {
    await emulator.stop();
  }
  // --- end of README example: idp
  const printed = log.mock.calls[0]?.[0] as { token: string; claims: Record<string, string> };
  expect(printed.claims).toMatchObject({
    account_id: DEMO.accountId,
    ext_consumer_id: "whatsapp-4915112345678",
  });
  expect(JSON.stringify(printed)).toContain('"token":"[REDACTED]"');
  log.mockRestore();
});

it("@lpkit/connector: the HTTP client example", async () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  // --- README example: connector ------------------------------------------------------------------
  const emulator = createEmulator({ demo: true }); // LivePerson on loopback: Sentinel, IdP, Send API
  await emulator.start();
  try {
    // The AppJWT: in production a Sentinel v1 token (scope msg.consumer), sent raw — no "Bearer ".
    const auth = await emulator.mintToken({
      accountId: DEMO.accountId,
      version: "v1",
      scope: "msg.consumer",
    });
    const shared = { accountId: DEMO.accountId, auth, fetch: emulator.fetch };
    const idp = createIdpClient({ ...shared, baseUrl: emulator.hosts.idp });
    const sendApi = createConnectorClient({ ...shared, baseUrl: emulator.hosts.asyncMessagingEnt });

    const { token: consumerJws } = await idp.createConsumerJws("user-42"); // prints as [REDACTED]
    const { conversationId } = await sendApi.createConversation({}, { consumerJws });
    await sendApi.send(publishChatState({ conversationId, chatState: "COMPOSING" }), { consumerJws });
    const { sequence } = await sendApi.send(publishText({ conversationId, text: "Where is my parcel?" }), {
      consumerJws,
    });
    console.log(`conversation ${conversationId}, message #${sequence}`);
  } finally {
    await emulator.stop();
  }
  // --- end of README example: connector
  expect(log.mock.calls[0]?.[0]).toMatch(/^conversation [0-9a-f-]{36}, message #0$/);
  log.mockRestore();
});

it("@lpkit/auth: the createLivePersonConnector example (a verified webhook round trip)", async () => {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  // --- README example: auth -----------------------------------------------------------------------
  const emulator = createEmulator({ demo: true }); // LivePerson on loopback, with an echo agent
  await emulator.start();
  const connector = createLivePersonConnector({
    accountId: DEMO.accountId,
    clientId: "my-connector",
    clientSecret: "my-connector-secret",
    domainApi: { baseUrl: emulator.domainApiUrl },
    fetch: emulator.fetch,
  });
  let reply: (text: string) => void = () => {};
  const replied = new Promise<string>((resolve) => {
    reply = resolve;
  });
  const receiver = connector.webhookReceiver({
    onContent: (event) => reply(String(event.change.event.message)), // the agent's messages
  });
  const server = http.createServer(toNodeListener(receiver));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  emulator.registerApp({
    accountId: DEMO.accountId,
    clientId: "my-connector",
    clientSecret: "my-connector-secret",
    scope: CONSUMER_SCOPE,
    capabilities: { webhooks: { "ms.MessagingEventNotification.ContentEvent": { endpoint } } },
  });
  try {
    const { conversationId, created } = await connector.sendText("user-42", "Where is my parcel?");
    console.log(conversationId, created); // a new conversation: created is true
    console.log(await replied); // "You said: Where is my parcel?", signed, verified
    await connector.closeConversation("user-42");
    console.log(connector.stats().consumerJws.fetched); // 1
  } finally {
    connector.dispose();
    await receiver.close();
    server.close();
    await emulator.stop();
  }
  // --- end of README example: auth
  expect(log.mock.calls.map((call) => call.at(-1))).toEqual([true, "You said: Where is my parcel?", 1]);
  log.mockRestore();
});

it("is the READMEs' code, verbatim apart from the import paths", () => {
  const self = readFileSync(new URL(import.meta.url), "utf8");
  const normal = (code: string) =>
    code
      .replace(/^\s*import [\s\S]*? from "[^"]+";$/gm, "")
      .replace(/,(\s*[)\]}])/g, "$1")
      .replace(/\s+/g, "");
  const cases = [
    ["idp", "../../idp/README.md", "## Example: the HTTP client, against the emulator"],
    ["connector", "../../connector/README.md", "## Example: the HTTP client, against the emulator"],
    ["auth", "../../auth/README.md", "## The Connector API"],
  ] as const;
  for (const [name, file, heading] of cases) {
    const readme = readFileSync(new URL(file, import.meta.url), "utf8");
    const block = new RegExp(`${heading}\\n[\\s\\S]*?\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1] ?? "";
    const code =
      new RegExp(
        `// --- README example: ${name} -+\\n([\\s\\S]*?)// --- end of README example: ${name}`,
      ).exec(self)?.[1] ?? "";
    expect(normal(code).length, name).toBeGreaterThan(300);
    expect(normal(block), name).toBe(normal(code));
  }
});
