/**
 * Checks of builder input, each throwing an `InvalidArgumentError` that names the input and never
 * echoes it (a caller may pass a token in the wrong place).
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;
/** A lone UTF-16 surrogate: in `u` mode, paired surrogates form one code point and do not match. */
const LONE_SURROGATE = /\p{Cs}/u;
/** Ids LivePerson hands out (conversation and dialog UUIDs, request ids): visible ASCII. */
const ID = /^[\x21-\x7e]{1,128}$/;
const MAX_DEPTH = 32;

/** A fresh request envelope id (UUID v4), as LivePerson's guide recommends. */
export function newEnvelopeId(): string {
  return crypto.randomUUID();
}

/** Checks an id such as a conversation or dialog id (1–128 visible ASCII characters). */
export function assertId(value: unknown, name: string): string {
  if (typeof value !== "string" || !ID.test(value)) {
    throw new InvalidArgumentError(name, "expected an id of 1-128 visible ASCII characters");
  }
  return value;
}

/** Checks a request envelope id: an id string, or a non-negative safe integer. */
export function assertEnvelopeId(value: unknown, name = "id"): string | number {
  if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
    return value;
  }
  return assertId(value, name);
}

/** Checks text meant for a person or a field: a string, no lone surrogates, optionally non-empty. */
export function assertText(
  value: unknown,
  name: string,
  options: { allowEmpty?: boolean; max?: number } = {},
): string {
  if (typeof value !== "string" || (!options.allowEmpty && value === "")) {
    throw new InvalidArgumentError(
      name,
      options.allowEmpty ? "expected a string" : "expected a non-empty string",
    );
  }
  if (LONE_SURROGATE.test(value)) {
    throw new InvalidArgumentError(name, "contains a lone surrogate (not valid Unicode text)");
  }
  if (options.max !== undefined && value.length > options.max) {
    throw new InvalidArgumentError(name, `expected at most ${options.max} characters`);
  }
  return value;
}

/** Checks a single-line value (no control characters), e.g. a header or a cause. */
export function assertLine(value: unknown, name: string, max = 256): string {
  const text = assertText(value, name, { max });
  if (CONTROL.test(text)) {
    throw new InvalidArgumentError(name, "contains control characters");
  }
  return text;
}

/** Checks that `value` is one of `allowed`. */
export function assertOneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(name, `expected one of ${allowed.join(", ")}`);
  }
  return value as T;
}

/** Checks a non-negative safe integer. */
export function assertCount(value: unknown, name: string, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new InvalidArgumentError(name, `expected an integer from 0 to ${max}`);
  }
  return value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return false;
  }
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Checks that `value` is plain JSON data that `JSON.stringify` keeps as it is: objects, arrays,
 * strings without lone surrogates, finite numbers, booleans, null — no `undefined`, functions,
 * Maps, Dates, class instances or cycles.
 */
export function assertJsonData(value: unknown, name: string, depth = 0): void {
  if (depth > MAX_DEPTH) {
    throw new InvalidArgumentError(name, `nested deeper than ${MAX_DEPTH} levels (or circular)`);
  }
  if (value === null || typeof value === "boolean") {
    return;
  }
  if (typeof value === "string") {
    assertText(value, name, { allowEmpty: true });
    return;
  }
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new InvalidArgumentError(name, "contains a number JSON cannot represent (NaN or Infinity)");
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      assertJsonData(item, `${name}[${i}]`, depth + 1);
    }
    return;
  }
  if (!isPlainObject(value)) {
    throw new InvalidArgumentError(
      name,
      `expected plain JSON data, got ${typeof value === "object" ? "an object of a class" : `a ${typeof value}`}`,
    );
  }
  for (const [key, item] of Object.entries(value)) {
    if (item !== undefined) {
      assertJsonData(item, `${name}.${key}`, depth + 1);
    }
  }
}

/** Checks a plain object of JSON data and returns it. */
export function assertJsonObject<T extends object>(value: unknown, name: string): T {
  if (!isPlainObject(value)) {
    throw new InvalidArgumentError(name, "expected a plain object");
  }
  assertJsonData(value, name);
  return value as T;
}
