/**
 * One request on undici's dispatcher, as a handler of undici's callback API (the API its own
 * clients use, with nothing wrapped around it): the status and raw headers, the body collected up
 * to the bound, the signal followed, the promise settled exactly once.
 *
 * @module
 */
import type { TransportRequest, TransportResponse } from "@lpkit/core";
import { type Deadline, deadlineOf } from "@lpkit/core/internal";
import { bodyText, decodersFor } from "./decode-body.js";
import { RawHeaders } from "./raw-headers.js";

/** Why this transport ends a request whose body is over the bound (never reported: the answer is). */
const OVER_THE_BOUND = new Error("the response body is larger than maxBodyBytes");
/** Why this transport drops a request that was abandoned while it waited for a connection. */
const ABANDONED = new Error("the request was abandoned before it was sent");

type Abort = (reason?: Error) => void;

/** `content-length` (14) and `content-encoding` (16) found in one pass over the raw names. */
function framing(raw: readonly (Buffer | string)[]): { length: number; encoding: string | undefined } {
  let length = Number.NaN;
  let encoding: string | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as Buffer | string;
    if (name.length === 14 || name.length === 16) {
      const lower = String(name).toLowerCase();
      if (lower === "content-length") {
        length = Number(String(raw[i + 1]));
      } else if (lower === "content-encoding") {
        const value = String(raw[i + 1]);
        encoding = encoding === undefined ? value : `${encoding}, ${value}`;
      }
    }
  }
  return { length, encoding };
}

/** Whether a response to `method` with `status` has no body whose coding would be undone. */
function bodyless(method: string, status: number): boolean {
  return method === "HEAD" || method === "CONNECT" || status === 204 || status === 304;
}

/** The deadline or the signal a request follows, seen through the deadline's three members. */
export function limitOf(
  request: TransportRequest,
): Pick<Deadline, "aborted" | "reason" | "subscribe" | "unsubscribe"> {
  const deadline = deadlineOf(request);
  if (deadline !== undefined) {
    return deadline;
  }
  const { signal } = request;
  return {
    get aborted() {
      return signal.aborted;
    },
    get reason() {
      return signal.reason;
    },
    subscribe: (listener) => signal.addEventListener("abort", listener, { once: true }),
    unsubscribe: (listener) => signal.removeEventListener("abort", listener),
  };
}

/**
 * The handler of one request: settles `resolve`/`reject` once — with the answer, with the signal's
 * reason as soon as it aborts (a request still queued is dropped when its turn comes), or with the
 * failure undici reports.
 */
export class DispatchHandler {
  readonly #request: TransportRequest;
  readonly #resolve: (response: TransportResponse) => void;
  readonly #reject: (error: unknown) => void;
  #settled = false;
  #abort: Abort | undefined;
  #status = 0;
  #statusText = "";
  #headers: RawHeaders | undefined;
  #encoding: string | undefined;
  #chunks: Buffer[] = [];
  #size = 0;
  readonly #onAbort: () => void;
  /** What the request follows: `exchange`'s deadline when it has one (no signal is made), else its signal. */
  readonly #limit: Pick<Deadline, "reason" | "subscribe" | "unsubscribe">;

  constructor(
    request: TransportRequest,
    resolve: (response: TransportResponse) => void,
    reject: (error: unknown) => void,
  ) {
    this.#request = request;
    this.#resolve = resolve;
    this.#reject = reject;
    const limit = limitOf(request);
    this.#limit = limit;
    this.#onAbort = () => {
      this.#fail(limit.reason);
      this.#abort?.(ABANDONED);
    };
    limit.subscribe(this.#onAbort);
  }

  #done(): void {
    this.#settled = true;
    this.#limit.unsubscribe(this.#onAbort);
  }

  #fail(error: unknown): void {
    if (!this.#settled) {
      this.#done();
      this.#reject(error);
    }
  }

  #answer(body: string | undefined): void {
    if (!this.#settled) {
      this.#done();
      this.#resolve({
        status: this.#status,
        statusText: this.#statusText,
        headers: this.#headers as RawHeaders,
        body,
      });
    }
  }

  /** The request is about to be written; `abort` ends it. */
  onConnect(abort: Abort): void {
    this.#abort = abort;
    if (this.#settled) {
      // Abandoned while it waited in the queue: never sent.
      abort(ABANDONED);
    }
  }

  onHeaders(status: number, raw: Buffer[], _resume: () => void, statusText: string): boolean {
    if (status < 200) {
      return true; // 1xx: informational, the answer follows
    }
    this.#status = status;
    this.#statusText = statusText;
    this.#headers = new RawHeaders(raw);
    const { length, encoding } = framing(raw);
    if (!bodyless(this.#request.method, status)) {
      this.#encoding = encoding;
    }
    if (length > this.#request.maxBodyBytes) {
      this.#answer(undefined);
      this.#abort?.(OVER_THE_BOUND);
      return false;
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#settled) {
      return false;
    }
    this.#size += chunk.length;
    if (this.#size > this.#request.maxBodyBytes) {
      this.#chunks = [];
      this.#answer(undefined);
      this.#abort?.(OVER_THE_BOUND);
      return false;
    }
    this.#chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.#settled) {
      return;
    }
    let text: string | undefined;
    try {
      text = bodyText(this.#chunks, this.#size, decodersFor(this.#encoding), this.#request.maxBodyBytes);
    } catch (error) {
      this.#fail(error);
      return;
    }
    this.#chunks = [];
    this.#answer(text);
  }

  onError(error: Error): void {
    this.#fail(error);
  }
}
