/**
 * Mapping what jose throws while verifying a token to lpkit's typed errors — never copying jose's
 * `payload` or the token into a message.
 *
 * @module
 */
import {
  JwtClaimError,
  JwtExpiredError,
  JwtMalformedError,
  JwtSignatureError,
  LpkitError,
} from "@lpkit/core";
import { PINNED_ALGORITHM, SENTINEL_ISSUER } from "./constants.js";

/** Maps what jose throws to lpkit's typed errors; never copies jose's `payload` or the token. */
export function toVerifyError(error: unknown, accountId: string, maxTokenAgeSec: number): LpkitError {
  if (error instanceof LpkitError) {
    return error;
  }
  const e = (error ?? {}) as { code?: unknown; claim?: unknown; payload?: { exp?: unknown; iat?: unknown } };
  const claim = typeof e.claim === "string" ? e.claim : undefined;
  switch (e.code) {
    case "ERR_JWT_EXPIRED": {
      if (claim === "iat") {
        return new JwtClaimError("iat", `the token was issued more than ${maxTokenAgeSec} s ago`);
      }
      const exp = typeof e.payload?.exp === "number" ? e.payload.exp : 0;
      // An absurd `exp` (say -1e20) is no date at all: say so instead of throwing a RangeError.
      const at =
        Math.abs(exp * 1000) <= 8.64e15
          ? `at ${new Date(exp * 1000).toISOString()}`
          : `(exp ${exp} is no usable time)`;
      return new JwtExpiredError(`the token expired ${at}`, exp);
    }
    case "ERR_JWT_CLAIM_VALIDATION_FAILED": {
      const name = claim ?? "unknown";
      const reason = (e as { reason?: unknown }).reason;
      if (reason === "missing") {
        return new JwtClaimError(name, `the token has no "${name}" claim`);
      }
      switch (name) {
        case "iss":
          return new JwtClaimError("iss", `the token's "iss" is not "${SENTINEL_ISSUER}"`);
        case "aud":
          return new JwtClaimError("aud", `the token's "aud" is not the account ${accountId}`);
        case "iat":
          return new JwtClaimError("iat", 'the token\'s "iat" is in the future');
        case "nbf":
          return new JwtClaimError("nbf", "the token is not valid yet");
        default:
          return new JwtClaimError(name, `the token's "${name}" claim is invalid`);
      }
    }
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return new JwtSignatureError("the token's signature does not verify");
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return new JwtSignatureError(`the token is not signed with ${PINNED_ALGORITHM}`);
    default:
      return new JwtMalformedError("the token is not a well-formed signed JWT");
  }
}
