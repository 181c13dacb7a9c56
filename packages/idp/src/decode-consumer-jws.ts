/**
 * Decoding (not verifying: LivePerson publishes no key for it) a ConsumerJWS with web-standard APIs
 * only (`atob`, `TextDecoder`), checking that the claims the spec requires are there.
 *
 * @module
 */
import { JwtMalformedError } from "@lpkit/core";
import type { ConsumerJwsClaims, ConsumerJwsHeader, DecodedConsumerJws } from "./types.js";

/** Longest token accepted (the documented ConsumerJWSs are about 500 characters). */
export const MAX_CONSUMER_JWS_LENGTH = 16 * 1024;

/** Compact JWS: three base64url parts, the signature possibly empty (the spec's `token` pattern). */
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const LP_CONSUMER_ID = /^[0-9a-f]{64}$/;

function jsonPart(part: string, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    const binary = atob(part.replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new JwtMalformedError(`the ConsumerJWS ${what} is not base64url-encoded JSON`);
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new JwtMalformedError(`the ConsumerJWS ${what} is not a JSON object`);
  }
  return value as Record<string, unknown>;
}

function checkClaims(claims: Record<string, unknown>): ConsumerJwsClaims {
  for (const name of ["account_id", "ext_consumer_id", "lp_consumer_id"] as const) {
    if (typeof claims[name] !== "string" || claims[name] === "") {
      throw new JwtMalformedError(`the ConsumerJWS has no "${name}" claim`);
    }
  }
  if (!LP_CONSUMER_ID.test(claims.lp_consumer_id as string)) {
    throw new JwtMalformedError('the ConsumerJWS claim "lp_consumer_id" is not 64 lowercase hex digits');
  }
  // The three claims the spec requires are checked; the rest stay `unknown`.
  return claims as ConsumerJwsClaims;
}

function checkHeader(header: Record<string, unknown>): ConsumerJwsHeader {
  for (const name of ["kid", "typ", "alg"] as const) {
    if (header[name] !== undefined && typeof header[name] !== "string") {
      throw new JwtMalformedError(`the ConsumerJWS header "${name}" is not a string`);
    }
  }
  return header as ConsumerJwsHeader;
}

/**
 * Decodes a ConsumerJWS's header and claims **without verifying it**. Throws
 * {@link JwtMalformedError} (whose message never contains the token) when `jws` is not a compact
 * JWS with a JSON header and a JSON payload holding `account_id`, `ext_consumer_id` and a 64-hex
 * `lp_consumer_id`.
 *
 * @example
 * ```ts
 * import { decodeConsumerJws } from "@lpkit/idp";
 *
 * const { claims } = decodeConsumerJws(jws.token);
 * claims.account_id;     // "le31457780"
 * claims.lp_consumer_id; // "29caf0c1…fa24"
 * ```
 */
export function decodeConsumerJws(jws: string): DecodedConsumerJws {
  if (typeof jws !== "string") {
    throw new JwtMalformedError(`expected a ConsumerJWS string, got ${jws === null ? "null" : typeof jws}`);
  }
  if (jws.length > MAX_CONSUMER_JWS_LENGTH) {
    throw new JwtMalformedError(`the ConsumerJWS is longer than ${MAX_CONSUMER_JWS_LENGTH} characters`);
  }
  if (!COMPACT_JWS.test(jws)) {
    throw new JwtMalformedError("expected a compact JWS: three base64url parts separated by dots");
  }
  const [headerPart = "", claimsPart = ""] = jws.split(".");
  return {
    header: checkHeader(jsonPart(headerPart, "header")),
    claims: checkClaims(jsonPart(claimsPart, "payload")),
  };
}
