/**
 * An in-memory window of recently accepted event keys: LivePerson may deliver an event twice (a
 * retry after a slow or failed answer), and a key seen within the window is a duplicate. Bounded
 * by count (oldest first out) and by age.
 *
 * @module
 */

/** Settings of the deduplication window. */
export interface DedupeOptions {
  /** How long a key is remembered, in ms; 1 hour by default (count-based retries span 2.5 min). */
  windowMs?: number | undefined;
  /** Most keys remembered; 100,000 by default (the oldest go first). */
  maxKeys?: number | undefined;
}

export const DEFAULT_DEDUPE_WINDOW_MS = 60 * 60 * 1000;
export const DEFAULT_DEDUPE_MAX_KEYS = 100_000;

/** The window itself; `has` and `add` are O(1), expiry is amortised. */
export class DedupeWindow {
  readonly #seen = new Map<string, number>();
  readonly #windowMs: number;
  readonly #maxKeys: number;
  readonly #now: () => number;

  constructor(options: DedupeOptions, now: () => number) {
    this.#windowMs = options.windowMs ?? DEFAULT_DEDUPE_WINDOW_MS;
    this.#maxKeys = options.maxKeys ?? DEFAULT_DEDUPE_MAX_KEYS;
    this.#now = now;
  }

  /** Whether `key` was added within the window. */
  has(key: string): boolean {
    const expires = this.#seen.get(key);
    return expires !== undefined && expires > this.#now();
  }

  /** Remembers `key` for the window, forgetting expired and (beyond `maxKeys`) the oldest keys. */
  add(key: string): void {
    const now = this.#now();
    this.#seen.delete(key);
    this.#seen.set(key, now + this.#windowMs);
    for (const [oldest, expires] of this.#seen) {
      if (this.#seen.size <= this.#maxKeys && expires > now) {
        break;
      }
      this.#seen.delete(oldest);
    }
  }

  /** Keys remembered now (expired ones may still count until the next `add`). */
  get size(): number {
    return this.#seen.size;
  }
}
