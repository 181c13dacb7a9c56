/**
 * The one call behind `sendText` and `send`: the consumer's ConsumerJWS, the consumer's open
 * conversation (opened when none is known), the SEND — and the two recoveries LivePerson's
 * documentation implies, once each: a ConsumerJWS the Send API rejects (40103) is replaced by a new
 * one, and a conversation that turns out closed (by an agent, or the system) is replaced by a new
 * conversation. Both failures mean the request was refused, not processed: repeating it cannot
 * duplicate a message.
 *
 * @module
 */

import type { ConnectorClient, SendRequest } from "@lpkit/connector";
import { ConsumerJwsRejectedError, ConversationClosedError } from "@lpkit/core";
import type { ConsumerCallOptions, ConsumerSendResult } from "./connector-types.js";
import type { ConsumerJwsCache } from "./consumer-jws-cache.js";
import type { ConversationMap, OpenConversation } from "./conversation-map.js";

/** What a send needs from the facade. */
export interface ConsumerSendDeps {
  readonly jws: ConsumerJwsCache;
  readonly conversations: ConversationMap;
  readonly sendApi: (signal: AbortSignal | undefined) => Promise<ConnectorClient>;
  readonly counters: { sends: number; renewedJws: number; reopened: number };
}

/** Which conversation a send goes to: opened when needed, or only a known one. */
async function targetFor(
  deps: ConsumerSendDeps,
  extConsumerId: string,
  openIfNone: boolean,
  signal: AbortSignal | undefined,
): Promise<OpenConversation | undefined> {
  if (openIfNone) {
    return deps.conversations.open(extConsumerId, signal);
  }
  const known = await deps.conversations.known(extConsumerId);
  return known === undefined ? undefined : { conversationId: known, created: false };
}

/**
 * Sends `build(target)` for the consumer; `undefined` only with `openIfNone: false` and no known
 * open conversation.
 *
 * @example
 * ```ts
 * await sendToConsumer(deps, "user-42", (to) => publishText({ ...to, text: "Hi" }), {}, true);
 * ```
 */
export async function sendToConsumer(
  deps: ConsumerSendDeps,
  extConsumerId: string,
  build: (target: { conversationId: string }) => SendRequest,
  options: ConsumerCallOptions,
  openIfNone: boolean,
): Promise<ConsumerSendResult | undefined> {
  const { signal } = options;
  let renewed = false;
  let reopened = false;
  for (;;) {
    const consumerJws = await deps.jws.get(extConsumerId, signal);
    let target: OpenConversation | undefined;
    try {
      target = await targetFor(deps, extConsumerId, openIfNone, signal);
      if (target === undefined) {
        return undefined;
      }
      const request = build({ conversationId: target.conversationId });
      const client = await deps.sendApi(signal);
      const result = await client.send(request, {
        consumerJws,
        signal,
        timeoutMs: options.timeoutMs,
        idempotent: options.idempotent,
      });
      deps.counters.sends += 1;
      return {
        conversationId: target.conversationId,
        created: target.created,
        sequence: result.sequence,
        answer: result.answer,
        requestId: result.requestId,
      };
    } catch (error) {
      if (error instanceof ConsumerJwsRejectedError && !renewed) {
        renewed = true;
        // Dropped and fetched again; replayed once even if the IdP hands out the same token (it
        // may have been a passing refusal), never twice.
        await deps.jws.renew(extConsumerId, consumerJws, signal);
        deps.counters.renewedJws += 1;
        continue;
      }
      if (error instanceof ConversationClosedError && target !== undefined && !reopened) {
        reopened = true;
        await deps.conversations.forget(extConsumerId, target.conversationId);
        if (!openIfNone) {
          return undefined;
        }
        deps.counters.reopened += 1;
        continue;
      }
      throw error;
    }
  }
}
