/**
 * Building and checking the invocation envelope `{ timestamp, headers, payload }` before it is sent.
 *
 * @module
 */
import { InvalidArgumentError, type Now } from "@lpkit/core";
import { toJsonText } from "@lpkit/core/internal";
import type { components } from "./generated/faasgw.js";
import type { InvocationHeaders } from "./types.js";

/**
 * The request body as the spec defines it.
 *
 * @example
 * ```ts
 * const body: InvocationRequest = { timestamp: 0, headers: [], payload: {} };
 * ```
 */
export type InvocationRequest = components["schemas"]["InvocationRequest"];
/**
 * One header handed to the function.
 *
 * @example
 * ```ts
 * const header: InvocationHeader = { key: "x-correlation-id", value: "order-4711" };
 * ```
 */
export type InvocationHeader = components["schemas"]["InvocationHeader"];

/**
 * Default bound on a serialised invocation body (4 MiB); LivePerson publishes no limit.
 *
 * @example
 * ```ts
 * createFaasClient({ baseUrl, accountId, maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES / 4 });
 * ```
 */
export const DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;

/**
 * Turns the `headers` option (a record or a `{ key, value }` list) into the body's `headers` array.
 *
 * @example
 * ```ts
 * toInvocationHeaders({ "x-a": "1" }); // [{ key: "x-a", value: "1" }]
 * ```
 */
export function toInvocationHeaders(headers: InvocationHeaders | undefined): InvocationHeader[] {
  if (headers === undefined) {
    return [];
  }
  if (headers === null || typeof headers !== "object") {
    throw new InvalidArgumentError("headers", "expected a record of strings or a list of { key, value }");
  }
  const pairs: unknown[] = Array.isArray(headers)
    ? headers
    : Object.entries(headers).map(([key, value]) => ({ key, value }));
  return pairs.map((pair, index) => {
    const { key, value } = (pair ?? {}) as { key?: unknown; value?: unknown };
    if (typeof key !== "string" || key === "") {
      throw new InvalidArgumentError("headers", `entry ${index}: key must be a non-empty string`);
    }
    if (typeof value !== "string") {
      throw new InvalidArgumentError("headers", `entry ${index} (${key}): value must be a string`);
    }
    return { key, value };
  });
}

/** What {@link buildInvocationBody} produces: the body and its serialised form. */
export interface SerializedInvocation {
  body: InvocationRequest;
  json: string;
}

/**
 * Builds the invocation body, serialises it once and bounds its size. Throws
 * {@link InvalidArgumentError} for a missing payload, one that JSON cannot carry exactly (BigInt,
 * cycles, Map/Set, NaN/±Infinity, typed arrays, functions, a `toJSON` returning `undefined`), bad
 * headers, a bad timestamp or a body over `maxBytes` — all before any request.
 *
 * @example
 * ```ts
 * const { json } = buildInvocationBody({ a: 1 }, { timestamp: 0 }, Date.now);
 * // '{"timestamp":0,"headers":[],"payload":{"a":1}}'
 * ```
 */
export function buildInvocationBody(
  payload: unknown,
  options: { headers?: InvocationHeaders | undefined; timestamp?: number | undefined },
  now: Now,
  maxBytes: number = DEFAULT_MAX_REQUEST_BYTES,
): SerializedInvocation {
  if (payload === undefined) {
    throw new InvalidArgumentError(
      "payload",
      "is required; pass null or {} when the function takes no input",
    );
  }
  if (typeof payload === "function" || typeof payload === "symbol") {
    throw new InvalidArgumentError(
      "payload",
      `cannot be serialised to JSON (a ${typeof payload} is not JSON)`,
    );
  }
  const timestamp = options.timestamp ?? now();
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new InvalidArgumentError(
      "timestamp",
      "expected a non-negative integer number of epoch milliseconds",
    );
  }
  const body: InvocationRequest = { timestamp, headers: toInvocationHeaders(options.headers), payload };
  // Refuses what JSON would change silently (Map, Set, NaN, typed arrays, a toJSON returning undefined, …).
  const json = toJsonText(body, "payload");
  // UTF-8 needs at most 3 bytes per UTF-16 code unit: only a body that might be too large is encoded.
  const bytes = json.length * 3 <= maxBytes ? json.length : new TextEncoder().encode(json).byteLength;
  if (bytes > maxBytes) {
    throw new InvalidArgumentError(
      "payload",
      `the invocation body is ${bytes} bytes; the limit is ${maxBytes}`,
    );
  }
  return { body, json };
}
