/**
 * The types of the webhook receiver: what goes in (a `Request`, or bytes and headers), what comes
 * out (an answer), its counters, and the admission adapters share.
 *
 * @module
 */
import type { WebhookError, WebhookUnavailableError } from "@lpkit/core";
import type { HeaderSource } from "./delivery-headers.js";

/** A delivery whose body was already read (Express `raw()`, Fastify `parseAs: "buffer"`, …). */
export interface RawDelivery {
  readonly method: string;
  readonly headers: HeaderSource;
  readonly body: Uint8Array;
}

/** Per-call hooks; on Workers pass `{ waitUntil: ctx.waitUntil.bind(ctx) }` so callbacks can finish. */
export interface DeliveryContextHooks {
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined;
}

/** The receiver's answer, for adapters that write it themselves. */
export interface WebhookAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The refusal, when `status` is not 200. */
  readonly refusal: WebhookError | undefined;
  /** Events handed on to callbacks from this delivery. */
  readonly accepted: number;
}

/** Counters since the receiver was created. */
export interface WebhookReceiverStats {
  deliveries: number;
  answered200: number;
  refused: Record<string, number>;
  events: {
    handed: number;
    duplicates: number;
    notOwn: number;
    skipped: number;
    malformed: number;
    failed: number;
  };
  pending: number;
}

/** A webhook receiver; see {@link createWebhookReceiver}. */
export interface WebhookReceiver {
  /** The web-standard handler: `(request) => Promise<Response>` (Hono, Bun, Deno, Workers, undici). */
  handle(request: Request, hooks?: DeliveryContextHooks): Promise<Response>;
  /** For a body your framework already read as bytes; returns the answer to write. */
  receive(delivery: RawDelivery, hooks?: DeliveryContextHooks): Promise<WebhookAnswer>;
  /** Resolves when every accepted event's callback has finished. */
  idle(): Promise<void>;
  /** Refuses new deliveries (503) and resolves when the accepted ones are handled. */
  close(): Promise<void>;
  /** Counters (a snapshot). */
  stats(): WebhookReceiverStats;
  /** The limits adapters apply while reading a body. */
  readonly limits: { readonly maxBodyBytes: number; readonly bodyTimeoutMs: number };
}

/** In-flight admission shared by `handle`, `receive` and the Node adapter. */
export interface Admission {
  /** A slot, or the refusal to answer with. */
  enter(): (() => void) | WebhookUnavailableError;
  /** `receive` without taking a second slot. */
  process(delivery: RawDelivery, hooks?: DeliveryContextHooks): Promise<WebhookAnswer>;
  /** The answer for a refusal (counted and reported). */
  refuse(error: WebhookError): WebhookAnswer;
}
