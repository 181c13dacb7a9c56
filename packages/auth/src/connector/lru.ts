/**
 * A bounded least-recently-used map on one `Map` (its insertion order is the recency order): a hit
 * moves the entry to the end, an insert beyond `capacity` drops the oldest. O(1) per operation and
 * nothing but the `Map` per entry, so a million consumers cost the keys and values themselves.
 *
 * @module
 */

/**
 * A bounded LRU map of strings to values.
 *
 * @example
 * ```ts
 * const lru = createLru<string>(2);
 * lru.set("a", "1"); lru.set("b", "2"); lru.get("a"); lru.set("c", "3");
 * lru.has("b"); // false: the least recently used entry was dropped
 * ```
 */
export interface Lru<V> {
  /** The value, marking it the most recently used. */
  get(key: string): V | undefined;
  /** Whether `key` is held, without touching its recency. */
  has(key: string): boolean;
  /** Stores `value` as the most recently used; drops the oldest entry beyond the capacity. */
  set(key: string, value: V): void;
  /** Removes the entry (with `ifValue`, only while it holds that value); whether it did. */
  delete(key: string, ifValue?: V): boolean;
  clear(): void;
  readonly size: number;
  readonly capacity: number;
  /** Entries dropped to stay within the capacity, since creation. */
  readonly evictions: number;
}

/**
 * Creates an empty LRU of at most `capacity` entries.
 *
 * @example
 * ```ts
 * const jwsByConsumer = createLru<string>(1_000_000);
 * ```
 */
export function createLru<V>(capacity: number): Lru<V> {
  const map = new Map<string, V>();
  let evictions = 0;
  return {
    get(key) {
      const value = map.get(key);
      if (value !== undefined) {
        map.delete(key);
        map.set(key, value);
      }
      return value;
    },
    has: (key) => map.has(key),
    set(key, value) {
      map.delete(key);
      map.set(key, value);
      if (map.size > capacity) {
        const oldest = map.keys().next();
        if (!oldest.done) {
          map.delete(oldest.value);
          evictions += 1;
        }
      }
    },
    delete(key, ifValue) {
      if (ifValue !== undefined && map.get(key) !== ifValue) {
        return false;
      }
      return map.delete(key);
    },
    clear: () => map.clear(),
    get size() {
      return map.size;
    },
    capacity,
    get evictions() {
      return evictions;
    },
  };
}
