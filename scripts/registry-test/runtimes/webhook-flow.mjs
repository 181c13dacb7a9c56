// The webhook half of the runtime matrix: the published @lpkit/connector's receiver, built with the
// public API inside the runtime (Bun, Deno, workerd, Chromium) with web-standard APIs only — no
// `process`, no `node:` import. Deliveries are signed by the runtime's own WebCrypto (an HMAC of
// this file's, not lpkit's), which must first reproduce one of LivePerson's published signatures,
// then handed to `receiver.handle(request)` as web `Request`s. Checked: each notification type
// reaches its typed callback, a duplicate is handed once, an emoji body verifies, every refusal
// has its documented status and typed error, and no secret appears in anything printed.
// Resolves a summary or throws an Error naming the step that failed.
import { createWebhookReceiver, signWebhookBody } from "@lpkit/connector";

/** LivePerson's own vector: the ChatStateEvent delivery of its Connector API sample app's tests. */
const LIVEPERSON = {
  secret: "rl9hacst6kqilbofup64n11ga3",
  accountId: "42257269",
  clientId: "81fad476-88af-4d08-bc0e-20bc69439ed4",
  body: '{"kind":"notification","body":{"changes":[{"originatorId":"2969e404f3be1c8cdda63f0b72d205ab5afb3fe3e3d7d72ab58245f564fdfd91","originatorMetadata":{"id":"2969e404f3be1c8cdda63f0b72d205ab5afb3fe3e3d7d72ab58245f564fdfd91","role":"CONSUMER"},"event":{"type":"ChatStateEvent","chatState":"PAUSE"},"conversationId":"b8b83fe9-75f0-46f2-baaa-2930f7192cfb","dialogId":"b8b83fe9-75f0-46f2-baaa-2930f7192cfb"}]},"type":"ms.MessagingEventNotification"}',
  signature: "sha1=e/TfS0wv1HbvEsMqcBMmFLcMslI=",
};

const encoder = new TextEncoder();

function check(condition, what) {
  if (!condition) {
    throw new Error(`check failed: ${what}`);
  }
}

/** The runtime's own HMAC-SHA1 over the UTF-8 bytes, Base64, as LivePerson writes it. */
async function runtimeSignature(body, secret) {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-1" },
    false,
    ["sign"],
  );
  const digest = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(body)));
  let binary = "";
  for (const byte of digest) {
    binary += String.fromCharCode(byte);
  }
  return `sha1=${btoa(binary)}`;
}

function messaging(conversationId, change) {
  return JSON.stringify({
    kind: "notification",
    type: "ms.MessagingEventNotification",
    body: {
      sentTs: 1767225600000,
      changes: [
        {
          originatorId: "agent-7",
          originatorMetadata: { id: "agent-7", role: "ASSIGNED_AGENT" },
          conversationId,
          dialogId: conversationId,
          messageAudience: "ALL",
          ...change,
        },
      ],
    },
  });
}

function conversationChange(conversationId, state, updated) {
  return JSON.stringify({
    kind: "notification",
    type: "cqm.ExConversationChangeNotification",
    body: {
      sentTs: updated,
      changes: [
        {
          type: "UPSERT",
          result: {
            convId: conversationId,
            conversationDetails: {
              state,
              stage: state,
              metaDataLastUpdateTs: updated,
              participants: [],
              dialogs: [],
            },
          },
        },
      ],
    },
  });
}

/**
 * @returns {Promise<{ ok: true, handed: Record<string, number>, refused: Record<string, number> }>}
 */
export async function runWebhookFlow() {
  let step = "LivePerson's vector";
  const printed = [];
  const secret = `rt-${crypto.randomUUID()}-${crypto.randomUUID()}`;
  try {
    check(
      (await runtimeSignature(LIVEPERSON.body, LIVEPERSON.secret)) === LIVEPERSON.signature,
      "the runtime's HMAC reproduces LivePerson's signature",
    );
    const states = [];
    const vectorReceiver = createWebhookReceiver({
      accountId: LIVEPERSON.accountId,
      clientId: LIVEPERSON.clientId,
      clientSecret: LIVEPERSON.secret,
      includeConsumerEvents: true,
      onChatState: (event) => {
        states.push(event.change.event.chatState);
      },
    });
    const vectorAnswer = await vectorReceiver.handle(
      new Request("https://connector.test/lp", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-liveperson-account-id": LIVEPERSON.accountId,
          "x-liveperson-client-id": LIVEPERSON.clientId,
          "x-liveperson-signature": LIVEPERSON.signature,
        },
        body: LIVEPERSON.body,
      }),
    );
    await vectorReceiver.idle();
    check(vectorAnswer.status === 200, `LivePerson's delivery answered ${vectorAnswer.status}`);
    check(states.join() === "PAUSE", "LivePerson's ChatStateEvent reached onChatState");

    step = "receiver";
    const accountId = "12345678";
    const clientId = crypto.randomUUID();
    const handed = { content: [], chatState: [], acceptStatus: [], conversationChange: [] };
    const refusals = [];
    const receiver = createWebhookReceiver({
      accountId,
      clientId,
      clientSecret: secret,
      maxBodyBytes: 64 * 1024,
      onContent: (event) => handed.content.push(event.change.event.message),
      onChatState: (event) => handed.chatState.push(event.change.event.chatState),
      onAcceptStatus: (event) => handed.acceptStatus.push(event.change.event.status),
      onConversationChange: (event) =>
        handed.conversationChange.push(event.change.result.conversationDetails.state),
      onRefused: (error) => refusals.push(error),
    });
    const deliver = async (body, { sign = secret, headers = {}, drop } = {}) => {
      const all = {
        "content-type": "application/json",
        "x-liveperson-account-id": accountId,
        "x-liveperson-client-id": clientId,
        "x-liveperson-signature": await runtimeSignature(body, sign),
        ...headers,
      };
      if (drop) {
        delete all[drop];
      }
      const response = await receiver.handle(
        new Request("https://connector.test/lp", { method: "POST", headers: all, body }),
      );
      printed.push(await response.text());
      return response.status;
    };

    step = "typed deliveries";
    const conversationId = crypto.randomUUID();
    const emoji = "Grüße 😀 — 你好 ✓";
    const content = messaging(conversationId, {
      sequence: 1,
      serverTimestamp: 1767225600000,
      event: { type: "ContentEvent", contentType: "text/plain", message: emoji },
    });
    check(
      (await signWebhookBody(content, secret)) === (await runtimeSignature(content, secret)),
      "lpkit signs as the runtime does",
    );
    check((await deliver(content)) === 200, "ContentEvent (emoji) accepted");
    check(
      (await deliver(
        messaging(conversationId, { event: { type: "ChatStateEvent", chatState: "COMPOSING" } }),
      )) === 200,
      "ChatStateEvent accepted",
    );
    check(
      (await deliver(
        messaging(conversationId, {
          sequence: 2,
          serverTimestamp: 1767225600001,
          event: { type: "AcceptStatusEvent", status: "ACCEPT", sequenceList: [0] },
        }),
      )) === 200,
      "AcceptStatusEvent accepted",
    );
    check(
      (await deliver(conversationChange(conversationId, "OPEN", 1767225600002))) === 200,
      "change accepted",
    );

    step = "duplicate";
    check((await deliver(content)) === 200, "a duplicate is answered 200 (LivePerson must not retry it)");

    step = "refusals";
    check((await deliver(content, { sign: `${secret}-other` })) === 401, "a wrong signature → 401");
    check((await deliver(content, { drop: "x-liveperson-signature" })) === 400, "no signature header → 400");
    check(
      (await deliver(content, { headers: { "x-liveperson-account-id": "87654321" } })) === 403,
      "another account → 403",
    );
    const big = messaging(conversationId, {
      sequence: 3,
      serverTimestamp: 1767225600003,
      event: { type: "ContentEvent", contentType: "text/plain", message: "x".repeat(100 * 1024) },
    });
    check((await deliver(big)) === 413, "a body over maxBodyBytes → 413");
    await receiver.idle();

    step = "what the callbacks got";
    check(JSON.stringify(handed.content) === JSON.stringify([emoji]), "the emoji text handed once, intact");
    check(handed.chatState.join() === "COMPOSING", "onChatState");
    check(handed.acceptStatus.join() === "ACCEPT", "onAcceptStatus");
    check(handed.conversationChange.join() === "OPEN", "onConversationChange");
    const codes = refusals.map((error) => `${error.name}:${error.code}:${error.status}`);
    check(
      codes.join() ===
        [
          "WebhookSignatureError:ERR_WEBHOOK_SIGNATURE:401",
          "WebhookHeaderError:ERR_WEBHOOK_HEADER:400",
          "WebhookOriginError:ERR_WEBHOOK_ORIGIN:403",
          "WebhookBodyTooLargeError:ERR_WEBHOOK_BODY_TOO_LARGE:413",
        ].join(),
      `typed refusals: ${codes.join()}`,
    );
    const stats = receiver.stats();
    check(stats.events.duplicates === 1, "one duplicate dropped");

    step = "no secrets";
    printed.push(
      ...refusals.flatMap((error) => [
        String(error),
        error.message,
        JSON.stringify(error),
        String(error.stack),
      ]),
      JSON.stringify(stats),
      JSON.stringify(receiver),
      String(receiver),
      JSON.stringify(vectorReceiver),
    );
    const text = printed.join("\n");
    check(
      !text.includes(secret.slice(3, 19)) && !text.includes(secret.slice(-16)),
      "the secret is not printed",
    );
    check(!text.includes(LIVEPERSON.secret), "LivePerson's secret is not printed");
    return {
      ok: true,
      handed: Object.fromEntries(Object.entries(handed).map(([kind, list]) => [kind, list.length])),
      refused: stats.refused,
    };
  } catch (error) {
    throw new Error(`webhooks, step "${step}": ${error?.name}: ${error?.message}`);
  }
}
