/**
 * Deadlines for lpkit's waits: one controller, one cancellable timer and one listener on the
 * caller's signal, and the typed error that says what ended a wait. Exported from
 * `@lpkit/core/internal`.
 *
 * @module
 */
import { AbortError, TimeoutError } from "./errors.js";

/**
 * A deadline: one controller, one timer (cleared by {@link Deadline.clear}, and not keeping the
 * process alive) and one listener on the caller's signal. Its signal aborts with a `TimeoutError`
 * when time is up and with an `AbortError` when the caller aborts. (`AbortSignal.timeout` cannot be
 * cancelled: its timer and signal would outlive every fast answer by the whole timeout.)
 *
 * @example
 * ```ts
 * const deadline = startDeadline(35_000, callerSignal);
 * try {
 *   await exchange(request, { transport, timeoutMs: 0, signal: deadline.signal, maxBodyBytes, what });
 * } finally {
 *   deadline.clear();
 * }
 * ```
 */
export interface Deadline {
  readonly signal: AbortSignal;
  /** Stops the timer and the listener; call when the work is done. */
  clear(): void;
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
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  if (timeoutMs > 0 && Number.isFinite(timeoutMs)) {
    timer = setTimeout(() => {
      controller.abort(new TimeoutError(`no answer within ${timeoutMs} ms`, timeoutMs));
    }, timeoutMs);
    (timer as { unref?: () => void }).unref?.();
  }
  let onAbort: (() => void) | undefined;
  if (caller?.aborted) {
    controller.abort(new AbortError("aborted by the caller"));
  } else if (caller !== undefined) {
    onAbort = () => controller.abort(new AbortError("aborted by the caller"));
    caller.addEventListener("abort", onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    clear() {
      if (timer !== undefined) {
        clearTimeout(timer);
      }
      if (onAbort !== undefined) {
        caller?.removeEventListener("abort", onAbort);
      }
    },
  };
}

/**
 * What ended a wait on an aborted `signal`: a `TimeoutError` when an lpkit deadline ran out (its
 * reason is a `TimeoutError`), else an `AbortError` (the caller's own signal).
 *
 * @example
 * ```ts
 * if (signal.aborted) throw abortedBy(signal, "faasGW invoke", "https://gw.example:443");
 * ```
 */
export function abortedBy(signal: AbortSignal, what: string, origin?: string): TimeoutError | AbortError {
  const reason: unknown = signal.reason;
  if (reason instanceof TimeoutError) {
    const from = origin === undefined ? "" : ` from ${origin}`;
    return new TimeoutError(`${what}: no answer${from} within ${reason.timeoutMs} ms`, reason.timeoutMs);
  }
  return new AbortError(`${what}: aborted by the caller`);
}
