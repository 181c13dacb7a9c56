/**
 * One `abort` listener per signal, however many wait on it. A long-lived signal — a facade's
 * lifetime, a caller's signal shared by a batch — may have thousands of waiters at once (a deadline
 * per request, a wait on a shared lookup, a back-off); each adding its own listener piles them up on
 * the one `AbortSignal` (Node warns past 10: `MaxListenersExceededWarning`) and makes every add and
 * remove walk the list. Here a waiter joins a set behind a single listener, leaves it when it
 * settles, and the listener itself goes when the set is empty. Exported from `@lpkit/core/internal`.
 *
 * @module
 */

/** The waiters of each signal that has any, behind the one listener registered for them. */
const waiters = new WeakMap<
  AbortSignal,
  { readonly listeners: Set<() => void>; readonly fire: () => void }
>();

/**
 * Calls `listener` once when `signal` aborts (never, if it already has: check `signal.aborted`
 * first), and returns the function that stops waiting — call it when the waiter settles. However
 * many waiters a signal has, it carries one `abort` listener for all of them.
 *
 * @example
 * ```ts
 * const stop = onAbort(signal, () => reject(new AbortError("aborted by the caller")));
 * work.finally(stop);
 * ```
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  if (signal.aborted) {
    return noop;
  }
  let entry = waiters.get(signal);
  if (entry === undefined) {
    const listeners = new Set<() => void>();
    const fire = () => {
      waiters.delete(signal);
      const all = [...listeners];
      listeners.clear();
      for (const each of all) {
        try {
          each();
        } catch (error) {
          // As an EventTarget does: one listener's throw is reported, the others still run.
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    };
    entry = { listeners, fire };
    waiters.set(signal, entry);
    signal.addEventListener("abort", fire, { once: true });
  }
  // A wrapper, so the same function may wait twice and each stop removes only its own wait.
  const wait = () => listener();
  const { listeners, fire } = entry;
  listeners.add(wait);
  return () => {
    if (listeners.delete(wait) && listeners.size === 0 && waiters.get(signal)?.listeners === listeners) {
      waiters.delete(signal);
      signal.removeEventListener("abort", fire);
    }
  };
}

function noop(): void {}
