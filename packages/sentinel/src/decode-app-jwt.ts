/**
 * Decoding (not verifying) Sentinel's AppJWTs: splits the compact JWS, decodes the JOSE header
 * and the claims, and checks that the registered claims have the types RFC 7519 gives them, so
 * the returned {@link AppJwtClaims} never lies about its fields.
 *
 * @module
 */
import { JwtMalformedError } from "@lpkit/core";
import { COMPACT_JWT_PATTERN, MAX_JWT_LENGTH } from "@lpkit/core/internal";
import { decodeBase64UrlText } from "./base64url.js";
import type { AppJwtClaims, AppJwtHeader, DecodedAppJwt } from "./types.js";

/** Longest token {@link decodeAppJwt} accepts (AppJWTs are well under 2 KiB): core's one limit. */
export { MAX_JWT_LENGTH };

/** Compact JWS: three non-empty base64url parts (the `access_token` pattern of the spec): core's one rule. */
export const JWT_PATTERN = COMPACT_JWT_PATTERN;

const STRING_CLAIMS = ["azp", "scope", "iss"] as const;
const NUMERIC_DATE_CLAIMS = ["exp", "iat", "nbf"] as const;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function decodeJsonPart(part: string, what: string): Record<string, unknown> {
  const text = decodeBase64UrlText(part);
  if (text === undefined) {
    throw new JwtMalformedError(`the JWT ${what} is not base64url-encoded UTF-8`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new JwtMalformedError(`the JWT ${what} is not JSON`);
  }
  if (!isPlainObject(value)) {
    throw new JwtMalformedError(`the JWT ${what} is not a JSON object`);
  }
  return value;
}

function checkHeader(header: Record<string, unknown>): AppJwtHeader {
  if (typeof header.alg !== "string" || header.alg === "") {
    throw new JwtMalformedError('the JWT header has no "alg"');
  }
  for (const name of ["kid", "typ"] as const) {
    if (header[name] !== undefined && typeof header[name] !== "string") {
      throw new JwtMalformedError(`the JWT header "${name}" is not a string`);
    }
  }
  // Every member the spec types has been checked above; the rest stay `unknown`.
  return header as AppJwtHeader;
}

function checkClaims(claims: Record<string, unknown>): AppJwtClaims {
  const { aud } = claims;
  if (
    aud !== undefined &&
    typeof aud !== "string" &&
    !(Array.isArray(aud) && aud.every((a) => typeof a === "string"))
  ) {
    throw new JwtMalformedError('the JWT claim "aud" is neither a string nor an array of strings');
  }
  for (const name of STRING_CLAIMS) {
    if (claims[name] !== undefined && typeof claims[name] !== "string") {
      throw new JwtMalformedError(`the JWT claim "${name}" is not a string`);
    }
  }
  for (const name of NUMERIC_DATE_CLAIMS) {
    const value = claims[name];
    if (value !== undefined && (typeof value !== "number" || !Number.isFinite(value))) {
      throw new JwtMalformedError(`the JWT claim "${name}" is not a NumericDate`);
    }
  }
  // Every member the spec types has been checked above; the rest stay `unknown`.
  return claims as AppJwtClaims;
}

/**
 * Decodes an AppJWT's header and claims **without verifying the signature**. Throws
 * {@link JwtMalformedError} (whose message never contains the token) when `jwt` is not a compact
 * JWS with a JSON header carrying `alg` and a JSON claims object whose registered claims have
 * their RFC 7519 types. Uses only web-standard APIs.
 *
 * @example
 * ```ts
 * import { decodeAppJwt } from "@lpkit/sentinel";
 *
 * const { header, claims } = decodeAppJwt(token.accessToken);
 * header.alg;   // "RS256"
 * claims.aud;   // the account id, e.g. "le81823118"
 * claims.exp;   // seconds since the epoch
 * ```
 */
export function decodeAppJwt(jwt: string): DecodedAppJwt {
  if (typeof jwt !== "string") {
    throw new JwtMalformedError(`expected a JWT string, got ${jwt === null ? "null" : typeof jwt}`);
  }
  if (jwt.length > MAX_JWT_LENGTH) {
    throw new JwtMalformedError(`the JWT is longer than ${MAX_JWT_LENGTH} characters`);
  }
  if (!JWT_PATTERN.test(jwt)) {
    throw new JwtMalformedError("expected a compact JWS: three base64url parts separated by dots");
  }
  const [headerPart = "", claimsPart = ""] = jwt.split(".");
  const header = checkHeader(decodeJsonPart(headerPart, "header"));
  const claims = checkClaims(decodeJsonPart(claimsPart, "claims"));
  return { header, claims };
}
