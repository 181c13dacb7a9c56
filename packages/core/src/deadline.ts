/**
 * Deadlines for lpkit's waits: one timer and, when the caller passed a signal, one listener on it —
 * and an `AbortSignal` only when something asks for one. Creating an `AbortController` and adding
 * and removing listeners on its signal costs several microseconds per request in Node (more than
 * the timer); a deadline runs without them, and a transport that understands deadlines (see
 * {@link deadlineOf}) never makes the signal exist. Exported from `@lpkit/core/internal`.
 *
 * @module
 */
import { onAbort } from "./abort-fanout.js";
import { AbortError, TimeoutError } from "./errors.js";

/**
 * A deadline: it ends when its time is up (reason: a `TimeoutError`) or when the caller's signal
 * aborts (reason: an `AbortError`), whichever comes first; {@link Deadline.clear} stops it. Its timer
 * never keeps the process alive. (`AbortSignal.timeout` cannot be cancelled: its timer and signal
 * would outlive every fast answer by the whole timeout.)
 *
 * @example
 * ```ts
 * const deadline = startDeadline(35_000, callerSignal);
 * try {
 *   await exchange(request, { transport, timeoutMs: 0, deadline, maxBodyBytes, what });
 * } finally {
 *   deadline.clear();
 * }
 * ```
 */
export interface Deadline {
  /** Whether the deadline has ended. */
  readonly aborted: boolean;
  /** What ended it (a `TimeoutError` or an `AbortError`, or the caller signal's reason); `undefined` before. */
  readonly reason: unknown;
  /** A signal that aborts with {@link Deadline.reason} when the deadline ends — made on first read. */
  readonly signal: AbortSignal;
  /** Calls `listener` once when the deadline ends (never after {@link Deadline.clear}). */
  subscribe(listener: () => void): void;
  /** Removes a listener added with {@link Deadline.subscribe}. */
  unsubscribe(listener: () => void): void;
  /** Stops the timer and the listener on the caller's signal; call when the work is done. */
  clear(): void;
}

/** The listeners of a deadline: none, one, or several (one is by far the most common). */
type Listeners = (() => void) | (() => void)[] | undefined;

function added(listeners: Listeners, listener: () => void): Listeners {
  if (listeners === undefined) {
    return listener;
  }
  return typeof listeners === "function" ? [listeners, listener] : [...listeners, listener];
}

function removed(listeners: Listeners, listener: () => void): Listeners {
  if (listeners === listener) {
    return undefined;
  }
  if (Array.isArray(listeners)) {
    const index = listeners.indexOf(listener);
    if (index >= 0) {
      return listeners.filter((_, i) => i !== index);
    }
  }
  return listeners;
}

function notify(listeners: Listeners): void {
  if (typeof listeners === "function") {
    listeners();
  } else if (listeners !== undefined) {
    for (const listener of listeners) {
      listener();
    }
  }
}

/** The deadline of {@link startDeadline}. */
class TimedDeadline implements Deadline {
  #reason: unknown;
  #ended = false;
  #controller: AbortController | undefined;
  #listeners: Listeners;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Stops waiting for the caller's signal (one shared listener per signal: see `onAbort`). */
  #stopCallerWait: (() => void) | undefined;

  constructor(timeoutMs: number, caller: AbortSignal | undefined) {
    if (caller?.aborted) {
      this.#end(new AbortError("aborted by the caller"));
      return;
    }
    if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
      this.#timer = setTimeout(() => {
        this.#end(new TimeoutError(`no answer within ${timeoutMs} ms`, timeoutMs));
      }, timeoutMs);
      (this.#timer as { unref?: () => void }).unref?.();
    }
    if (caller !== undefined) {
      this.#stopCallerWait = onAbort(caller, () => this.#end(new AbortError("aborted by the caller")));
    }
  }

  get aborted(): boolean {
    return this.#ended;
  }

  get reason(): unknown {
    return this.#reason;
  }

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#ended) {
        this.#controller.abort(this.#reason);
      }
    }
    return this.#controller.signal;
  }

  subscribe(listener: () => void): void {
    if (!this.#ended) {
      this.#listeners = added(this.#listeners, listener);
    }
  }

  unsubscribe(listener: () => void): void {
    this.#listeners = removed(this.#listeners, listener);
  }

  #stop(): void {
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    if (this.#stopCallerWait !== undefined) {
      this.#stopCallerWait();
      this.#stopCallerWait = undefined;
    }
  }

  #end(reason: unknown): void {
    if (this.#ended) {
      return;
    }
    this.#ended = true;
    this.#reason = reason;
    this.#stop();
    this.#controller?.abort(reason);
    const listeners = this.#listeners;
    this.#listeners = undefined;
    notify(listeners);
  }

  clear(): void {
    this.#stop();
    this.#listeners = undefined;
  }
}

/**
 * Starts a {@link Deadline} of `timeoutMs` (`0` = none) that also ends when `caller` aborts.
 *
 * @example
 * ```ts
 * const deadline = startDeadline(10_000, options.signal);
 * ```
 */
export function startDeadline(timeoutMs: number, caller: AbortSignal | undefined): Deadline {
  return new TimedDeadline(timeoutMs, caller);
}

/**
 * A {@link Deadline} that is `signal` itself: it ends when `signal` aborts, with the signal's own
 * reason (so the signal of another deadline that timed out still reads as a timeout).
 *
 * @example
 * ```ts
 * const deadline = signalDeadline(callerSignal);
 * ```
 */
export function signalDeadline(signal: AbortSignal): Deadline {
  return {
    get aborted() {
      return signal.aborted;
    },
    get reason() {
      return signal.reason;
    },
    signal,
    subscribe: (listener) => signal.addEventListener("abort", listener, { once: true }),
    unsubscribe: (listener) => signal.removeEventListener("abort", listener),
    clear() {},
  };
}

/**
 * The key under which a request built by `exchange` carries its {@link Deadline} (see
 * {@link deadlineOf}). A registered symbol: a request spread into a new object keeps it.
 */
export const DEADLINE: unique symbol = Symbol.for("lpkit.deadline") as never;

/**
 * The deadline of a request `exchange` built, or `undefined` for any other request. A transport
 * that follows it (`subscribe`/`unsubscribe`, `aborted`, `reason`) instead of `request.signal`
 * spares the signal's creation; reading `request.signal` works either way.
 *
 * @example
 * ```ts
 * const deadline = deadlineOf(request);
 * if (deadline?.aborted ?? request.signal.aborted) throw deadline?.reason ?? request.signal.reason;
 * ```
 */
export function deadlineOf(request: object): Deadline | undefined {
  return (request as { [DEADLINE]?: Deadline })[DEADLINE];
}

/**
 * What ended a wait on an aborted signal or deadline: a `TimeoutError` when an lpkit deadline ran
 * out (its reason is a `TimeoutError`), else an `AbortError` (the caller's own signal).
 *
 * @example
 * ```ts
 * if (deadline.aborted) throw abortedBy(deadline, "faasGW invoke", "https://gw.example:443");
 * ```
 */
export function abortedBy(
  ended: { readonly reason: unknown },
  what: string,
  origin?: string,
): TimeoutError | AbortError {
  const reason: unknown = ended.reason;
  if (reason instanceof TimeoutError) {
    const from = origin === undefined ? "" : ` from ${origin}`;
    return new TimeoutError(`${what}: no answer${from} within ${reason.timeoutMs} ms`, reason.timeoutMs);
  }
  return new AbortError(`${what}: aborted by the caller`);
}
