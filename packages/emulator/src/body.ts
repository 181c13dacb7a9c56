/**
 * Request bodies, read only after the route and the caller were checked, each within its route's
 * size limit and all together within one memory budget, so a flood of large bodies is refused
 * instead of held.
 *
 * @module
 */
import type { IncomingMessage } from "node:http";

/** Largest request body the emulator reads on an invoke route (bytes). */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Largest body of a route that carries no payload: token forms, GETs, the admin endpoint (bytes). */
export const SMALL_BODY_BYTES = 64 * 1024;

/** Default budget for the bodies of all requests being read or handled at once (bytes). */
export const DEFAULT_MAX_BUFFERED_BODY_BYTES = 16 * 1024 * 1024;

/**
 * The bytes all request bodies in flight may hold together.
 *
 * @example
 * ```ts
 * const budget = new BodyBudget(16 * 1024 * 1024);
 * if (!budget.tryTake(length)) respond503();
 * ```
 */
export class BodyBudget {
  #used = 0;
  readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  /** Bytes held now. */
  get used(): number {
    return this.#used;
  }

  /** Reserves `bytes` if they fit; returns whether they did. */
  tryTake(bytes: number): boolean {
    if (this.#used + bytes > this.limit) {
      return false;
    }
    this.#used += bytes;
    return true;
  }

  /** Gives `bytes` back. */
  give(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}

/** The `Content-Length` of a request, or `undefined` when it has none (chunked or no body). */
export function declaredLength(req: IncomingMessage): number | undefined {
  const value = req.headers["content-length"];
  if (value === undefined) {
    return undefined;
  }
  const length = Number(value);
  return Number.isSafeInteger(length) && length >= 0 ? length : undefined;
}

/** Whether the request announces a body the emulator has not read yet. */
export function hasPendingBody(req: IncomingMessage): boolean {
  // Not `req.complete`: that is set as soon as the whole message has arrived, read or not.
  if (req.readableEnded) {
    return false;
  }
  const length = declaredLength(req);
  return length === undefined ? req.headers["transfer-encoding"] !== undefined : length > 0;
}

/**
 * Whether a request answered without its body should leave that body unread (and close the
 * connection): it is large (over 64 KiB) or of unknown length. A small body is cheaper to read than
 * to abandon.
 *
 * @example
 * ```ts
 * if (leaveBodyUnread(req)) respondWithConnectionClose();
 * ```
 */
export function leaveBodyUnread(req: IncomingMessage): boolean {
  if (!hasPendingBody(req)) {
    return false;
  }
  const length = declaredLength(req);
  return length === undefined || length > SMALL_BODY_BYTES;
}

/**
 * Deals with the body of a request that is answered without it: a small body of known length is
 * read and discarded (so the connection stays usable and closing it cannot reset the answer); a
 * large or chunked one is left unread, and the caller answers with `Connection: close`. Returns
 * whether the body is left unread.
 *
 * @example
 * ```ts
 * const unread = leaveBody(req, (bytes) => stats.bodyBytes(bytes));
 * writeResponse(req, res, refusal, unread);
 * ```
 */
export function leaveBody(req: IncomingMessage, onBytes: (bytes: number) => void): boolean {
  if (!hasPendingBody(req)) {
    return false;
  }
  if (leaveBodyUnread(req)) {
    return true;
  }
  req.on("data", (chunk: Buffer) => onBytes(chunk.length));
  req.resume();
  return false;
}

/** What reading a body gave. */
export type BodyOutcome =
  | { readonly ok: true; readonly body: string }
  | { readonly ok: false; readonly reason: "too-large" | "over-budget" | "aborted" };

/** Limits of one read. */
export interface ReadLimits {
  /** Largest body of this route. */
  readonly limit: number;
  readonly budget: BodyBudget;
  /** Called with the size of every chunk read (for the counters). */
  readonly onBytes: (bytes: number) => void;
  /** Called with the bytes reserved in the budget; give them back when the answer is sent. */
  readonly onReserved: (bytes: number) => void;
}

/**
 * Reads a body as UTF-8 text. A declared length over the limit or over the budget is refused
 * before anything is read; a chunked body is counted against both as it arrives.
 *
 * @example
 * ```ts
 * const outcome = await readBody(req, { limit, budget, onBytes, onReserved });
 * if (!outcome.ok && outcome.reason === "over-budget") respond503();
 * ```
 */
export function readBody(req: IncomingMessage, limits: ReadLimits): Promise<BodyOutcome> {
  const declared = declaredLength(req);
  if (!hasPendingBody(req)) {
    return Promise.resolve({ ok: true, body: "" });
  }
  if (declared !== undefined) {
    if (declared > limits.limit) {
      return Promise.resolve({ ok: false, reason: "too-large" });
    }
    if (!limits.budget.tryTake(declared)) {
      return Promise.resolve({ ok: false, reason: "over-budget" });
    }
    limits.onReserved(declared);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    // Stops reading without destroying the request, so a refusal can still be answered (the answer
    // then closes the connection, leaving the rest of the body unread).
    const settle = (outcome: BodyOutcome) => {
      if (settled) {
        return;
      }
      settled = true;
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onAbort);
      req.off("close", onClose);
      if (!outcome.ok) {
        req.pause();
      }
      resolve(outcome);
    };
    const onData = (buffer: Buffer) => {
      size += buffer.length;
      limits.onBytes(buffer.length);
      if (size > limits.limit) {
        settle({ ok: false, reason: "too-large" });
        return;
      }
      if (declared === undefined) {
        if (!limits.budget.tryTake(buffer.length)) {
          settle({ ok: false, reason: "over-budget" });
          return;
        }
        limits.onReserved(buffer.length);
      }
      chunks.push(buffer);
    };
    const onEnd = () => settle({ ok: true, body: Buffer.concat(chunks, size).toString("utf8") });
    const onAbort = () => settle({ ok: false, reason: "aborted" });
    const onClose = () => {
      if (!req.complete) {
        onAbort();
      }
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", onAbort);
    req.once("close", onClose);
  });
}
