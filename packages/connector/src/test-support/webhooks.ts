/**
 * Test support for the webhook half: the reference's signature vectors, notification bodies, and
 * signed deliveries as `Request`s.
 *
 * @module
 */
import { createHmac } from "node:crypto";

export const ACCOUNT = "12345678";
export const CLIENT = "5c0ffee0-1111-4222-8333-444455556666";
export const SECRET = "lpkit-test-secret-Zk9q2VbX7mTnW4aR";
export const CONVERSATION = "3f7c1b2a-9d4e-4c5f-8a6b-0e1d2c3b4a59";

/** LivePerson's own vectors: the two deliveries of its Connector API sample app's tests (compact JSON). */
export const LIVEPERSON_VECTORS = {
  secret: "rl9hacst6kqilbofup64n11ga3",
  accountId: "42257269",
  clientId: "81fad476-88af-4d08-bc0e-20bc69439ed4",
  cases: [
    {
      name: "ChatStateEvent",
      body: '{"kind":"notification","body":{"changes":[{"originatorId":"2969e404f3be1c8cdda63f0b72d205ab5afb3fe3e3d7d72ab58245f564fdfd91","originatorMetadata":{"id":"2969e404f3be1c8cdda63f0b72d205ab5afb3fe3e3d7d72ab58245f564fdfd91","role":"CONSUMER"},"event":{"type":"ChatStateEvent","chatState":"PAUSE"},"conversationId":"b8b83fe9-75f0-46f2-baaa-2930f7192cfb","dialogId":"b8b83fe9-75f0-46f2-baaa-2930f7192cfb"}]},"type":"ms.MessagingEventNotification"}',
      signature: "sha1=e/TfS0wv1HbvEsMqcBMmFLcMslI=",
    },
    {
      name: "ExConversationChangeNotification",
      body: '{"kind":"notification","body":{"changes":[{"type":"UPSERT","result":{"convId":"b8b83fe9-75f0-46f2-baaa-2930f7192cfb","effectiveTTR":-1,"conversationDetails":{"skillId":"-1","participants":[{"id":"52e05c00-d5e4-5823-acf7-62570b939a63","role":"CONTROLLER"},{"id":"2969e404f3be1c8cdda63f0b72d205ab5afb3fe3e3d7d72ab58245f564fdfd91","role":"CONSUMER"}],"dialogs":[{"dialogId":"b8b83fe9-75f0-46f2-baaa-2930f7192cfb","participantsDetails":[{"id":"2969e404f3be1c8cdda63f0b72d205ab5afb3fe3e3d7d72ab58245f564fdfd91","role":"CONSUMER"},{"id":"52e05c00-d5e4-5823-acf7-62570b939a63","role":"CONTROLLER"}],"dialogType":"MAIN","channelType":"MESSAGING","state":"CLOSE","creationTs":1545398580042,"endTs":1545399379370,"metaDataLastUpdateTs":1545399379370,"closedBy":"CONSUMER"}],"brandId":"42257269","state":"CLOSE","stage":"CLOSE","closeReason":"CONSUMER","startTs":1545398580042,"endTs":1545399379370,"metaDataLastUpdateTs":1545399379370,"ttr":{"ttrType":"PRIORITIZED","value":600}}}}]},"type":"cqm.ExConversationChangeNotification"}',
      signature: "sha1=CKiT6u4nb4Mpi0tdbCbgBXKAF1E=",
    },
  ],
} as const;

/** The reference's self-made vectors, secret `lpkit-emulator-secret`. */
export const SELF_MADE = {
  secret: "lpkit-emulator-secret",
  empty: '{"kind":"notification","body":{"changes":[]},"type":"ms.MessagingEventNotification"}',
  emptySha1Base64: "kGr8d0QXnKlnsmqrTj7z7bNa0qc=",
  emptySha1Hex: "906afc7744179ca967b26aab4e3ef3edb35ad2a7",
  emptySha256Base64: "nxRHdnxEBEDtsjhUgyrQaQe8/D5PVSl3g1/72uF9uck=",
  utf8: '{"kind":"notification","body":{"changes":[{"sequence":1,"event":{"type":"ContentEvent","contentType":"text/plain","message":"café 😀"}}]},"type":"ms.MessagingEventNotification"}',
  utf8Sha1Base64: "FcD0wzfEmUrifrNCdjA1/eOmCUo=",
  utf8Sha256Base64: "0OVgW2hNpvat70OppX//2uc3ScFmmqJojeV3vQKNh5M=",
  /** HMAC of the same JSON with `\u00e9 \ud83d\ude00` escapes (a re-serialised body). */
  escapedSha1Base64: "It8qBYL+fy4BJOESRiB3csYHg7s=",
  /** HMAC of the ASCII-mangled bytes (each non-ASCII character became `?`). */
  asciiSha1Base64: "e4teKcp14MwJjiVU6gFwUFub2cY=",
} as const;

/** An independent HMAC (node:crypto) in LivePerson's header format. */
export function nodeSignature(
  body: string | Uint8Array,
  secret: string,
  algorithm: "sha1" | "sha256" = "sha1",
  encoding: "base64" | "hex" = "base64",
): string {
  return `${algorithm}=${createHmac(algorithm, secret).update(body).digest(encoding)}`;
}

/** A messaging notification with the given changes. */
export function messaging(changes: unknown[]): string {
  return JSON.stringify({ kind: "notification", body: { changes }, type: "ms.MessagingEventNotification" });
}

/** A conversation-change notification with the given changes. */
export function conversationChanges(changes: unknown[]): string {
  return JSON.stringify({
    kind: "notification",
    body: { changes },
    type: "cqm.ExConversationChangeNotification",
  });
}

/** An agent's text message change. */
export function agentText(sequence: number, message: string, conversationId: string = CONVERSATION): unknown {
  return {
    sequence,
    originatorId: "8c6d2e4a-7b1f-4c3d-9e5a-2f4b6d8a0c1e",
    originatorMetadata: { id: "8c6d2e4a-7b1f-4c3d-9e5a-2f4b6d8a0c1e", role: "ASSIGNED_AGENT" },
    serverTimestamp: 1735689612345 + sequence,
    event: { type: "ContentEvent", contentType: "text/plain", message },
    conversationId,
    dialogId: conversationId,
    messageAudience: "ALL",
  };
}

/** A signed delivery as LivePerson sends it; `headers` overrides (null removes one). */
export function delivery(
  body: string | Uint8Array,
  options: { secret?: string; headers?: Record<string, string | null>; method?: string; url?: string } = {},
): Request {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-liveperson-account-id": ACCOUNT,
    "x-liveperson-client-id": CLIENT,
    "x-liveperson-signature": nodeSignature(body, options.secret ?? SECRET),
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) {
      delete headers[name];
    } else {
      headers[name] = value;
    }
  }
  const method = options.method ?? "POST";
  return new Request(options.url ?? "https://connector.example/webhooks", {
    method,
    headers,
    body: method === "GET" || method === "HEAD" ? null : (body as BodyInit),
  });
}
