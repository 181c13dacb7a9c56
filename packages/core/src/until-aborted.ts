/**
 * Racing a promise against a deadline's signal, so a call ends on time even when the `fetch` in use
 * (a wrapper, a mock, a runtime whose signal chain was garbage-collected) does not honour the
 * signal: the call rejects with the signal's reason at once, and whatever the abandoned promise
 * still delivers is released.
 *
 * @module
 */

/**
 * Settles like `promise`, or rejects with `signal.reason` as soon as `signal` aborts. When the
 * promise resolves after that, `release` gets its value (e.g. to cancel a response body).
 *
 * @example
 * ```ts
 * const response = await untilAborted(fetch(request), deadline.signal, (late) => {
 *   late.body?.cancel().catch(() => {});
 * });
 * ```
 */
export function untilAborted<T>(
  promise: Promise<T>,
  signal: AbortSignal,
  release?: (late: T) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let abandoned = false;
    const onAbort = () => {
      abandoned = true;
      reject(signal.reason);
    };
    if (signal.aborted) {
      onAbort();
    } else {
      signal.addEventListener("abort", onAbort, { once: true });
    }
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        if (abandoned) {
          release?.(value);
        } else {
          resolve(value);
        }
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
