/**
 * The receiver as a Node `http` request listener (also Express and Connect middleware, and
 * Fastify's `request.raw`/`reply.raw`), typed structurally so no Node types are needed. The body is
 * read within the receiver's limits; an oversized, slow or broken body is answered with its status
 * and the connection is closed, so the rest is never buffered.
 *
 * @module
 */
import {
  WebhookBodyError,
  WebhookBodyTooLargeError,
  type WebhookError,
  WebhookUnavailableError,
} from "@lpkit/core";
import type { HeaderSource } from "./delivery-headers.js";
import { concat, declaredTooLarge } from "./read-body.js";
import { admissionOf } from "./receiver.js";
import type { WebhookAnswer, WebhookReceiver } from "./receiver-types.js";

/** What the adapter uses of an `http.IncomingMessage`. */
export interface NodeRequestLike {
  readonly method?: string | undefined;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** A body middleware already read as bytes (Express `raw()`); used instead of the stream. */
  readonly body?: unknown;
  on(event: "data", listener: (chunk: Uint8Array) => void): unknown;
  on(event: "end" | "close", listener: () => void): unknown;
  on(event: "error", listener: (error: unknown) => void): unknown;
  removeAllListeners?(event: "data"): unknown;
  resume(): unknown;
}

/** What the adapter uses of an `http.ServerResponse`. */
export interface NodeResponseLike {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: string): unknown;
  readonly headersSent?: boolean;
}

/** Reads a Node request body within `maxBytes` and `timeoutMs`. */
function readNodeBody(request: NodeRequestLike, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let settled = false;
    const finish = (error: WebhookError | undefined) => {
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        if (error) {
          request.removeAllListeners?.("data");
          reject(error);
        } else {
          resolve(concat(chunks, total));
        }
      }
    };
    const timer = setTimeout(
      () => finish(new WebhookBodyError("timeout", `the body did not arrive within ${timeoutMs} ms`)),
      timeoutMs,
    );
    request.on("data", (chunk) => {
      total += chunk.byteLength;
      if (total > maxBytes) {
        finish(new WebhookBodyTooLargeError(maxBytes));
      } else if (!settled) {
        chunks.push(chunk);
      }
    });
    request.on("end", () => finish(undefined));
    request.on("error", () =>
      finish(new WebhookBodyError("incomplete", "the body broke off before its end")),
    );
    request.on("close", () =>
      finish(new WebhookBodyError("incomplete", "the connection closed before the body ended")),
    );
  });
}

function write(response: NodeResponseLike, answer: WebhookAnswer, close: boolean): void {
  if (response.headersSent) {
    return;
  }
  response.writeHead(
    answer.status,
    close ? { ...answer.headers, connection: "close" } : { ...answer.headers },
  );
  response.end(answer.body);
}

/**
 * A Node request listener for `http.createServer`, Express (`app.post(path, listener)`, with no
 * JSON body parser before it, or after `express.raw({ type: "*\/*" })`) and Connect.
 *
 * @example
 * ```ts
 * import { createServer } from "node:http";
 * import { createWebhookReceiver, toNodeListener } from "@lpkit/connector";
 *
 * const receiver = createWebhookReceiver({ accountId, clientId, clientSecret, onContent });
 * createServer(toNodeListener(receiver)).listen(8080);
 * ```
 */
export function toNodeListener(
  receiver: WebhookReceiver,
): (request: NodeRequestLike, response: NodeResponseLike) => void {
  const admission = admissionOf(receiver);
  const { maxBodyBytes, bodyTimeoutMs } = receiver.limits;
  const headersOf = (request: NodeRequestLike): HeaderSource => request.headers;

  async function serve(request: NodeRequestLike, response: NodeResponseLike): Promise<void> {
    const method = request.method ?? "GET";
    const leave = admission.enter();
    if (leave instanceof WebhookUnavailableError) {
      write(response, admission.refuse(leave), true);
      request.resume();
      return;
    }
    try {
      if (request.body instanceof Uint8Array) {
        write(
          response,
          await admission.process({ method, headers: headersOf(request), body: request.body }),
          false,
        );
        return;
      }
      if (method.toUpperCase() !== "POST") {
        write(
          response,
          await admission.process({ method, headers: headersOf(request), body: new Uint8Array(0) }),
          true,
        );
        request.resume();
        return;
      }
      const length = request.headers["content-length"];
      const declared = declaredTooLarge(typeof length === "string" ? length : undefined, maxBodyBytes);
      if (declared) {
        write(response, admission.refuse(declared), true);
        request.resume();
        return;
      }
      let body: Uint8Array;
      try {
        body = await readNodeBody(request, maxBodyBytes, bodyTimeoutMs);
      } catch (error) {
        write(response, admission.refuse(error as WebhookError), true);
        request.resume();
        return;
      }
      write(response, await admission.process({ method, headers: headersOf(request), body }), false);
    } finally {
      leave();
    }
  }

  return (request, response) => {
    serve(request, response).catch(() => {
      // Only a bug or a broken socket gets here; answer 500 if the socket still takes it.
      if (!response.headersSent) {
        response.writeHead(500, { "content-type": "text/plain; charset=utf-8", connection: "close" });
        response.end("internal error");
      }
    });
  };
}
