/**
 * The public shape of the Connector facade: its options, per-call options, results and methods.
 *
 * @module
 */

import type {
  ConnectorClient,
  ConnectorClientOptions,
  ConversationBatchInput,
  RequestAnswer,
  SendRequest,
  WebhookReceiver,
  WebhookReceiverOptions,
} from "@lpkit/connector";
import type { FetchLike, Now, Sleep, Transport } from "@lpkit/core";
import type { ConsumerJws, IdpClient, IdpClientOptions } from "@lpkit/idp";
import type { DomainResolver, DomainResolverOptions } from "../domain-resolver.js";
import type { AuthEvent } from "../events.js";
import type { AuthLogger } from "../logger.js";
import type { TokenManager, TokenManagerOptions } from "../token-manager.js";
import type { ConnectorStore } from "./connector-store.js";

type Wired = "baseUrl" | "accountId" | "auth" | "fetch" | "transport" | "now" | "sleep" | "allowInsecureHttp";

/**
 * One of the facade's caches: its bound in the process and, optionally, a store shared between
 * processes (e.g. `createRedisCache` of `@lpkit/redis`).
 *
 * @example
 * ```ts
 * const consumerJws: ConnectorCacheOptions = { maxEntries: 1_000_000, store: createRedisCache({ redis, namespace: "consumer-jws", encryption }) };
 * ```
 */
export interface ConnectorCacheOptions {
  /** Entries kept in this process (least recently used dropped first). Default 100 000. */
  maxEntries?: number | undefined;
  /** A store shared between processes; the process's LRU sits in front of it. */
  store?: ConnectorStore | undefined;
  /** TTL of a stored entry, in ms. Default 30 days (ConsumerJWS), 7 days (conversations). */
  storeTtlMs?: number | undefined;
}

/**
 * What a new conversation is opened with (the batch's profile and routing); `brandId` is the account.
 *
 * @example
 * ```ts
 * const newConversation: NewConversationDefaults = { request: { skillId: "-1", campaignInfo: { campaignId: "1", engagementId: "2" } } };
 * ```
 */
export type NewConversationDefaults = Omit<ConversationBatchInput, "request" | "firstMessage" | "ids"> & {
  request?: Omit<ConversationBatchInput["request"], "brandId"> | undefined;
};

/**
 * Options of {@link createLivePersonConnector}.
 *
 * @example
 * ```ts
 * const options: LivePersonConnectorOptions = { accountId: "12345678", clientId, clientSecret, logger: console };
 * ```
 */
export interface LivePersonConnectorOptions {
  accountId: string;
  /** The `client_id` of the app installation (scope `msg.consumer`). */
  clientId: string;
  /** Its client secret: for the AppJWT and for checking webhook signatures. Never printed. */
  clientSecret: string;
  /** `v` query of Sentinel's v1 token path (the AppJWT is a v1 token). Default `"1.0"`. */
  v1Query?: "1.0" | "2.0" | undefined;
  /** A resolver to share; default one made from `domainApi`. */
  resolver?: DomainResolver | undefined;
  /** Options of the resolver made here. */
  domainApi?:
    | Omit<
        DomainResolverOptions,
        "accountId" | "fetch" | "transport" | "now" | "logger" | "onEvent" | "domainClient"
      >
    | undefined;
  /** AppJWT options (store, windows, retry, timeout). */
  tokens?:
    | Pick<TokenManagerOptions, "store" | "softWindowMs" | "hardWindowMs" | "retry" | "timeoutMs">
    | undefined;
  /** IdP client options (timeout, retry, headers, …). */
  idp?: Omit<IdpClientOptions, Wired> | undefined;
  /** Send API client options (timeout, retry, `clientProperties`, headers, …). */
  sendApi?: Omit<ConnectorClientOptions, Wired> | undefined;
  /** The ConsumerJWS cache (per `ext_consumer_id`; a ConsumerJWS never expires). */
  consumerJws?: ConnectorCacheOptions | undefined;
  /** The consumer ↔ conversation map. */
  conversations?: ConnectorCacheOptions | undefined;
  /** Time limit of one store call, in ms; a slower one counts as a miss. Default 1 000. */
  storeTimeoutMs?: number | undefined;
  /** How new conversations are opened. */
  newConversation?: NewConversationDefaults | undefined;
  /** One `fetch` for every request (Domain API, Sentinel, IdP, Send API). */
  fetch?: FetchLike | undefined;
  /** Advanced: one transport for every request instead of `fetch`. */
  transport?: Transport | undefined;
  /** Allow plain `http://` for non-loopback hosts (never in production). */
  allowInsecureHttp?: boolean | undefined;
  now?: Now | undefined;
  sleep?: Sleep | undefined;
  random?: (() => number) | undefined;
  logger?: AuthLogger | undefined;
  /** Every event of the resolver and the token manager. */
  onEvent?: ((event: AuthEvent) => void) | undefined;
}

/**
 * Per-call options of the facade's sends.
 *
 * @example
 * ```ts
 * await connector.sendText("user-42", "Hello", { signal: AbortSignal.timeout(15_000) });
 * ```
 */
export interface ConsumerCallOptions {
  signal?: AbortSignal | undefined;
  /** Time limit of each attempt, overriding the Send API client's. */
  timeoutMs?: number | undefined;
  /** Whether the request may be sent again after it may have arrived (see the Send API client). */
  idempotent?: boolean | undefined;
}

/**
 * What a send to a consumer did.
 *
 * @example
 * ```ts
 * const { conversationId, created, sequence }: ConsumerSendResult = await connector.sendText("user-42", "Hi");
 * ```
 */
export interface ConsumerSendResult {
  readonly conversationId: string;
  /** Whether the conversation was opened for this send. */
  readonly created: boolean;
  readonly sequence: number | undefined;
  readonly answer: RequestAnswer;
  /** The SEND's `X-Request-Id`. */
  readonly requestId: string;
}

/**
 * Counters of a facade since it was made.
 *
 * @example
 * ```ts
 * connector.stats().consumerJws.fetched; // IdP requests made
 * ```
 */
export interface LivePersonConnectorStats {
  readonly consumerJws: {
    readonly fetched: number;
    readonly fromStore: number;
    readonly hits: number;
    readonly rejected: number;
    readonly size: number;
    readonly evictions: number;
  };
  readonly conversations: {
    readonly created: number;
    readonly fromStore: number;
    readonly forgotten: number;
    readonly size: number;
  };
  readonly sends: number;
  /** Sends repeated once after a rejected ConsumerJWS (40103) with a new one. */
  readonly renewedJws: number;
  /** Sends repeated once in a new conversation after the old one turned out closed. */
  readonly reopened: number;
  readonly storeFailures: number;
}

/**
 * Options of {@link LivePersonConnector.webhookReceiver}: the receiver's, with the account, the
 * client id, the secret and the ownership filter wired.
 *
 * @example
 * ```ts
 * const receiver = connector.webhookReceiver({ onContent: (e) => console.log(e.change.event.message) });
 * ```
 */
export type ConnectorWebhookOptions = Omit<
  WebhookReceiverOptions,
  "accountId" | "clientId" | "clientSecret" | "isOwnConversation"
>;

/**
 * The Connector API for one account, one call per intent; made by {@link createLivePersonConnector}.
 *
 * @example
 * ```ts
 * const connector: LivePersonConnector = createLivePersonConnector({ accountId, clientId, clientSecret });
 * await connector.sendText("user-42", "Where is my parcel?");
 * ```
 */
export interface LivePersonConnector {
  /**
   * Sends a text to the consumer: the ConsumerJWS (fetched once), the open conversation (opened
   * when none is known), the SEND. Once each: a rejected ConsumerJWS (40103) is renewed, and a
   * conversation found closed is replaced by a new one; then the send is repeated.
   */
  sendText(extConsumerId: string, text: string, options?: ConsumerCallOptions): Promise<ConsumerSendResult>;
  /**
   * Sends the request `build` makes for the consumer's conversation (e.g.
   * `(to) => publishChatState({ ...to, chatState: "COMPOSING" })`), as `sendText` does. With
   * `openIfNone: false` nothing is opened: `undefined` when the consumer has no known conversation.
   * `build` is called once with a placeholder id to check the request before anything is sent, then
   * with the real conversation id: keep it a pure function of its argument (the builders are).
   */
  send(
    extConsumerId: string,
    build: (target: { conversationId: string }) => SendRequest,
    options?: ConsumerCallOptions & { openIfNone?: boolean | undefined },
  ): Promise<ConsumerSendResult | undefined>;
  /** The consumer's open conversation, opened when none is known. */
  openConversation(
    extConsumerId: string,
    options?: ConsumerCallOptions,
  ): Promise<{ conversationId: string; created: boolean }>;
  /** Closes the consumer's known conversation; `false` when none was known or it was closed already. */
  closeConversation(extConsumerId: string, options?: ConsumerCallOptions): Promise<boolean>;
  /** The consumer's ConsumerJWS (cached; prints as `[REDACTED]`). */
  consumerJws(extConsumerId: string, options?: { signal?: AbortSignal | undefined }): Promise<ConsumerJws>;
  /** The consumer's known open conversation, without opening one. */
  conversationOf(extConsumerId: string): Promise<string | undefined>;
  /** Records the consumer's open conversation (e.g. after a restart without a shared store). */
  rememberConversation(extConsumerId: string, conversationId: string): Promise<void>;
  /** Tells the facade a conversation closed (e.g. an agent closed it); `true` when it was one of ours. */
  conversationClosed(conversationId: string): Promise<boolean>;
  /** Whether a conversation was opened by this facade (or its shared store): the webhook filter. */
  isOwnConversation(conversationId: string): Promise<boolean>;
  /**
   * A webhook receiver for this app: signatures checked with the client secret, only this facade's
   * conversations handed on, and a conversation that closes forgotten as the consumer's open one.
   */
  webhookReceiver(options?: ConnectorWebhookOptions): WebhookReceiver;
  /** The IdP and Send API clients for the current hosts (looked up through the resolver). */
  clients(options?: {
    signal?: AbortSignal | undefined;
  }): Promise<{ idp: IdpClient; sendApi: ConnectorClient }>;
  stats(): LivePersonConnectorStats;
  /** The AppJWT manager (Sentinel v1). */
  readonly tokenManager: TokenManager;
  readonly resolver: DomainResolver;
  /** Stops in-flight token, ConsumerJWS and conversation requests; later calls fail with `AbortError`. */
  dispose(): void;
}
