/**
 * Writing the emulator's answers: with `Content-Length`, without a body for HEAD, and with
 * `Connection: close` when the request's body was left unread (Node then closes the socket once the
 * answer is out instead of reading the rest of the body); and the reset a fault asks for.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { EmulatorResponse } from "./http-types.js";

/**
 * Writes `response` unless an answer was already sent.
 *
 * @example
 * ```ts
 * writeResponse(req, res, jsonResponse(401, body), true); // closes the connection after the answer
 * ```
 */
export function writeResponse(
  req: IncomingMessage,
  res: ServerResponse,
  response: EmulatorResponse,
  bodyUnread: boolean,
): void {
  if (res.destroyed || res.headersSent) {
    return;
  }
  const body = Buffer.from(response.body, "utf8");
  const headers: Record<string, string> = { ...response.headers, "content-length": String(body.length) };
  if (bodyUnread) {
    headers.connection = "close";
  }
  res.writeHead(response.status, headers);
  res.end(req.method === "HEAD" ? undefined : body);
}

/** Resets the connection (TCP RST where Node can; a plain destroy on TLS). */
export function resetSocket(res: ServerResponse): void {
  const socket = res.socket as (ServerResponse["socket"] & { resetAndDestroy?: () => void }) | null;
  if (!socket) {
    return;
  }
  try {
    if (typeof socket.resetAndDestroy === "function" && !("encrypted" in socket)) {
      socket.resetAndDestroy();
      return;
    }
  } catch {
    // fall through to a plain destroy
  }
  socket.destroy();
}
