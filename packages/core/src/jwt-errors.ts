/**
 * The errors of JWT verification and of fetching a JSON Web Key Set. Exported from `@lpkit/core`.
 *
 * @module
 */
import { LpkitError, type LpkitErrorOptions, nameErrorClass } from "./errors.js";
import { ResponseError } from "./response-errors.js";

/**
 * A token could not be decoded as a JWT at all.
 *
 * @example
 * ```ts
 * if (err instanceof JwtMalformedError) return new Response(null, { status: 401 });
 * ```
 */
export class JwtMalformedError extends LpkitError {
  static {
    nameErrorClass(JwtMalformedError, "JwtMalformedError");
  }
  readonly code = "ERR_JWT_MALFORMED" as const;
}

/**
 * The JWT's signature does not verify, or its algorithm is not the pinned one.
 *
 * @example
 * ```ts
 * if (err instanceof JwtSignatureError) console.warn("forged or foreign token");
 * ```
 */
export class JwtSignatureError extends LpkitError {
  static {
    nameErrorClass(JwtSignatureError, "JwtSignatureError");
  }
  readonly code = "ERR_JWT_SIGNATURE_INVALID" as const;
}

/**
 * The JWT has expired (beyond the clock tolerance).
 *
 * @example
 * ```ts
 * if (err instanceof JwtExpiredError) console.warn(`expired at ${new Date(err.expiredAt * 1000).toISOString()}`);
 * ```
 */
export class JwtExpiredError extends LpkitError {
  static {
    nameErrorClass(JwtExpiredError, "JwtExpiredError");
  }
  readonly code = "ERR_JWT_EXPIRED" as const;
  /** The token's `exp`, in seconds since the epoch. */
  readonly expiredAt: number;
  constructor(message: string, expiredAt: number, options?: LpkitErrorOptions) {
    super(message, options);
    this.expiredAt = expiredAt;
  }
}

/**
 * A JWT claim (`iss`, `aud`, `iat`, `nbf`, `exp`, …) has the wrong value.
 *
 * @example
 * ```ts
 * if (err instanceof JwtClaimError && err.claim === "aud") console.warn("token for another account");
 * ```
 */
export class JwtClaimError extends LpkitError {
  static {
    nameErrorClass(JwtClaimError, "JwtClaimError");
  }
  readonly code = "ERR_JWT_CLAIM_INVALID" as const;
  readonly claim: string;
  constructor(claim: string, message: string, options?: LpkitErrorOptions) {
    super(message, options);
    this.claim = claim;
  }
}

/**
 * No key in the JWKS (or the configured keys) matches the token's `kid`.
 *
 * @example
 * ```ts
 * if (err instanceof JwksNoMatchingKeyError) await jwks.reload();
 * ```
 */
export class JwksNoMatchingKeyError extends LpkitError {
  static {
    nameErrorClass(JwksNoMatchingKeyError, "JwksNoMatchingKeyError");
  }
  readonly code = "ERR_JWKS_NO_MATCHING_KEY" as const;
}

/**
 * The JWKS endpoint answered with an error status, a redirect, or a body that is not a key set.
 * (A JWKS request that gets no answer is a `TimeoutError` or `NetworkError`.)
 *
 * @example
 * ```ts
 * if (err instanceof JwksFetchError && err.status === 429) console.warn("retry after", err.retryAfterMs);
 * ```
 */
export class JwksFetchError extends ResponseError {
  static {
    nameErrorClass(JwksFetchError, "JwksFetchError");
  }
  readonly code = "ERR_JWKS_FETCH" as const;
}
