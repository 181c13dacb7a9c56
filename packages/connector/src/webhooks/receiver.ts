/**
 * The webhook receiver: verifies a delivery (headers, account and client, size, signature over the
 * raw bytes), parses it into typed events, drops duplicates and conversations that are not yours,
 * answers 200 at once and hands the events to the callbacks afterwards, one conversation in order.
 * Every refusal is a typed `WebhookError` with its own status; nothing valid is accepted and then
 * lost: when the receiver cannot take a delivery it answers 503 so that LivePerson sends it again.
 *
 * @module
 */
import {
  WebhookBodyError,
  WebhookError,
  WebhookMethodError,
  WebhookUnavailableError,
  type WebhookUnavailableReason,
} from "@lpkit/core";
import { checkOrigin, headerValues, readDeliveryHeaders } from "./delivery-headers.js";
import { deliveryEvents } from "./notifications.js";
import { createPipeline } from "./pipeline.js";
import { declaredTooLarge, readBody } from "./read-body.js";
import { resolveOptions, type WebhookReceiverOptions } from "./receiver-options.js";
import type {
  Admission,
  DeliveryContextHooks,
  RawDelivery,
  WebhookAnswer,
  WebhookReceiver,
} from "./receiver-types.js";
import { createSignatureVerifier } from "./signature.js";

const admissions = new WeakMap<WebhookReceiver, Admission>();

/** The admission of a receiver made by {@link createWebhookReceiver} (for adapters). */
export function admissionOf(receiver: WebhookReceiver): Admission {
  const admission = admissions.get(receiver);
  if (!admission) {
    throw new TypeError("not a receiver made by createWebhookReceiver");
  }
  return admission;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Writes a receiver answer as a web `Response`. */
export function toResponse(answer: WebhookAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/**
 * Creates a receiver for one application installation's webhooks.
 *
 * @example
 * ```ts
 * import { createWebhookReceiver } from "@lpkit/connector";
 *
 * const receiver = createWebhookReceiver({
 *   accountId: "12345678",
 *   clientId: process.env.LP_CLIENT_ID ?? "",
 *   clientSecret: process.env.LP_CLIENT_SECRET ?? "",
 *   isOwnConversation: (id) => myConversations.has(id),
 *   onContent: async (event) => forwardToUser(event.conversationId, event.change.event.message),
 *   onConversationChange: (event) => {
 *     if (event.change.result.conversationDetails?.stage === "CLOSE") myConversations.delete(event.conversationId);
 *   },
 * });
 * export default { fetch: (request: Request) => receiver.handle(request) };
 * ```
 */
export function createWebhookReceiver(options: WebhookReceiverOptions): WebhookReceiver {
  const settings = resolveOptions(options);
  const verifier = createSignatureVerifier({
    secrets: settings.secrets,
    algorithms: options.signature?.algorithms,
    encoding: options.signature?.encoding,
  });
  const pipeline = createPipeline(options, settings);
  const { stats } = pipeline;
  let inFlight = 0;
  let closed = false;

  const unavailable = (reason: WebhookUnavailableReason, message: string) =>
    new WebhookUnavailableError(reason, message, settings.retryAfterSeconds);

  const refuse = (error: WebhookError): WebhookAnswer => {
    stats.refused[error.code] = (stats.refused[error.code] ?? 0) + 1;
    pipeline.report(() => options.onRefused?.(error));
    const headers: Record<string, string> = { "content-type": "text/plain; charset=utf-8" };
    if (error instanceof WebhookUnavailableError) {
      headers["retry-after"] = String(error.retryAfterSeconds);
    }
    if (error instanceof WebhookMethodError) {
      headers.allow = "POST";
    }
    return { status: error.status, headers, body: error.message, refusal: error, accepted: 0 };
  };

  const enter = (): (() => void) | WebhookUnavailableError => {
    stats.deliveries++;
    if (closed) {
      return unavailable("closed", "the receiver is shutting down");
    }
    if (inFlight >= settings.maxInFlight) {
      return unavailable("overloaded", "too many deliveries at once");
    }
    inFlight++;
    let left = false;
    return () => {
      if (!left) {
        left = true;
        inFlight--;
      }
    };
  };

  async function process(delivery: RawDelivery, hooks?: DeliveryContextHooks): Promise<WebhookAnswer> {
    try {
      if (delivery.method.toUpperCase() !== "POST") {
        throw new WebhookMethodError("only POST is accepted", 405);
      }
      const headers = readDeliveryHeaders(delivery.headers);
      checkOrigin(headers, settings);
      const tooLarge = declaredTooLarge(String(delivery.body.byteLength), settings.maxBodyBytes);
      if (tooLarge) {
        throw tooLarge;
      }
      await verifier.verify(delivery.body, headers.signature);
      let text: string;
      try {
        text = decoder.decode(delivery.body);
      } catch {
        throw new WebhookBodyError("utf8", "the body is not UTF-8");
      }
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new WebhookBodyError("json", "the body is not JSON");
      }
      const context = {
        accountId: headers.accountId,
        clientId: headers.clientId,
        receivedAt: settings.now(),
      };
      const prepared = await pipeline.prepare(deliveryEvents(json, context), unavailable);
      if (closed) {
        throw unavailable("closed", "the receiver is shutting down");
      }
      // From here to the answer nothing awaits: deduplication and admission are one step.
      const accepted = prepared.commit();
      if (hooks?.waitUntil) {
        hooks.waitUntil(accepted.done);
      }
      stats.answered200++;
      return {
        status: 200,
        headers: { "content-type": "text/plain; charset=utf-8" },
        body: "OK",
        refusal: undefined,
        accepted: accepted.count,
      };
    } catch (error) {
      if (error instanceof WebhookError) {
        return refuse(error);
      }
      throw error;
    }
  }

  const receiver: WebhookReceiver = {
    async handle(request, hooks) {
      const leave = enter();
      if (leave instanceof WebhookUnavailableError) {
        request.body?.cancel().catch(() => {});
        return toResponse(refuse(leave));
      }
      try {
        if (request.method.toUpperCase() !== "POST") {
          return toResponse(
            await process({ method: request.method, headers: request.headers, body: new Uint8Array(0) }),
          );
        }
        const declared = declaredTooLarge(
          headerValues(request.headers, "content-length")[0],
          settings.maxBodyBytes,
        );
        if (declared) {
          request.body?.cancel().catch(() => {});
          return toResponse(refuse(declared));
        }
        let body: Uint8Array;
        try {
          body = await readBody(request.body, settings.maxBodyBytes, settings.bodyTimeoutMs);
        } catch (error) {
          if (error instanceof WebhookError) {
            return toResponse(refuse(error));
          }
          throw error;
        }
        return toResponse(await process({ method: request.method, headers: request.headers, body }, hooks));
      } finally {
        leave();
      }
    },
    async receive(delivery, hooks) {
      const leave = enter();
      if (leave instanceof WebhookUnavailableError) {
        return refuse(leave);
      }
      try {
        return await process(delivery, hooks);
      } finally {
        leave();
      }
    },
    idle: () => pipeline.idle(),
    close() {
      closed = true;
      return pipeline.idle();
    },
    stats: () => pipeline.snapshot(),
    limits: { maxBodyBytes: settings.maxBodyBytes, bodyTimeoutMs: settings.bodyTimeoutMs },
  };
  admissions.set(receiver, { enter, process, refuse });
  return receiver;
}
