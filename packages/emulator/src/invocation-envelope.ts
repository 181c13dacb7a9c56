/**
 * The invocation envelope faasGW accepts (`{ timestamp?, headers?: [{ key, value }], payload }`)
 * and its checks.
 *
 * @module
 */
import { type EmulatorRequest, mediaType } from "./http-types.js";
import type { InvocationHeader } from "./lambda-types.js";

/** A checked invocation envelope. */
export interface Envelope {
  readonly payload: unknown;
  readonly headers: readonly InvocationHeader[];
  readonly timestamp: number | undefined;
}

/**
 * Parses and checks an invocation body; returns the reason when it is not a valid envelope.
 *
 * @example
 * ```ts
 * const envelope = parseEnvelope(request);
 * const invalid = typeof envelope === "string"; // then answer 400 with the reason
 * ```
 */
export function parseEnvelope(request: EmulatorRequest): Envelope | string {
  if (mediaType(request.headers["content-type"]) !== "application/json") {
    return "the body must be application/json";
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    return "the body is not valid JSON";
  }
  if (typeof body !== "object" || body === null || Array.isArray(body) || !("payload" in body)) {
    return "the body must be an object with a payload";
  }
  const { payload, headers, timestamp } = body as {
    payload: unknown;
    headers?: unknown;
    timestamp?: unknown;
  };
  if (timestamp !== undefined && (!Number.isInteger(timestamp) || (timestamp as number) < 0)) {
    return "timestamp must be a non-negative integer (epoch milliseconds)";
  }
  if (headers !== undefined) {
    const valid =
      Array.isArray(headers) &&
      headers.every(
        (header) =>
          typeof header === "object" &&
          header !== null &&
          typeof (header as InvocationHeader).key === "string" &&
          (header as InvocationHeader).key.length > 0 &&
          typeof (header as InvocationHeader).value === "string",
      );
    if (!valid) {
      return "headers must be a list of { key, value } strings";
    }
  }
  return {
    payload,
    headers: (headers as InvocationHeader[] | undefined) ?? [],
    timestamp: timestamp as number | undefined,
  };
}
