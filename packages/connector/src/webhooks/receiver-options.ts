/**
 * The options of `createWebhookReceiver`, checked once at the factory (an `InvalidArgumentError`
 * names the bad one; a secret is never echoed), with their defaults.
 *
 * @module
 */
import { InvalidArgumentError, type WebhookError } from "@lpkit/core";
import { assertAccountId, assertSecret } from "@lpkit/core/internal";
import type { DedupeOptions } from "./dedupe.js";
import type { SignatureAlgorithm, SignatureEncoding } from "./signature.js";
import type {
  AcceptStatusNotice,
  ChatStateNotice,
  ContentNotice,
  ConversationChangeNotice,
  RichContentNotice,
  UnknownNotice,
  WebhookEvent,
} from "./webhook-types.js";

/** A callback; it may be async. Its failures go to `onError`, never to LivePerson. */
export type Handler<E> = (event: E) => void | Promise<void>;

/** The callbacks, one per event kind; `onEvent` takes the kinds without their own. */
export interface WebhookHandlers {
  onContent?: Handler<ContentNotice> | undefined;
  onRichContent?: Handler<RichContentNotice> | undefined;
  onChatState?: Handler<ChatStateNotice> | undefined;
  onAcceptStatus?: Handler<AcceptStatusNotice> | undefined;
  onConversationChange?: Handler<ConversationChangeNotice> | undefined;
  onUnknown?: Handler<UnknownNotice> | undefined;
  onEvent?: Handler<WebhookEvent> | undefined;
}

/** Options of `createWebhookReceiver`. */
export interface WebhookReceiverOptions extends WebhookHandlers {
  /** The account whose deliveries this receiver takes (`x-liveperson-account-id`). */
  accountId: string;
  /** The application installation's `client_id` (`x-liveperson-client-id`). */
  clientId: string;
  /** The client secret that signs deliveries. Give `clientSecrets` instead during a rotation. */
  clientSecret?: string | undefined;
  /** Several secrets (old and new) during a rotation; a delivery signed with any of them passes. */
  clientSecrets?: readonly string[] | undefined;
  /** Accepted signature algorithms (both by default) and the digest encoding (`base64` by default). */
  signature?: { algorithms?: readonly SignatureAlgorithm[]; encoding?: SignatureEncoding } | undefined;
  /** "Is this conversation mine?": deliveries are account-wide. Everything is yours by default. */
  isOwnConversation?:
    | ((conversationId: string, event: WebhookEvent) => boolean | Promise<boolean>)
    | undefined;
  /** Deduplication of redelivered events; on by default, `false` turns it off. */
  dedupe?: DedupeOptions | false | undefined;
  /** Hand over the consumer's own messages and receipts too (echoes of what you sent); off by default. */
  includeConsumerEvents?: boolean | undefined;
  /** Hand over agent-only messages (`messageAudience` other than `ALL`); off by default. */
  includePrivateMessages?: boolean | undefined;
  /** Largest body read, in bytes; 1 MiB by default. */
  maxBodyBytes?: number | undefined;
  /** Time allowed to receive a body, in ms; 10,000 by default (then 408). */
  bodyTimeoutMs?: number | undefined;
  /** Deliveries being read or verified at once before new ones get 503; 256 by default. */
  maxInFlight?: number | undefined;
  /** Accepted events waiting for or in their callback before new deliveries get 503; 10,000 by default. */
  maxPendingEvents?: number | undefined;
  /** Callbacks running at once (one per conversation at a time); 16 by default. */
  concurrency?: number | undefined;
  /** `Retry-After` of a 503, in seconds; 5 by default. */
  retryAfterSeconds?: number | undefined;
  /** Clock for the deduplication window; `Date.now` by default. */
  now?: (() => number) | undefined;
  /** Told about every refused delivery (for logs and metrics); never given a secret. */
  onRefused?: ((error: WebhookError) => void) | undefined;
  /** Told when a callback throws, a change is malformed, or `isOwnConversation` fails. */
  onError?: ((error: unknown, event: WebhookEvent | undefined) => void) | undefined;
}

/** The options after the checks, with the defaults filled in. */
export interface ResolvedOptions {
  readonly accountId: string;
  readonly clientId: string;
  readonly secrets: readonly string[];
  readonly maxBodyBytes: number;
  readonly bodyTimeoutMs: number;
  readonly maxInFlight: number;
  readonly maxPendingEvents: number;
  readonly concurrency: number;
  readonly retryAfterSeconds: number;
  readonly now: () => number;
}

const HANDLERS = [
  "onContent",
  "onRichContent",
  "onChatState",
  "onAcceptStatus",
  "onConversationChange",
  "onUnknown",
  "onEvent",
  "isOwnConversation",
  "onRefused",
  "onError",
  "now",
] as const;

function count(value: unknown, name: string, fallback: number, min = 1): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError(name, `expected an integer of at least ${min}`);
  }
  return value;
}

/** Checks the options; throws `InvalidArgumentError` naming the first bad one. */
export function resolveOptions(options: WebhookReceiverOptions): ResolvedOptions {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("options", "expected { accountId, clientId, clientSecret, … }");
  }
  const clientId = options.clientId;
  if (typeof clientId !== "string" || !/^[\x21-\x7e]{1,128}$/.test(clientId)) {
    throw new InvalidArgumentError("clientId", "expected the installation's client_id");
  }
  if ((options.clientSecret === undefined) === (options.clientSecrets === undefined)) {
    throw new InvalidArgumentError("clientSecret", "give either clientSecret or clientSecrets");
  }
  const list = options.clientSecrets ?? [options.clientSecret];
  if (!Array.isArray(list) || list.length === 0) {
    throw new InvalidArgumentError("clientSecrets", "expected one or more secrets");
  }
  const secrets = list.map((secret, i) =>
    assertSecret(secret, options.clientSecrets ? `clientSecrets[${i}]` : "clientSecret"),
  );
  for (const name of HANDLERS) {
    if (options[name] !== undefined && typeof options[name] !== "function") {
      throw new InvalidArgumentError(name, "expected a function");
    }
  }
  for (const name of ["includeConsumerEvents", "includePrivateMessages"] as const) {
    if (options[name] !== undefined && typeof options[name] !== "boolean") {
      throw new InvalidArgumentError(name, "expected true or false");
    }
  }
  if (options.dedupe !== undefined && options.dedupe !== false) {
    count(options.dedupe?.windowMs, "dedupe.windowMs", 1);
    count(options.dedupe?.maxKeys, "dedupe.maxKeys", 1);
  }
  return {
    accountId: assertAccountId(options.accountId),
    clientId,
    secrets,
    maxBodyBytes: count(options.maxBodyBytes, "maxBodyBytes", 1024 * 1024),
    bodyTimeoutMs: count(options.bodyTimeoutMs, "bodyTimeoutMs", 10_000),
    maxInFlight: count(options.maxInFlight, "maxInFlight", 256),
    maxPendingEvents: count(options.maxPendingEvents, "maxPendingEvents", 10_000),
    concurrency: count(options.concurrency, "concurrency", 16),
    retryAfterSeconds: count(options.retryAfterSeconds, "retryAfterSeconds", 5, 0),
    now: options.now ?? Date.now,
  };
}
