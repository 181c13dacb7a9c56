/**
 * Decoding an access token without verifying it — to read `exp`, `aud`, `azp` or `scope` of a
 * token you obtained yourself. Never use decoded claims to authorise anything: use
 * `verifyAccessToken` for tokens you receive.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { type DecodedAppJwt, decodeAppJwt } from "@lpkit/sentinel";

/**
 * Decodes a Sentinel access token (a bare JWT or an `Authorization` value) **without** checking
 * its signature. Throws `JwtMalformedError` (whose message never contains the token) for anything
 * that is not a JWT, and `InvalidArgumentError` for a non-string.
 *
 * @example
 * ```ts
 * import { decodeAccessToken } from "@lpkit/auth";
 *
 * const { header, claims } = decodeAccessToken((await tokens.getToken()).accessToken);
 * header.alg;  // "RS256"
 * claims.aud;  // "12345678"
 * ```
 */
export function decodeAccessToken(jwt: string): DecodedAppJwt {
  if (typeof jwt !== "string" || jwt.trim() === "") {
    throw new InvalidArgumentError("jwt", "expected a JWT string");
  }
  return decodeAppJwt(jwt.trim().replace(/^bearer\s+/i, ""));
}
