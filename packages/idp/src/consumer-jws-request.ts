/**
 * Building the `createConsumerJws` request: validated input, the spec's path and parameters and the
 * body, ready for a request layer (or openapi-fetch's `client.POST`). Credentials are not part of
 * it: `createIdpClient` (or the caller's own request layer) adds the raw AppJWT as `Authorization`.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { assertAccountId } from "@lpkit/core/internal";
import type { CreateConsumerJwsInit } from "./types.js";

// The one check of a raw AppJWT (no `Bearer ` prefix) lives in core, shared with @lpkit/connector.
export { assertRawAppJwt } from "@lpkit/core/internal";

/** Longest `ext_consumer_id` accepted; the API documents no limit, channel user ids are far shorter. */
export const MAX_EXT_CONSUMER_ID_LENGTH = 1024;

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
const CONTROL = /[\u0000-\u001f\u007f]/;
/** A lone UTF-16 surrogate: in `u` mode, paired surrogates form one code point and do not match. */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Checks an external consumer id (your channel's user id) and returns it.
 *
 * @example
 * ```ts
 * assertExtConsumerId("whatsapp-4915112345678"); // returned as it is
 * assertExtConsumerId("  ");                     // throws InvalidArgumentError
 * ```
 */
export function assertExtConsumerId(value: unknown, name = "extConsumerId"): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidArgumentError(name, "expected a non-empty consumer id");
  }
  if (value.length > MAX_EXT_CONSUMER_ID_LENGTH) {
    throw new InvalidArgumentError(name, `expected at most ${MAX_EXT_CONSUMER_ID_LENGTH} characters`);
  }
  if (LONE_SURROGATE.test(value) || CONTROL.test(value)) {
    throw new InvalidArgumentError(name, "contains control characters or lone surrogates");
  }
  return value;
}

/** Input of {@link createConsumerJwsInit}. */
export interface CreateConsumerJwsInput {
  /** The account (site) id. */
  accountId: string;
  /** Your channel's id of the consumer; the same id always yields the same consumer. */
  extConsumerId: string;
}

/**
 * Builds the `createConsumerJws` request after checking every input (an `InvalidArgumentError`
 * names the offending one): pass it to openapi-fetch's `client.POST(init.path, init)` or lpkit's
 * request layer, adding `Authorization: <raw AppJWT>`.
 *
 * @example
 * ```ts
 * import { createConsumerJwsInit } from "@lpkit/idp";
 *
 * const init = createConsumerJwsInit({ accountId: "12345678", extConsumerId: "user-42" });
 * init.path;         // "/api/account/{accountId}/consumer"
 * init.params.query; // { v: "1.0" }
 * init.body;         // { ext_consumer_id: "user-42" }
 * ```
 */
export function createConsumerJwsInit(input: CreateConsumerJwsInput): CreateConsumerJwsInit {
  if (typeof input !== "object" || input === null) {
    throw new InvalidArgumentError("input", "expected { accountId, extConsumerId }");
  }
  const accountId = assertAccountId(input.accountId);
  const extConsumerId = assertExtConsumerId(input.extConsumerId);
  return {
    method: "POST",
    path: "/api/account/{accountId}/consumer",
    params: { path: { accountId }, query: { v: "1.0" } },
    headers: { "content-type": "application/json" },
    body: { ext_consumer_id: extConsumerId },
  };
}
