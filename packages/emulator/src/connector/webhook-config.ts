/**
 * An app installation's `capabilities.webhooks` map, as LivePerson's Application Installation
 * Manifest spells it: one endpoint per event type (with `max_retries` for the count-based retry
 * policy and optional custom headers), and `retry.retention_time` for the TTL-based policy. Checked
 * once when the app is registered.
 *
 * @module
 */

/**
 * The event types an app can subscribe to (the keys of `capabilities.webhooks`).
 *
 * @example
 * ```ts
 * const type: WebhookEventType = "ms.MessagingEventNotification.ContentEvent";
 * ```
 */
export type WebhookEventType =
  | "ms.MessagingEventNotification.ContentEvent"
  | "ms.MessagingEventNotification.RichContentEvent"
  | "ms.MessagingEventNotification.AcceptStatusEvent"
  | "ms.MessagingEventNotification.ChatStateEvent"
  | "cqm.ExConversationChangeNotification";

/** Every event type, in a stable order. */
export const WEBHOOK_EVENT_TYPES: readonly WebhookEventType[] = [
  "ms.MessagingEventNotification.ContentEvent",
  "ms.MessagingEventNotification.RichContentEvent",
  "ms.MessagingEventNotification.AcceptStatusEvent",
  "ms.MessagingEventNotification.ChatStateEvent",
  "cqm.ExConversationChangeNotification",
];

/**
 * One subscription: where to POST, how often to retry (count-based, 30 s apart), extra headers.
 *
 * @example
 * ```ts
 * const endpoint: WebhookEndpoint = { endpoint: "http://127.0.0.1:8080/webhooks", max_retries: 3 };
 * ```
 */
export interface WebhookEndpoint {
  /** The URL deliveries are POSTed to (loopback unless the emulator is exposed). */
  endpoint: string;
  /** Re-sends after a failed delivery, 0–5, 30 s apart (count-based, deprecated by LivePerson). Default 0. */
  max_retries?: number | undefined;
  /** Custom headers sent with every delivery (as LivePerson's app-install model has them). */
  headers?: readonly { header_name: string; header_value: string }[] | undefined;
}

/**
 * `capabilities.webhooks`: an endpoint per event type, and the TTL-based retry policy.
 *
 * @example
 * ```ts
 * const webhooks: EmulatorWebhooks = {
 *   "ms.MessagingEventNotification.ContentEvent": { endpoint: "http://127.0.0.1:8080/lp" },
 *   "cqm.ExConversationChangeNotification": { endpoint: "http://127.0.0.1:8080/lp" },
 *   retry: { retention_time: 86_400 },
 * };
 * ```
 */
export type EmulatorWebhooks = { [K in WebhookEventType]?: WebhookEndpoint | undefined } & {
  /** TTL-based retry: events of failing conversations are kept this many seconds (2–259200). */
  retry?: { retention_time: number } | undefined;
};

/**
 * How the emulator signs an app's deliveries: LivePerson's default is `sha1` + Base64; SHA-256
 * and a hexadecimal digest exist on request.
 *
 * @example
 * ```ts
 * const signature: WebhookSignature = { algorithm: "sha256", encoding: "hex" };
 * ```
 */
export interface WebhookSignature {
  algorithm?: "sha1" | "sha256" | undefined;
  encoding?: "base64" | "hex" | undefined;
}

/** A checked subscription. */
export interface Subscription {
  readonly url: URL;
  readonly maxRetries: number;
  /** Whether `max_retries` was given (an explicit 0 keeps this webhook out of TTL retry). */
  readonly maxRetriesGiven: boolean;
  readonly headers: Readonly<Record<string, string>>;
}

/** A checked `capabilities.webhooks` map. */
export interface WebhookSettings {
  readonly subscriptions: ReadonlyMap<WebhookEventType, Subscription>;
  /** TTL-based retry's retention, ms; `undefined` for count-based retry. */
  readonly retentionMs: number | undefined;
  readonly signature: { readonly algorithm: "sha1" | "sha256"; readonly encoding: "base64" | "hex" };
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED = new Set(["content-type", "content-length", "host"]);

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function subscription(type: string, value: WebhookEndpoint, where: string, anyHost: boolean): Subscription {
  if (typeof value !== "object" || value === null || typeof value.endpoint !== "string") {
    throw new TypeError(`${where}: ${type} needs { endpoint }`);
  }
  let url: URL;
  try {
    url = new URL(value.endpoint);
  } catch {
    throw new TypeError(`${where}: ${type}.endpoint is not a URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TypeError(`${where}: ${type}.endpoint must be http(s)`);
  }
  if (!anyHost && !isLoopback(url.hostname)) {
    throw new TypeError(
      `${where}: ${type}.endpoint must be a loopback address unless the emulator is exposed`,
    );
  }
  const maxRetries = value.max_retries ?? 0;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > 5) {
    throw new TypeError(`${where}: ${type}.max_retries must be a whole number from 0 to 5`);
  }
  const headers: Record<string, string> = {};
  for (const header of value.headers ?? []) {
    const name = String(header?.header_name ?? "").toLowerCase();
    if (!HEADER_NAME.test(name) || RESERVED.has(name) || name.startsWith("x-liveperson-")) {
      throw new TypeError(`${where}: ${type} has an invalid or reserved custom header name`);
    }
    if (typeof header.header_value !== "string" || /[\r\n\0]/.test(header.header_value)) {
      throw new TypeError(`${where}: ${type} custom header ${name} needs a single-line value`);
    }
    headers[name] = header.header_value;
  }
  return { url, maxRetries, maxRetriesGiven: value.max_retries !== undefined, headers };
}

/**
 * Checks a `capabilities.webhooks` map and the signature settings; throws a TypeError naming the
 * problem.
 *
 * @example
 * ```ts
 * normaliseWebhooks({ "cqm.ExConversationChangeNotification": { endpoint: "http://127.0.0.1:8080/" } }, undefined, "app x", false);
 * ```
 */
export function normaliseWebhooks(
  webhooks: EmulatorWebhooks | undefined,
  signature: WebhookSignature | undefined,
  where: string,
  anyHost: boolean,
): WebhookSettings | undefined {
  if (webhooks === undefined) {
    return undefined;
  }
  if (typeof webhooks !== "object" || webhooks === null) {
    throw new TypeError(`${where}: capabilities.webhooks must be an object`);
  }
  const subscriptions = new Map<WebhookEventType, Subscription>();
  for (const [key, value] of Object.entries(webhooks)) {
    if (key === "retry" || value === undefined) {
      continue;
    }
    if (!(WEBHOOK_EVENT_TYPES as readonly string[]).includes(key)) {
      throw new TypeError(`${where}: unknown webhook event type ${JSON.stringify(key)}`);
    }
    subscriptions.set(key as WebhookEventType, subscription(key, value as WebhookEndpoint, where, anyHost));
  }
  const retention = webhooks.retry?.retention_time;
  if (retention !== undefined && (!Number.isFinite(retention) || retention < 2 || retention > 259_200)) {
    throw new TypeError(`${where}: retry.retention_time must be 2 to 259200 seconds`);
  }
  const algorithm = signature?.algorithm ?? "sha1";
  const encoding = signature?.encoding ?? "base64";
  if ((algorithm !== "sha1" && algorithm !== "sha256") || (encoding !== "base64" && encoding !== "hex")) {
    throw new TypeError(`${where}: signature is { algorithm: sha1 | sha256, encoding: base64 | hex }`);
  }
  return {
    subscriptions,
    retentionMs: retention === undefined ? undefined : retention * 1000,
    signature: { algorithm, encoding },
  };
}
