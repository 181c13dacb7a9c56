// The README's two examples, verbatim apart from the import paths: the Send API one against a stub
// `fetch` that answers like LivePerson, the receiver one on a real node:http server on loopback.
// If this file changes, change the README too (the last test compares them).
import { once } from "node:events";
import { readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { afterAll, expect, it, vi } from "vitest";
import {
  ACCOUNT,
  agentText,
  CLIENT,
  CONVERSATION,
  messaging,
  nodeSignature,
  SECRET,
} from "./test-support/webhooks.js";

process.env.LP_ACCOUNT_ID = ACCOUNT;
process.env.LP_CLIENT_ID = CLIENT;
process.env.LP_CLIENT_SECRET = SECRET;
const { isLpkitError } = await import("@lpkit/core");
const { createServer } = await import("node:http");
const {
  conversationBatch,
  createConversationInit,
  createWebhookReceiver,
  parseConversationAnswer,
  parseSendAnswer,
  publishText,
  sendRequestInit,
  toNodeListener,
} = await import("./index.js");

// --- README example: send ------------------------------------------------------------------------
// host: the Domain API's "asyncMessagingEnt"; appJwt: Sentinel; consumerJws: @lpkit/idp.
async function sayHello(host: string, accountId: string, appJwt: string, consumerJws: string) {
  const credentials = { authorization: appJwt, "x-lp-on-behalf": consumerJws }; // both raw, no "Bearer "
  const url = `https://${host}/api/account/${encodeURIComponent(accountId)}/messaging/consumer/conversation`;

  const batch = conversationBatch({ request: { brandId: accountId } }); // SetUserProfile, then the request
  const create = createConversationInit({ accountId, batch });
  const created = await fetch(`${url}?v=3`, {
    method: create.method,
    headers: { ...create.headers, ...credentials },
    body: JSON.stringify(create.body),
  });
  let conversationId: string;
  try {
    ({ conversationId } = parseConversationAnswer(
      { status: created.status, text: await created.text() },
      batch,
    ));
  } catch (err) {
    if (isLpkitError(err) && err.code === "ERR_CONVERSATION_ALREADY_OPEN") {
      return undefined; // one open conversation per consumer: use the one you stored
    }
    throw err; // e.g. ERR_APP_JWT_REJECTED: get a new AppJWT and try once more
  }

  const send = sendRequestInit({
    accountId,
    request: publishText({ conversationId, text: "Hello from lpkit" }),
  });
  const sent = await fetch(`${url}/send?v=3`, {
    method: send.method,
    headers: { ...send.headers, ...credentials },
    body: send.serialized, // checked: at most 5,000 characters
  });
  const answer = parseSendAnswer({ status: sent.status, text: await sent.text() }, send.body);
  return { conversationId, sequence: answer.body?.sequence };
}
// --- end of README example: send -----------------------------------------------------------------

// --- README example: receive ---------------------------------------------------------------------
const myConversations = new Set<string>(); // the ids your connector opened
const receiver = createWebhookReceiver({
  accountId: process.env.LP_ACCOUNT_ID ?? "12345678",
  clientId: process.env.LP_CLIENT_ID ?? "",
  clientSecret: process.env.LP_CLIENT_SECRET ?? "",
  isOwnConversation: (conversationId) => myConversations.has(conversationId), // deliveries are account-wide
  onContent: async ({ conversationId, change }) => {
    if (change.event.contentType === "text/plain") {
      console.log(`agent in ${conversationId}: ${String(change.event.message)}`);
    }
  },
  onChatState: ({ change }) => console.log(`agent is ${change.event.chatState}`),
  onConversationChange: ({ conversationId, change }) => {
    if (change.result.conversationDetails?.stage === "CLOSE") {
      myConversations.delete(conversationId);
    }
  },
  onRefused: (error) => console.warn(`webhook refused: ${error.status} ${error.code}`),
  onError: (error) => console.error("webhook callback failed:", error),
});
const server = createServer(toNodeListener(receiver)); // behind your TLS terminator
// --- end of README example: receive --------------------------------------------------------------

afterAll(() => {
  server.closeAllConnections();
  server.close();
  vi.unstubAllGlobals();
});

function liveperson(alreadyOpen: boolean) {
  const seen: Request[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const request = new Request(url, init);
    seen.push(request.clone());
    const body = await request.json();
    if (url.endsWith("/conversation?v=3")) {
      const [profile, conversation] = body as { id: string }[];
      const second = alreadyOpen
        ? {
            code: "BAD_REQUEST",
            body: { msg: "The consumer already has an open conversation" },
            reqId: conversation?.id,
          }
        : { code: "OK", body: { conversationId: CONVERSATION }, reqId: conversation?.id };
      return Response.json(
        [{ code: "OK", body: { msg: "OK User Profile set successfully" }, reqId: profile?.id }, second],
        {
          status: alreadyOpen ? 400 : 200,
        },
      );
    }
    return Response.json({ code: "OK", body: { sequence: 0 }, reqId: (body as { id: string }).id });
  });
  return seen;
}

it("send: creates the conversation and sends the text with both raw tokens", async () => {
  const seen = liveperson(false);
  expect(await sayHello("va.msg.liveperson.net", ACCOUNT, "app.jwt.raw", "consumer.jws.raw")).toEqual({
    conversationId: CONVERSATION,
    sequence: 0,
  });
  expect(seen.map((r) => r.url)).toEqual([
    `https://va.msg.liveperson.net/api/account/${ACCOUNT}/messaging/consumer/conversation?v=3`,
    `https://va.msg.liveperson.net/api/account/${ACCOUNT}/messaging/consumer/conversation/send?v=3`,
  ]);
  for (const request of seen) {
    expect(request.headers.get("authorization")).toBe("app.jwt.raw");
    expect(request.headers.get("x-lp-on-behalf")).toBe("consumer.jws.raw");
  }
  expect(await seen[1]?.json()).toMatchObject({
    type: "ms.PublishEvent",
    body: { event: { message: "Hello from lpkit" } },
  });
});

it("send: stops at an already open conversation", async () => {
  liveperson(true);
  expect(await sayHello("va.msg.liveperson.net", ACCOUNT, "a.b.c", "d.e.f")).toBeUndefined();
});

it("receive: logs the agent's message from a signed delivery for one of your conversations", async () => {
  vi.unstubAllGlobals();
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  myConversations.add(CONVERSATION);
  const post = (body: string, secret = SECRET) =>
    fetch(url, {
      method: "POST",
      body,
      headers: {
        "x-liveperson-account-id": ACCOUNT,
        "x-liveperson-client-id": CLIENT,
        "x-liveperson-signature": nodeSignature(body, secret),
      },
    });
  expect((await post(messaging([agentText(1, "Hi, how can I help?")]))).status).toBe(200);
  expect((await post(messaging([agentText(1, "not yours", "someone-else")]))).status).toBe(200);
  expect(await post(messaging([agentText(2, "forged")]), "guess")).toMatchObject({ status: 401 });
  await receiver.idle();
  expect(log.mock.calls).toEqual([[`agent in ${CONVERSATION}: Hi, how can I help?`]]);
  expect(warn.mock.calls).toEqual([["webhook refused: 401 ERR_WEBHOOK_SIGNATURE"]]);
});

it("is the README's code, verbatim apart from the import paths", () => {
  const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
  const self = readFileSync(new URL(import.meta.url), "utf8");
  const normal = (code: string) =>
    code
      .replace(/^import [\s\S]*? from "[^"]+";$/gm, "")
      .replace(/^export /gm, "")
      .replace(/,(\s*[)\]}])/g, "$1")
      .replace(/\s+/g, "");
  for (const name of ["send", "receive"]) {
    const heading = name === "send" ? "## Example: open a conversation" : "## Example: receive webhooks";
    const block =
      new RegExp(`${heading}[^\\n]*\\n[\\s\\S]*?\`\`\`ts\\n([\\s\\S]*?)\`\`\``).exec(readme)?.[1] ?? "";
    const marker = `// --- README example: ${name} -+\\n([\\s\\S]*?)// --- end of README example: ${name}`;
    const code = new RegExp(marker).exec(self)?.[1] ?? "";
    expect(normal(code).length, name).toBeGreaterThan(400);
    expect(normal(code)).not.toContain("vi.");
    expect(normal(block), name).toBe(normal(code));
  }
});
