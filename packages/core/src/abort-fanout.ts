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

/** The waiters of one signal, and the signal's one listener that calls them all. */
type Waiters = Set<() => void> & { fire?: () => void };

const waiters = new WeakMap<AbortSignal, Waiters>();

/**
 * Calls `listener` once when `signal` aborts (never, if it already has — as with
 * `addEventListener`: check `signal.aborted` first), and returns the function that stops waiting:
 * call it when the waiter settles. However many waiters a signal has, it carries one `abort`
 * listener for all of them, removed with the last.
 *
 * @example
 * ```ts
 * const stop = onAbort(signal, () => reject(new AbortError("aborted by the caller")));
 * work.finally(stop);
 * ```
 */
export function onAbort(signal: AbortSignal, listener: () => void): () => void {
  // A wrapper per wait, so the same function may wait twice and each stop ends only its own wait.
  const wait = () => listener();
  let set = waiters.get(signal);
  if (set === undefined) {
    const created: Waiters = new Set();
    created.fire = () => {
      waiters.delete(signal);
      for (const each of created) {
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
    waiters.set(signal, created);
    signal.addEventListener("abort", created.fire, { once: true });
    set = created;
  }
  const own = set;
  own.add(wait);
  return () => {
    if (own.delete(wait) && own.size === 0 && waiters.get(signal) === own) {
      waiters.delete(signal);
      signal.removeEventListener("abort", own.fire as () => void);
    }
  };
}
