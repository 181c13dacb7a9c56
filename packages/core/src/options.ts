/**
 * The options kit: every factory of lpkit checks its options once, at its boundary, with these
 * helpers, and the hot path never checks them again. Each check throws an
 * {@link InvalidArgumentError} naming the option and saying the unit it expects (milliseconds,
 * seconds, bytes), without echoing a value that could be a secret. Exported from
 * `@lpkit/core/internal`.
 *
 * @module
 */
import { InvalidArgumentError } from "./errors.js";
import { describe } from "./validate.js";

/**
 * Whether `value` is a non-null, non-array object.
 *
 * @example
 * ```ts
 * isRecord({ a: 1 }); // true
 * isRecord([1]);      // false
 * ```
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks that an options argument is a plain object and returns it.
 *
 * @example
 * ```ts
 * const options = assertOptionsObject(input, "options");
 * ```
 */
export function assertOptionsObject<T extends object>(value: T | undefined | null, name = "options"): T {
  if (!isRecord(value)) {
    throw new InvalidArgumentError(name, `expected an options object, got ${describe(value)}`);
  }
  return value;
}

/**
 * Checks an optional boolean: only `true`, `false` or `undefined` (so `"yes"` or `1` can never switch
 * anything on).
 *
 * @example
 * ```ts
 * const allowInsecureHttp = optionalBoolean(options.allowInsecureHttp, "allowInsecureHttp") ?? false;
 * ```
 */
export function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value !== undefined && typeof value !== "boolean") {
    throw new InvalidArgumentError(name, `expected true or false, got ${describe(value)}`);
  }
  return value;
}

/**
 * Checks an optional function and returns it.
 *
 * @example
 * ```ts
 * const now = optionalFunction<() => number>(options.now, "now") ?? Date.now;
 * ```
 */
export function optionalFunction<T>(value: unknown, name: string): T | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw new InvalidArgumentError(name, `expected a function, got ${describe(value)}`);
  }
  return value as T | undefined;
}

/**
 * Checks a non-negative, finite number of milliseconds and returns it.
 *
 * @example
 * ```ts
 * assertDuration(5_000, "timeoutMs");
 * ```
 */
export function assertDuration(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(
      name,
      `expected a non-negative number of milliseconds, got ${describe(value)}`,
    );
  }
  return value;
}

/**
 * An optional duration in milliseconds, or `fallback`.
 *
 * @example
 * ```ts
 * const timeoutMs = optionalDuration(options.timeoutMs, "timeoutMs", 10_000);
 * ```
 */
export function optionalDuration(value: unknown, name: string, fallback: number): number {
  return value === undefined ? fallback : assertDuration(value, name);
}

/**
 * An optional non-negative, finite number of **seconds**, or `fallback`.
 *
 * @example
 * ```ts
 * const clockToleranceSec = optionalSeconds(options.clockToleranceSec, "clockToleranceSec", 30);
 * ```
 */
export function optionalSeconds(value: unknown, name: string, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new InvalidArgumentError(name, `expected a non-negative number of seconds, got ${describe(value)}`);
  }
  return value;
}

/**
 * Checks a whole number in `[min, max]` (a count, or a number of milliseconds where a fraction makes
 * no sense) and returns it.
 *
 * @example
 * ```ts
 * assertWholeNumber(ttlMs, "ttlMs", 1, 600_000);
 * ```
 */
export function assertWholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new InvalidArgumentError(
      name,
      `expected a whole number from ${min} to ${max}, got ${describe(value)}`,
    );
  }
  return value;
}

/**
 * An optional whole number in `[min, max]`, or `fallback`.
 *
 * @example
 * ```ts
 * const maxPending = optionalWholeNumber(options.maxPending, "maxPending", 32, 1, 100_000);
 * ```
 */
export function optionalWholeNumber(
  value: unknown,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  return value === undefined ? fallback : assertWholeNumber(value, name, min, max);
}

/**
 * An optional byte limit (a positive safe integer), or `fallback`.
 *
 * @example
 * ```ts
 * const maxResponseBytes = optionalByteLimit(options.maxResponseBytes, "maxResponseBytes", 4 << 20);
 * ```
 */
export function optionalByteLimit(value: unknown, name: string, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new InvalidArgumentError(
      name,
      `expected a positive integer number of bytes, got ${describe(value)}`,
    );
  }
  return value;
}

/**
 * Checks an optional `AbortSignal` (anything with `aborted` and `addEventListener`).
 *
 * @example
 * ```ts
 * const signal = optionalSignal(callOptions?.signal);
 * ```
 */
export function optionalSignal(value: unknown, name = "signal"): AbortSignal | undefined {
  if (value === undefined) {
    return undefined;
  }
  const candidate = value as Partial<AbortSignal> | null;
  if (
    typeof value !== "object" ||
    candidate === null ||
    typeof candidate.aborted !== "boolean" ||
    typeof candidate.addEventListener !== "function"
  ) {
    throw new InvalidArgumentError(name, `expected an AbortSignal, got ${describe(value)}`);
  }
  return value as AbortSignal;
}

/**
 * Checks the optional per-call options object `{ signal }` and returns the signal.
 *
 * @example
 * ```ts
 * const signal = callSignal(callOptions);
 * ```
 */
export function callSignal(options: unknown): AbortSignal | undefined {
  if (options === undefined) {
    return undefined;
  }
  if (!isRecord(options)) {
    throw new InvalidArgumentError(
      "options",
      `expected an object such as { signal }, got ${describe(options)}`,
    );
  }
  return optionalSignal(options.signal);
}
