/**
 * Single flight: however many callers ask at once, one piece of work runs per key and
 * every caller shares its result. A caller's `AbortSignal` ends only that caller's wait — the shared
 * work keeps running for everyone else, and is never tied to the first caller's signal.
 *
 * @module
 */
import { AbortError } from "@lpkit/core";
import { onAbort } from "@lpkit/core/internal";

/** One shared piece of work per key, forgotten as soon as it settles. */
export interface SingleFlight<T> {
  /**
   * Starts `work` for `key`, or joins the run already in flight for that key.
   * The entry is removed when the work settles, so the next call starts afresh.
   */
  run(key: string, work: () => Promise<T>): Promise<T>;
  /** The run in flight for `key`, if any. */
  current(key: string): Promise<T> | undefined;
  /** Number of runs in flight. */
  readonly size: number;
}

/**
 * Creates a per-instance single-flight group (never module-global, so two managers for different
 * clients can never share a run).
 *
 * @example
 * ```ts
 * const flights = createSingleFlight<string>();
 * const [a, b] = await Promise.all([flights.run("k", load), flights.run("k", load)]); // load ran once
 * ```
 */
export function createSingleFlight<T>(): SingleFlight<T> {
  const inFlight = new Map<string, Promise<T>>();
  return {
    run(key, work) {
      const existing = inFlight.get(key);
      if (existing) {
        return existing;
      }
      let promise: Promise<T>;
      try {
        promise = work();
      } catch (error) {
        promise = Promise.reject(error);
      }
      const tracked = promise.finally(() => {
        if (inFlight.get(key) === tracked) {
          inFlight.delete(key);
        }
      });
      inFlight.set(key, tracked);
      return tracked;
    },
    current(key) {
      return inFlight.get(key);
    },
    get size() {
      return inFlight.size;
    },
  };
}

/**
 * Waits for `promise`, but rejects with an {@link AbortError} as soon as `signal` aborts. Aborting
 * ends this wait only: `promise` itself is not cancelled and still settles for other waiters.
 *
 * @example
 * ```ts
 * const token = await waitFor(sharedRefresh, request.signal);
 * ```
 */
export function waitFor<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  what = "the wait",
): Promise<T> {
  if (!signal) {
    return promise;
  }
  if (signal.aborted) {
    // The shared work may still fail later; nobody else may be listening, so mark it handled.
    promise.catch(() => {});
    return Promise.reject(new AbortError(`${what} was aborted by the caller`));
  }
  return new Promise<T>((resolve, reject) => {
    // Many callers wait on one shared signal (a facade's lifetime): one listener for them all.
    const stop = onAbort(signal, () => {
      promise.catch(() => {});
      reject(new AbortError(`${what} was aborted by the caller`));
    });
    promise.then(
      (value) => {
        stop();
        resolve(value);
      },
      (error: unknown) => {
        stop();
        reject(error);
      },
    );
  });
}
