/**
 * Serialising a request body as JSON without silent changes. `JSON.stringify` quietly turns a
 * `Map` or `Set` into `{}`, `NaN` and `±Infinity` into `null`, typed arrays into index objects, and
 * drops a property whose `toJSON` returns `undefined`; {@link toJsonText} refuses each of these
 * with an `InvalidArgumentError` before any request is sent. Exported from `@lpkit/core/internal`.
 *
 * @module
 */
import { InvalidArgumentError } from "./errors.js";

/** What JSON would silently change, for a value met while serialising; `undefined` when it is fine. */
function problemWith(value: unknown): string | undefined {
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? undefined : `the number ${String(value)} (JSON has no NaN or Infinity)`;
    case "function":
      return "a function";
    case "symbol":
      return "a symbol";
    case "object":
      break;
    default:
      return undefined;
  }
  if (value === null) {
    return undefined;
  }
  if (value instanceof Map || value instanceof WeakMap) {
    return "a Map (JSON turns it into {})";
  }
  if (value instanceof Set || value instanceof WeakSet) {
    return "a Set (JSON turns it into {})";
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
    return "a typed array or buffer (JSON turns it into an object of indexes)";
  }
  if (value instanceof RegExp || value instanceof Error || value instanceof Promise) {
    return `a ${value.constructor.name} (JSON turns it into {})`;
  }
  return undefined;
}

/** Deeper than this, the plain check gives up (and the exact path reports a cycle, if there is one). */
const MAX_PLAIN_DEPTH = 64;

/**
 * Whether `JSON.stringify(value)` carries `value` exactly and no property has a `toJSON` of its own
 * (a built-in `Date` is fine): strings, booleans, finite numbers, `null`, arrays without holes or
 * `undefined`, and objects of such values that are none of the kinds {@link problemWith} names. A
 * value this says `false` for is not necessarily wrong — it just takes the exact path.
 */
function isPlain(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
      return true;
    case "number":
      return Number.isFinite(value);
    case "object":
      break;
    default:
      return false;
  }
  if (value === null) {
    return true;
  }
  if (depth > MAX_PLAIN_DEPTH) {
    return false;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === undefined || !isPlain(item, depth + 1)) {
        return false;
      }
    }
    return true;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.toJSON === "function") {
    return value instanceof Date && record.toJSON === Date.prototype.toJSON;
  }
  if (problemWith(value) !== undefined) {
    return false;
  }
  for (const key of Object.keys(record)) {
    const item = record[key];
    if (item !== undefined && !isPlain(item, depth + 1)) {
      return false;
    }
  }
  return true;
}

function where(key: string, name: string): string {
  return key === "" ? name : `"${key.length > 40 ? `${key.slice(0, 40)}…` : key}" of ${name}`;
}

/**
 * `JSON.stringify(value)`, or an {@link InvalidArgumentError} naming `name` when JSON cannot carry
 * the value exactly: BigInt, cycles, Map/Set, NaN/±Infinity, typed arrays, functions, symbols,
 * `undefined` in an array, and a `toJSON` that returns `undefined`. An object property whose value is
 * `undefined` is left out, as usual.
 *
 * @example
 * ```ts
 * toJsonText({ a: 1 }, "payload");        // '{"a":1}'
 * toJsonText({ m: new Map() }, "payload"); // throws InvalidArgumentError
 * ```
 */
export function toJsonText(value: unknown, name: string): string {
  // The common case, checked by a walk and serialised without a replacer (several times faster).
  return isPlain(value, 0) ? JSON.stringify(value) : exactJsonText(value, name);
}

/**
 * What {@link toJsonText} does for a value its fast check cannot vouch for: `JSON.stringify` with a
 * replacer that inspects every value met. Same results as `toJsonText` for every input (a property
 * test holds the two together); only slower.
 *
 * @example
 * ```ts
 * exactJsonText({ at: new Date(0) }, "payload"); // '{"at":"1970-01-01T00:00:00.000Z"}'
 * ```
 */
export function exactJsonText(value: unknown, name: string): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, function check(this: unknown, key: string, current: unknown) {
      const original = (this as Record<string, unknown>)[key];
      if (current === undefined && original !== undefined) {
        throw new InvalidArgumentError(
          name,
          `cannot be sent as JSON: ${where(key, name)} has a toJSON that returns undefined`,
        );
      }
      if (current === undefined && Array.isArray(this)) {
        throw new InvalidArgumentError(
          name,
          `cannot be sent as JSON: ${where(key, name)} is undefined (JSON turns it into null)`,
        );
      }
      const problem = problemWith(current);
      if (problem !== undefined) {
        throw new InvalidArgumentError(name, `cannot be sent as JSON: ${where(key, name)} is ${problem}`);
      }
      return current;
    });
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      throw error;
    }
    const reason =
      error instanceof Error && /circular/i.test(error.message)
        ? "it is circular"
        : error instanceof Error && /bigint/i.test(error.message)
          ? "it contains a BigInt"
          : "JSON.stringify failed";
    throw new InvalidArgumentError(name, `cannot be serialised to JSON (${reason})`);
  }
  if (text === undefined) {
    throw new InvalidArgumentError(name, "cannot be serialised to JSON");
  }
  return text;
}
