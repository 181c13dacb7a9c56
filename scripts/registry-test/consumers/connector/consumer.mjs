// Consumer of @lpkit/connector as installed from the registry: Send API requests and answers, and a
// signed webhook delivery through the receiver (in process, no network).
import assert from "node:assert/strict";
import {
  conversationBatch,
  createWebhookReceiver,
  MAX_SEND_CHARACTERS,
  parseConversationAnswer,
  publishText,
  sendRequestInit,
  signWebhookBody,
} from "@lpkit/connector";

const batch = conversationBatch({ request: { brandId: "12345678" }, ids: { profile: "1", request: "2" } });
const outcome = parseConversationAnswer(
  {
    status: 200,
    text: JSON.stringify([
      { code: "OK", reqId: "1", body: {} },
      { code: "OK", reqId: "2", body: { conversationId: "c-1" } },
    ]),
  },
  batch,
);
assert.equal(outcome.conversationId, "c-1");
assert.throws(
  () =>
    parseConversationAnswer(
      { status: 401, text: '{"kind":"resp","code":401,"body":{"errorCode":40103}}' },
      batch,
    ),
  (error) => error.code === "ERR_CONSUMER_JWS_REJECTED" && error.renew === "consumerJws",
);
const init = sendRequestInit({
  accountId: "12345678",
  request: publishText({ conversationId: "c-1", text: "Hi" }),
});
assert.ok(init.serialized.length <= MAX_SEND_CHARACTERS);
assert.throws(
  () => publishText({ conversationId: "c-1", text: "x".repeat(MAX_SEND_CHARACTERS) }),
  (error) => error.code === "ERR_INVALID_ARGUMENT",
);

const secret = "registry-consumer-secret";
const messages = [];
const receiver = createWebhookReceiver({
  accountId: "12345678",
  clientId: "client-1",
  clientSecret: secret,
  onContent: (event) => void messages.push(event.change.event.message),
});
const body = JSON.stringify({
  kind: "notification",
  type: "ms.MessagingEventNotification",
  body: {
    changes: [
      {
        sequence: 1,
        event: { type: "ContentEvent", contentType: "text/plain", message: "café 😀" },
        dialogId: "c-1",
        conversationId: "c-1",
      },
    ],
  },
});
const headers = {
  "x-liveperson-account-id": "12345678",
  "x-liveperson-client-id": "client-1",
  "x-liveperson-signature": await signWebhookBody(body, secret),
};
assert.equal(
  (await receiver.handle(new Request("https://x/", { method: "POST", headers, body }))).status,
  200,
);
const forged = { ...headers, "x-liveperson-signature": await signWebhookBody(body, "guess") };
assert.equal(
  (await receiver.handle(new Request("https://x/", { method: "POST", headers: forged, body }))).status,
  401,
);
await receiver.idle();
assert.deepEqual(messages, ["café 😀"]);
console.log("consumer ok: @lpkit/connector");
