// The request inits are exactly what openapi-fetch sends for them, and carry no credential.
import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import type { paths } from "./generated/connector.js";
import {
  clientPropertiesHeader,
  closeConversation,
  conversationBatch,
  createConversationInit,
  publishText,
  sendRequestInit,
} from "./index.js";
import { spec } from "./test-support/spec.js";

const BASE = "https://va.msg.liveperson.net";
const conversationId = "3f7c1b2a-9d4e-4c5f-8a6b-0e1d2c3b4a59";
const properties = { type: ".ClientProperties", features: ["AUTO_MESSAGES"] };

function recordingClient() {
  const sent: Request[] = [];
  const client = createClient<paths>({
    baseUrl: BASE,
    fetch: async (request: Request) => {
      sent.push(request);
      return new Response("[]", { status: 200, headers: { "content-type": "application/json" } });
    },
  });
  return { client, sent };
}

describe("request inits", () => {
  it("CONVERSATION: the spec's path with v=3, Client-Properties, the batch as the body", async () => {
    const batch = conversationBatch({ request: { brandId: "12345678" } });
    const init = createConversationInit({ accountId: "12345678", batch, clientProperties: properties });
    expect(Object.keys(spec.paths as object)).toContain(init.path);
    const { client, sent } = recordingClient();
    await client.POST(init.path, {
      ...init,
      headers: { ...init.headers, authorization: "a.b.c", "x-lp-on-behalf": "d.e.f" },
    });
    const request = sent[0];
    expect(request?.url).toBe(`${BASE}/api/account/12345678/messaging/consumer/conversation?v=3`);
    expect(request?.headers.get("client-properties")).toBe(
      '{"type":".ClientProperties","features":["AUTO_MESSAGES"]}',
    );
    expect(await request?.json()).toEqual(batch);
    expect(init.headers).toEqual({ "content-type": "application/json" });
  });

  it("SEND: the spec's path with v=3, and `serialized` is the body openapi-fetch sends", async () => {
    const init = sendRequestInit({
      accountId: "le31457780",
      request: publishText({ conversationId, text: "Hi 😀" }),
    });
    expect(Object.keys(spec.paths as object)).toContain(init.path);
    const { client, sent } = recordingClient();
    await client.POST(init.path, { params: init.params, body: init.body, headers: init.headers });
    const request = sent[0];
    expect(request?.url).toBe(`${BASE}/api/account/le31457780/messaging/consumer/conversation/send?v=3`);
    expect(request?.headers.has("client-properties")).toBe(false);
    expect(await request?.text()).toBe(init.serialized);
  });

  it("sends the same Client-Properties value on CONVERSATION and SEND", () => {
    const header = clientPropertiesHeader(properties);
    const a = createConversationInit({
      accountId: "1",
      batch: conversationBatch({ request: { brandId: "1" } }),
      clientProperties: header,
    });
    const b = sendRequestInit({
      accountId: "1",
      request: closeConversation({ conversationId }),
      clientProperties: properties,
    });
    expect(a.params.header?.["Client-Properties"]).toBe(header);
    expect(b.params.header?.["Client-Properties"]).toBe(header);
  });
});
