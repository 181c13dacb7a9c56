/**
 * Checking the answer of `GET /sentinel/well-known/jwks`: a 2xx must be an RFC 7517 key set
 * (`{ keys: [{ kty, … }] }`, members typed as the spec says); anything else is a `JwksFetchError`.
 *
 * @module
 */
import { JwksFetchError } from "@lpkit/core";
import {
  type Answer,
  describeRedirect,
  isRecord,
  parseRetryAfter,
  redactSnippet,
} from "@lpkit/core/internal";
import type { JsonWebKeySetResponse } from "./types.js";

const STRING_MEMBERS = ["kid", "use", "alg", "n", "e"] as const;

function keyProblem(key: unknown, index: number): string | undefined {
  if (!isRecord(key)) {
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
 * Returns the key set of a JWKS answer, or throws {@link JwksFetchError} — with `status`,
 * `retryAfterMs` and `requestId` as fields — for an error status, a redirect (never followed) or a
 * body that is not a key set. The message carries the status, `Retry-After` and a body snippet.
 *
 * @example
 * ```ts
 * const jwks = toJwks(answer, Date.now(), url, MAX_JWKS_BODY_BYTES);
 * ```
 */
export function toJwks(
  result: Answer,
  now: number,
  url: string,
  maxBodyBytes: number,
): JsonWebKeySetResponse {
  const { status, text, requestId } = result;
  const retryAfterMs = parseRetryAfter(result.headers.get("retry-after"), now);
  const fail = (why: string): never => {
    const body = result.tooLarge || text.trim() === "" ? "" : ` — ${redactSnippet(text, [], 120)}`;
    throw new JwksFetchError(`JWKS request (X-Request-Id ${requestId}): ${why}${body}`, {
      status,
      requestId,
      retryAfterMs,
    });
  };
  const redirect = describeRedirect(result, url);
  if (redirect !== undefined) {
    return fail(`HTTP ${status}: ${redirect}`);
  }
  if (status < 200 || status > 299) {
    return fail(`HTTP ${status}${retryAfterMs !== undefined ? `, retry after ${retryAfterMs} ms` : ""}`);
  }
  if (result.tooLarge) {
    return fail(`HTTP ${status} with a body over the size limit (larger than ${maxBodyBytes} bytes)`);
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return fail(`HTTP ${status} with a body that is not JSON`);
  }
  if (!isRecord(body) || !Array.isArray(body.keys)) {
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
