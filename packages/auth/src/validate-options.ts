/**
 * Small option checks shared by the entry points of `@lpkit/auth`. Each throws an
 * `InvalidArgumentError` naming the option, before any request is made, and never echoes a value
 * that could be a secret.
 *
 * @module
 */
import { InvalidArgumentError, type Now } from "@lpkit/core";

/**
 * Checks that the options argument is a plain object.
 *
 * @example
 * ```ts
 * assertOptions(options); // throws InvalidArgumentError("options") for null, a string, …
 * ```
 */
export function assertOptions(options: unknown, name = "options"): asserts options is object {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InvalidArgumentError(name, "expected an options object");
  }
}

/**
 * Checks an optional callback option.
 *
 * @example
 * ```ts
 * assertOptionalFunction(options.onEvent, "onEvent");
 * ```
 */
export function assertOptionalFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== "function") {
    throw new InvalidArgumentError(name, "expected a function");
  }
}

/**
 * Checks an optional clock and returns it, or `Date.now`.
 *
 * @example
 * ```ts
 * const now = assertNow(options.now);
 * ```
 */
export function assertNow(value: unknown, name = "now"): Now {
  assertOptionalFunction(value, name);
  return (value as Now | undefined) ?? Date.now;
}

/**
 * Checks the optional `{ signal }` of a call and returns the signal.
 *
 * @example
 * ```ts
 * const signal = checkSignal(callOptions);
 * ```
 */
export function checkSignal(options: unknown): AbortSignal | undefined {
  if (options === undefined) {
    return undefined;
  }
  if (options === null || typeof options !== "object") {
    throw new InvalidArgumentError("options", "expected an object such as { signal }");
  }
  const signal = (options as { signal?: unknown }).signal;
  if (signal === undefined) {
    return undefined;
  }
  if (
    signal === null ||
    typeof signal !== "object" ||
    typeof (signal as Partial<AbortSignal>).aborted !== "boolean" ||
    typeof (signal as Partial<AbortSignal>).addEventListener !== "function"
  ) {
    throw new InvalidArgumentError("signal", "expected an AbortSignal");
  }
  return signal as AbortSignal;
}
