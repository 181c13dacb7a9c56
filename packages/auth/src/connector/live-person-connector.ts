/**
 * `createLivePersonConnector`: the Connector API lifecycle for one account, next to
 * `createLivePersonFunctions` — the AppJWT from the token manager (Sentinel v1), a ConsumerJWS per
 * `ext_consumer_id` fetched once and cached, the consumer's conversation opened when needed and
 * remembered, and a webhook receiver that keeps only this facade's conversations.
 *
 * @module
 */

import { closeConversation, createWebhookReceiver, publishText, sendRequestInit } from "@lpkit/connector";
import { AbortError, ConversationClosedError, InvalidArgumentError } from "@lpkit/core";
import { assertOptionsObject, callSignal, optionalBoolean } from "@lpkit/core/internal";
import { assertExtConsumerId, decodeConsumerJws } from "@lpkit/idp";
import { safeLogger } from "../logger.js";
import { describeAs, withSecretScrubbed } from "../redaction.js";
import { resolveFacadeOptions } from "./connector-options.js";
import { guardStore } from "./connector-store.js";
import type { LivePersonConnector, LivePersonConnectorOptions } from "./connector-types.js";
import { wireConnector } from "./connector-wiring.js";
import { createConsumerJwsCache } from "./consumer-jws-cache.js";
import { sendToConsumer } from "./consumer-send.js";
import { createConversationMap } from "./conversation-map.js";

/**
 * Wires discovery, the AppJWT, ConsumerJWS, conversations and webhooks for one account.
 *
 * @example
 * ```ts
 * import { createLivePersonConnector } from "@lpkit/auth";
 *
 * const connector = createLivePersonConnector({ accountId: "12345678", clientId: process.env.LP_CLIENT_ID!, clientSecret: process.env.LP_CLIENT_SECRET! });
 * const { conversationId, created } = await connector.sendText("whatsapp-4915112345678", "Where is my parcel?");
 * ```
 */
export function createLivePersonConnector(options: LivePersonConnectorOptions): LivePersonConnector {
  return withSecretScrubbed((options as { clientSecret?: unknown } | null | undefined)?.clientSecret, () =>
    buildConnector(options),
  );
}

function buildConnector(options: LivePersonConnectorOptions): LivePersonConnector {
  const wiring = wireConnector(options);
  const settings = resolveFacadeOptions(options);
  const { accountId, clientId } = wiring.tokenManager;
  const logger = safeLogger(options.logger);
  const lifetime = new AbortController();
  const newConversation = options.newConversation ?? {};
  const jwsStore = guardStore(settings.consumerJws.store, "ConsumerJWS", settings.storeTimeoutMs, logger);
  const conversationStore = guardStore(
    settings.conversations.store,
    "conversation",
    settings.storeTimeoutMs,
    logger,
  );
  const counters = { sends: 0, renewedJws: 0, reopened: 0 };

  const jws = createConsumerJwsCache({
    accountId,
    fetchJws: async (ext, signal) =>
      (await (await wiring.idp(signal)).createConsumerJws(ext, { signal })).token,
    store: jwsStore,
    storeTtlMs: settings.consumerJws.storeTtlMs,
    maxEntries: settings.consumerJws.maxEntries,
    lifetime: lifetime.signal,
  });
  const conversations = createConversationMap({
    accountId,
    create: async (ext, signal) => {
      const consumerJws = await jws.get(ext, signal);
      const client = await wiring.sendApi(signal);
      return (await client.createConversation(newConversation, { consumerJws, signal })).conversationId;
    },
    store: conversationStore,
    storeTtlMs: settings.conversations.storeTtlMs,
    maxEntries: settings.conversations.maxEntries,
    lifetime: lifetime.signal,
  });
  const deps = { jws, conversations, sendApi: wiring.sendApi, counters };

  /** Checks a call's consumer id and options; refuses calls after `dispose`. */
  const check = (ext: unknown, callOptions: unknown): string => {
    if (lifetime.signal.aborted) {
      throw new AbortError("the Connector facade was disposed");
    }
    callSignal(callOptions);
    return assertExtConsumerId(ext);
  };

  const conversationClosed = async (conversationId: string): Promise<boolean> => {
    const owner = await conversations.ownerOf(conversationId);
    if (owner === undefined) {
      return false;
    }
    await conversations.forget(owner, conversationId);
    return true;
  };

  const connector: LivePersonConnector = {
    async sendText(ext, text, callOptions = {}) {
      const consumer = check(ext, callOptions);
      publishText({ conversationId: "check", text }); // refuses bad text before any request
      const result = await sendToConsumer(
        deps,
        consumer,
        (to) => publishText({ ...to, text }),
        callOptions,
        true,
      );
      return result as NonNullable<typeof result>;
    },
    async send(ext, build, callOptions = {}) {
      const consumer = check(ext, callOptions);
      const openIfNone = optionalBoolean(callOptions.openIfNone, "openIfNone") ?? true;
      if (typeof build !== "function") {
        throw new InvalidArgumentError(
          "build",
          "expected a function of { conversationId } returning a request",
        );
      }
      // A dry run checks the request (type, size, fields) before anything is sent.
      sendRequestInit({ accountId, request: build({ conversationId: "lpkit-check" }) });
      return sendToConsumer(deps, consumer, build, callOptions, openIfNone);
    },
    async openConversation(ext, callOptions = {}) {
      return conversations.open(check(ext, callOptions), callOptions.signal);
    },
    async closeConversation(ext, callOptions = {}) {
      const consumer = check(ext, callOptions);
      const conversationId = await conversations.known(consumer);
      if (conversationId === undefined) {
        return false;
      }
      try {
        await sendToConsumer(deps, consumer, () => closeConversation({ conversationId }), callOptions, false);
      } catch (error) {
        if (!(error instanceof ConversationClosedError)) {
          throw error;
        }
      }
      await conversations.forget(consumer, conversationId);
      return true;
    },
    async consumerJws(ext, callOptions = {}) {
      const consumer = check(ext, callOptions);
      const token = await jws.get(consumer, callOptions.signal);
      const { header, claims } = decodeConsumerJws(token);
      return describeAs({ token, header, claims }, () => ({ token: "[REDACTED]", header, claims }));
    },
    conversationOf: (ext) => conversations.known(check(ext, undefined)),
    rememberConversation: (ext, conversationId) =>
      conversations.remember(check(ext, undefined), conversationId),
    conversationClosed,
    isOwnConversation: async (conversationId) => (await conversations.ownerOf(conversationId)) !== undefined,
    webhookReceiver(receiverOptions = {}) {
      const given = assertOptionsObject(receiverOptions, "options");
      const userHandler = given.onConversationChange ?? given.onEvent;
      return createWebhookReceiver({
        ...given,
        accountId,
        clientId,
        clientSecret: options.clientSecret,
        isOwnConversation: (conversationId) => connector.isOwnConversation(conversationId),
        onConversationChange: async (event) => {
          if (event.change.result?.conversationDetails?.stage === "CLOSE") {
            await conversationClosed(event.conversationId);
          }
          await userHandler?.(event);
        },
      });
    },
    async clients(callOptions = {}) {
      const signal = callSignal(callOptions);
      const [idp, sendApi] = await Promise.all([wiring.idp(signal), wiring.sendApi(signal)]);
      return { idp, sendApi };
    },
    stats: () => ({
      consumerJws: jws.stats(),
      conversations: conversations.stats(),
      ...counters,
      storeFailures: jwsStore.failures + conversationStore.failures,
    }),
    tokenManager: wiring.tokenManager,
    resolver: wiring.resolver,
    dispose() {
      lifetime.abort(new AbortError("the Connector facade was disposed"));
      wiring.tokenManager.dispose();
    },
  };
  return describeAs(connector, () => ({
    kind: "LivePersonConnector",
    accountId,
    clientId,
    clientSecret: "[REDACTED]",
    tokenManager: wiring.tokenManager,
    hosts: wiring.hosts(),
    stats: connector.stats(),
  }));
}
