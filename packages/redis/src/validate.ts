/**
 * Option checks of this package: each throws an `InvalidArgumentError` naming the option, before
 * any command is sent, and never echoes a value. Also the printing hook every object here uses.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { inspectSymbol } from "@lpkit/core/internal";

/**
 * Checks that `value` is a plain options object and returns it.
 *
 * @example
 * ```ts
 * const o = optionsObject(options);
 * ```
 */
export function optionsObject<T>(value: T, name = "options"): T & Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidArgumentError(name, "expected an options object");
  }
  return value as T & Record<string, unknown>;
}

/**
 * An optional whole number in `[1, max]`, or `fallback`.
 *
 * @example
 * ```ts
 * const timeoutMs = optionalPositiveInt(options.commandTimeoutMs, "commandTimeoutMs", 1_000, 60_000);
 * ```
 */
export function optionalPositiveInt(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) {
    return fallback;
  }
  return positiveInt(value, name, max);
}

/**
 * A whole number in `[1, max]`.
 *
 * @example
 * ```ts
 * positiveInt(ttlMs, "ttlMs", 600_000);
 * ```
 */
export function positiveInt(value: unknown, name: string, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > max) {
    throw new InvalidArgumentError(name, `expected a whole number from 1 to ${max}`);
  }
  return value;
}

/**
 * An optional function.
 *
 * @example
 * ```ts
 * const now = optionalFunction(options.now, "now") ?? Date.now;
 * ```
 */
export function optionalFunction<F extends (...args: never[]) => unknown>(
  value: F | undefined,
  name: string,
): F | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw new InvalidArgumentError(name, "expected a function");
  }
  return value;
}

/**
 * A store key: a non-empty string of at most 1024 characters without whitespace or control
 * characters (so it prints and logs cleanly).
 *
 * @example
 * ```ts
 * assertKey(key);
 * ```
 */
export function assertKey(key: unknown, name = "key"): string {
  if (typeof key !== "string" || key.length === 0 || key.length > 1024 || /[\s\p{Cc}]/u.test(key)) {
    throw new InvalidArgumentError(
      name,
      "expected a non-empty key of at most 1024 characters, no whitespace",
    );
  }
  return key;
}

/**
 * Makes `target` print (inspect, `console.log`, `JSON.stringify`) as `describe()` — so no client,
 * key material or password held in a closure or property is ever printed. Returns `target`.
 *
 * @example
 * ```ts
 * return describeAs(store, () => ({ kind: "RedisTokenStore" }));
 * ```
 */
export function describeAs<T extends object>(target: T, describe: () => Record<string, unknown>): T {
  Object.defineProperty(target, "toJSON", { value: describe, enumerable: false });
  Object.defineProperty(target, inspectSymbol, { value: describe, enumerable: false });
  return target;
}
