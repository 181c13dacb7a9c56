/**
 * `createConnectorClient`: the typed Send API client (CONVERSATION and SEND on `asyncMessagingEnt`).
 * Requests are built from the generated `paths` of `specs/connector.yaml` (`createConversationInit`,
 * `sendRequestInit` — the 5,000-character limit checked before sending); every attempt is one core
 * `authorizedExchange` (the raw AppJWT in `Authorization`, the ConsumerJWS in `X-LP-ON-BEHALF`, one
 * replay with a new AppJWT after 40102/40105, redirects never followed, bounded body); answers are
 * read by `parseConversationAnswer` / `parseSendAnswer` into typed errors, under the Send API's
 * retry rule on core's loop.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import {
  type Answer,
  authorizedExchange,
  callSignal,
  describeAs,
  type HttpRequest,
  isRecord,
  newRequestId,
  operationRequest,
  optionalBoolean,
  optionalDuration,
  toJsonText,
  withRetry,
} from "@lpkit/core/internal";
import { authError, parseJson } from "../answer-errors.js";
import { parseConversationAnswer, parseSendAnswer } from "../answers.js";
import { conversationBatch, createConversationInit } from "../conversation-builders.js";
import type { paths } from "../generated/connector.js";
import { clientPropertiesHeader, sendRequestInit } from "../send-init.js";
import type { ConversationBatch, CreateConversationPath, SendRequest, SendRequestPath } from "../types.js";
import { type ConnectorSettings, resolveConnectorOptions } from "./client-options.js";
import type {
  ConnectorCallOptions,
  ConnectorClient,
  ConnectorClientOptions,
  ConversationResult,
  NewConversation,
  SendResult,
} from "./client-types.js";
import { connectorRetryDelay, isIdempotentRequest } from "./retry.js";

export { CONNECTOR_DEFAULT_MAX_RESPONSE_BYTES, CONNECTOR_DEFAULT_TIMEOUT_MS } from "./client-options.js";

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/** A checked call: the ConsumerJWS, the signal, the attempt's time limit, the Client-Properties. */
interface CheckedCall {
  readonly consumerJws: string;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number;
  readonly idempotent: boolean | undefined;
  readonly clientProperties: string | undefined;
}

function checkCall(options: ConnectorCallOptions, settings: ConnectorSettings): CheckedCall {
  if (!isRecord(options)) {
    throw new InvalidArgumentError("options", "expected { consumerJws, signal?, timeoutMs?, idempotent? }");
  }
  const { consumerJws } = options;
  if (typeof consumerJws !== "string" || !COMPACT_JWS.test(consumerJws)) {
    throw new InvalidArgumentError("consumerJws", "expected the consumer's ConsumerJWS (a compact JWS)");
  }
  return {
    consumerJws,
    signal: callSignal({ signal: options.signal }),
    timeoutMs: optionalDuration(options.timeoutMs, "timeoutMs", settings.timeoutMs),
    idempotent: optionalBoolean(options.idempotent, "idempotent"),
    clientProperties:
      options.clientProperties === undefined
        ? settings.clientProperties
        : clientPropertiesHeader(options.clientProperties),
  };
}

/** Whether an answer asks for a new AppJWT: 40102, 40105, or a 401 without a ConsumerJWS code. */
function rejectsAppJwt(answer: Answer): boolean {
  if (answer.status !== 401 && !answer.text.includes("errorCode")) {
    return false;
  }
  return authError(answer, parseJson(answer.text))?.renew === "appJwt";
}

/**
 * Creates the Send API client of one account. Bad options throw `InvalidArgumentError` here; bad
 * requests and call options throw it before anything is sent.
 *
 * @example
 * ```ts
 * import { createConnectorClient, publishText } from "@lpkit/connector";
 *
 * const connector = createConnectorClient({ baseUrl: "va.msg.liveperson.net", accountId: "12345678", auth: appJwt });
 * const { conversationId } = await connector.createConversation({}, { consumerJws });
 * const { sequence } = await connector.send(publishText({ conversationId, text: "Hello" }), { consumerJws });
 * ```
 */
export function createConnectorClient(options: ConnectorClientOptions): ConnectorClient {
  const settings = resolveConnectorOptions(options);
  const { baseUrl, accountId, policy } = settings;

  /** One call under the retry rule: attempts of one request (same body and id), each answer read by `read`. */
  const run = <T>(
    what: string,
    template: HttpRequest,
    call: CheckedCall,
    idempotent: boolean,
    read: (answer: Answer) => T,
  ): Promise<T> =>
    withRetry(
      async () => {
        const request = { ...template, headers: { ...template.headers, "x-lp-on-behalf": call.consumerJws } };
        const { answer } = await authorizedExchange(request, {
          auth: settings.auth,
          header: "authorization",
          transport: settings.transport,
          timeoutMs: call.timeoutMs,
          signal: call.signal,
          maxBodyBytes: settings.maxResponseBytes,
          what,
          rejectsCredential: rejectsAppJwt,
        });
        return read(answer);
      },
      {
        maxRetries: policy.maxRetries,
        delayFor: (error, retriesSoFar) => connectorRetryDelay(error, retriesSoFar, policy, idempotent),
        sleep: settings.sleep,
        signal: call.signal,
      },
    );

  const headersFor = (call: CheckedCall, requestId: string): Record<string, string> => ({
    ...settings.clientHeaders,
    accept: "application/json",
    "x-request-id": requestId,
    ...(call.clientProperties === undefined ? {} : { "client-properties": call.clientProperties }),
  });

  const toBatch = (input: NewConversation): ConversationBatch => {
    if (Array.isArray(input)) {
      return input as ConversationBatch;
    }
    if (!isRecord(input)) {
      throw new InvalidArgumentError("input", "expected a batch or { request?, profile?, firstMessage? }");
    }
    const request = input.request ?? {};
    return conversationBatch({ ...input, request: { ...request, brandId: request.brandId ?? accountId } });
  };

  const createConversation = async (
    input: NewConversation,
    callOptions: ConnectorCallOptions,
  ): Promise<ConversationResult> => {
    const call = checkCall(callOptions, settings);
    const batch = toBatch(input);
    const init = createConversationInit({ accountId, batch });
    const requestId = newRequestId();
    const template = operationRequest<paths, "post", CreateConversationPath>(
      "POST",
      baseUrl,
      init.path,
      init.params,
      { headers: headersFor(call, requestId), body: toJsonText(init.body, "batch") },
    );
    const outcome = await run(
      `Send API CONVERSATION for account ${accountId}`,
      template,
      call,
      // A second CONVERSATION opens a second conversation, or fails as "already open".
      call.idempotent ?? policy.idempotent,
      (answer) => parseConversationAnswer(answer, batch, { now: settings.now, requestUrl: template.url }),
    );
    return { ...outcome, requestId };
  };

  const send = async (request: SendRequest, callOptions: ConnectorCallOptions): Promise<SendResult> => {
    const call = checkCall(callOptions, settings);
    const init = sendRequestInit({ accountId, request });
    const requestId = newRequestId();
    const template = operationRequest<paths, "post", SendRequestPath>(
      "POST",
      baseUrl,
      init.path,
      init.params,
      {
        headers: headersFor(call, requestId),
        body: init.serialized,
      },
    );
    const answer = await run(
      `Send API SEND (${request.type}) for account ${accountId}`,
      template,
      call,
      call.idempotent ?? (policy.idempotent || isIdempotentRequest(request)),
      (received) => parseSendAnswer(received, request, { now: settings.now, requestUrl: template.url }),
    );
    const sequence = answer.body?.sequence;
    return { answer, sequence: typeof sequence === "number" ? sequence : undefined, requestId };
  };

  const client: ConnectorClient = { raw: settings.raw, accountId, createConversation, send };
  return describeAs(client, () => ({ kind: "ConnectorClient", baseUrl, accountId }));
}
