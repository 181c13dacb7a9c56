/**
 * Checking the answer of `GET /sentinel/well-known/jwks`: a 2xx must be an RFC 7517 key set
 * (`{ keys: [{ kty, … }] }`, members typed as the spec says); anything else is a `JwksFetchError`.
 *
 * @module
 */
import { JwksFetchError, parseRetryAfter, redact, snippet } from "@lpkit/core";
import type { Exchange } from "./exchange.js";
import type { JsonWebKeySetResponse } from "./types.js";

const STRING_MEMBERS = ["kid", "use", "alg", "n", "e"] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function keyProblem(key: unknown, index: number): string | undefined {
  if (!isPlainObject(key)) {
    return `keys[${index}] is not an object`;
  }
  if (typeof key.kty !== "string" || key.kty === "") {
    return `keys[${index}] has no "kty"`;
  }
  for (const name of STRING_MEMBERS) {
    if (key[name] !== undefined && typeof key[name] !== "string") {
      return `keys[${index}].${name} is not a string`;
    }
  }
  return undefined;
}

/**
 * Returns the key set of a JWKS answer, or throws {@link JwksFetchError} for an error status or a
 * body that is not a key set. The message carries the status, `Retry-After` and a body snippet.
 *
 * @example
 * ```ts
 * const jwks = toJwks(result, Date.now());
 * ```
 */
export function toJwks(result: Exchange, now: number): JsonWebKeySetResponse {
  const { status, text } = result;
  const fail = (why: string): never => {
    const body = result.oversize || text.trim() === "" ? "" : ` — ${redact(snippet(text, 120))}`;
    throw new JwksFetchError(`JWKS request (X-Request-Id ${result.requestId}): ${why}${body}`);
  };
  if (status < 200 || status > 299) {
    const retryAfterMs = parseRetryAfter(result.headers.get("retry-after"), now);
    return fail(`HTTP ${status}${retryAfterMs !== undefined ? `, retry after ${retryAfterMs} ms` : ""}`);
  }
  if (result.oversize) {
    return fail(`HTTP ${status} with a body over the size limit`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail(`HTTP ${status} with a body that is not JSON`);
  }
  if (!isPlainObject(body) || !Array.isArray(body.keys)) {
    return fail(`HTTP ${status} with a body that is not a JWK Set (no "keys" array)`);
  }
  for (const [index, key] of body.keys.entries()) {
    const problem = keyProblem(key, index);
    if (problem !== undefined) {
      return fail(`HTTP ${status} with an invalid key: ${problem}`);
    }
  }
  // Checked above: `keys` is an array of objects whose typed members have the spec's types.
  return body as JsonWebKeySetResponse;
}
