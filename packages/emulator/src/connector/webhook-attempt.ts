/**
 * One webhook delivery attempt, as LivePerson makes it: a POST of the JSON body with the three
 * `x-liveperson-*` headers (the signature over the exact bytes sent, with the app's client
 * secret), the subscription's custom headers, a time limit (5 s by default), redirects not
 * followed. Only 200 and 201 count as delivered.
 *
 * @module
 */
import { signWebhookBody } from "@lpkit/connector";
import { onAbort } from "@lpkit/core/internal";
import type { AppState } from "../state.js";
import type { Subscription } from "./webhook-config.js";

/** The outcome of one attempt. */
export type AttemptOutcome =
  | { readonly ok: true; readonly status: number; readonly ms: number }
  | { readonly ok: false; readonly status: number | "timeout" | "network"; readonly ms: number };

/** Settings of attempts. */
export interface AttemptSettings {
  readonly timeoutMs: number;
  readonly stopSignal: AbortSignal;
}

/** Flips one character of the digest: a signature that is well-formed but wrong. */
function corrupt(signature: string): string {
  const at = signature.indexOf("=") + 1;
  const c = signature[at] ?? "A";
  return `${signature.slice(0, at)}${c === "A" ? "B" : "A"}${signature.slice(at + 1)}`;
}

/**
 * POSTs `body` to the subscription's endpoint for `app`.
 *
 * @example
 * ```ts
 * const outcome = await attemptDelivery(app, subscription, JSON.stringify(notification.body), false, settings);
 * ```
 */
export async function attemptDelivery(
  app: AppState,
  subscription: Subscription,
  body: string,
  badSignature: boolean,
  settings: AttemptSettings,
): Promise<AttemptOutcome> {
  const started = performance.now();
  const signature = await signWebhookBody(body, app.clientSecret, app.webhooks?.signature);
  // One controller, aborted by a timer of our own or by the stop signal's listener (removed when the
  // attempt ends). Not AbortSignal.timeout (combined through AbortSignal.any, Node 20 can collect it
  // before it fires, and an endpoint that never answers then hangs the attempt) and not
  // AbortSignal.any with the stop signal (Node 20 leaves a WeakRef in the long-lived signal per call).
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, settings.timeoutMs);
  const { stopSignal } = settings;
  if (stopSignal.aborted) {
    controller.abort(stopSignal.reason);
  }
  // One abort listener on the stop signal for every attempt in flight (core's onAbort), not one each.
  const stopWaiting = onAbort(stopSignal, () => controller.abort(stopSignal.reason));
  const signal = controller.signal;
  try {
    const response = await fetch(subscription.url, {
      method: "POST",
      headers: {
        ...subscription.headers,
        "content-type": "application/json",
        "x-liveperson-account-id": app.accountId,
        "x-liveperson-client-id": app.clientId,
        "x-liveperson-signature": badSignature ? corrupt(signature) : signature,
      },
      body,
      signal,
      redirect: "manual",
    });
    // The answer's body is ignored, as LivePerson ignores it; read it so the connection is reused.
    await response.arrayBuffer().catch(() => undefined);
    const ms = performance.now() - started;
    return response.status === 200 || response.status === 201
      ? { ok: true, status: response.status, ms }
      : { ok: false, status: response.status, ms };
  } catch {
    const ms = performance.now() - started;
    return { ok: false, status: timedOut && !settings.stopSignal.aborted ? "timeout" : "network", ms };
  } finally {
    clearTimeout(timer);
    stopWaiting();
  }
}
