/**
 * The SEND request init, with the 5,000-character limit checked on the body exactly as it will be
 * sent, and the `Client-Properties` header value.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { assertAccountId, toJsonText } from "@lpkit/core/internal";
import { assertEnvelopeId, assertJsonObject, assertLine } from "./input-checks.js";
import type { ClientProperties, SendRequest, SendRequestInit } from "./types.js";

/** Largest SEND body LivePerson accepts, in characters of JSON text. */
export const MAX_SEND_CHARACTERS = 5000;

const SEND_TYPES = new Set<string>([
  "ms.PublishEvent",
  "cm.UpdateConversationField",
  "userprofile.SetUserProfile",
  "ms.GenerateURLForUploadFile",
  "ms.GenerateURLForDownloadFile",
]);

/**
 * Serialises a SEND body and checks it against {@link MAX_SEND_CHARACTERS}: a longer one is refused
 * here, before anything is sent (LivePerson would answer 400).
 *
 * @example
 * ```ts
 * const text = serializeSendRequest(publishText({ conversationId, text: "Hi" })); // '{"kind":"req",…}'
 * ```
 */
export function serializeSendRequest(request: SendRequest): string {
  const body = assertJsonObject<SendRequest>(request, "request");
  if (body.kind !== "req" || !SEND_TYPES.has(body.type)) {
    throw new InvalidArgumentError("request", "expected a request envelope built by this package's builders");
  }
  assertEnvelopeId(body.id, "request.id");
  const text = toJsonText(body, "request");
  if (text.length > MAX_SEND_CHARACTERS) {
    throw new InvalidArgumentError(
      "request",
      `the request is ${text.length} characters of JSON; the Send API accepts at most ${MAX_SEND_CHARACTERS}`,
    );
  }
  return text;
}

/**
 * The `Client-Properties` header value for features such as `AUTO_MESSAGES`: the JSON text of the
 * object (or a JSON text, checked). Send the same value on CONVERSATION and every later SEND.
 *
 * @example
 * ```ts
 * clientPropertiesHeader({ type: ".ClientProperties", features: ["AUTO_MESSAGES"] });
 * // '{"type":".ClientProperties","features":["AUTO_MESSAGES"]}'
 * ```
 */
export function clientPropertiesHeader(properties: ClientProperties | string): string {
  let value: unknown = properties;
  if (typeof properties === "string") {
    try {
      value = JSON.parse(properties);
    } catch {
      throw new InvalidArgumentError("clientProperties", "expected JSON text of an object");
    }
  }
  const object = assertJsonObject<ClientProperties>(value, "clientProperties");
  if (typeof object.type !== "string" || object.type === "") {
    throw new InvalidArgumentError("clientProperties.type", 'expected a type such as ".ClientProperties"');
  }
  return assertLine(JSON.stringify(object), "clientProperties", 4096);
}

/**
 * The query and header parameters CONVERSATION and SEND share: `v=3`, and `Client-Properties` when
 * given.
 *
 * @example
 * ```ts
 * sendApiParams("12345678", undefined); // { path: { accountId: "12345678" }, query: { v: "3" } }
 * ```
 */
export function sendApiParams(accountId: string, clientProperties: ClientProperties | string | undefined) {
  const properties = clientProperties === undefined ? undefined : clientPropertiesHeader(clientProperties);
  return {
    path: { accountId: assertAccountId(accountId) },
    query: { v: "3" as const },
    ...(properties === undefined ? {} : { header: { "Client-Properties": properties } }),
  };
}

/** Input of {@link sendRequestInit}. */
export interface SendRequestInput {
  accountId: string;
  /** One envelope from a builder (`publishText`, `closeConversation`, …). */
  request: SendRequest;
  /** The `Client-Properties` sent with CONVERSATION, if any. */
  clientProperties?: ClientProperties | string | undefined;
}

/**
 * The SEND request, ready for openapi-fetch's `client.POST(init.path, init)` or lpkit's request
 * layer (send `init.serialized` as the body); add `Authorization` (raw AppJWT) and
 * `X-LP-ON-BEHALF` (ConsumerJWS).
 *
 * @example
 * ```ts
 * const init = sendRequestInit({ accountId: "12345678", request: publishText({ conversationId, text: "Hi" }) });
 * init.serialized.length <= MAX_SEND_CHARACTERS; // true
 * ```
 */
export function sendRequestInit(input: SendRequestInput): SendRequestInit {
  const accountId = assertAccountId(input?.accountId);
  const serialized = serializeSendRequest(input.request);
  const properties =
    input.clientProperties === undefined ? undefined : clientPropertiesHeader(input.clientProperties);
  return {
    method: "POST",
    path: "/api/account/{accountId}/messaging/consumer/conversation/send",
    params: {
      path: { accountId },
      query: { v: "3" },
      ...(properties === undefined ? {} : { header: { "Client-Properties": properties } }),
    },
    headers: { "content-type": "application/json" },
    body: input.request,
    serialized,
  };
}
