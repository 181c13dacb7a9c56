/**
 * Lookups by name that see only a record's own properties. `record[name]` with a name that comes
 * from outside (a service name, a header name, a claim, a config key) finds `Object.prototype`'s
 * members too — `"toString"`, `"constructor"`, `"valueOf"`, `"hasOwnProperty"` — and assigning to
 * `record["__proto__"]` changes the record's prototype instead of adding a key. Exported from
 * `@lpkit/core/internal`.
 *
 * @module
 */

/**
 * The value of `key` when `record` has it as its own property, else `undefined`.
 *
 * @example
 * ```ts
 * ownValue({ sentinel: "va.sentinel.liveperson.net" }, "sentinel"); // "va.sentinel.liveperson.net"
 * ownValue({}, "toString");                                          // undefined
 * ```
 */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Sets `record[key] = value` as an own, enumerable data property — also for `"__proto__"`.
 *
 * @example
 * ```ts
 * const headers: Record<string, string> = {};
 * setOwn(headers, "__proto__", "x"); // Object.keys(headers) → ["__proto__"]
 * ```
 */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A frozen record without a prototype, from `[key, value]` pairs: no inherited names to find.
 *
 * @example
 * ```ts
 * const hosts = frozenRecord([["sentinel", "va.sentinel.liveperson.net"]]);
 * hosts.toString; // undefined
 * ```
 */
export function frozenRecord<T>(entries: Iterable<readonly [string, T]>): Readonly<Record<string, T>> {
  const out = Object.create(null) as Record<string, T>;
  for (const [key, value] of entries) {
    setOwn(out, key, value);
  }
  return Object.freeze(out);
}
