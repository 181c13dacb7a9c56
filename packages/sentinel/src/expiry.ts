/**
 * When a Sentinel token expires: the earliest of the JWT `exp` claim, `expires_in` (a string or a
 * number — LivePerson's V2 toolbelt expects a string) counted from when the request *started*, and
 * 24 hours after it was issued; without `exp` and `expires_in`, AppJWTs are documented to live one
 * hour. A token that is already expired, or whose `exp` is not after its `iat`, is unusable.
 *
 * @module
 */
import type { AppJwtClaims } from "./types.js";

/**
 * Documented AppJWT lifetime ("An AppJWT is valid for one hour"), used when neither `exp` nor
 * `expires_in` says otherwise.
 *
 * @example
 * ```ts
 * const fallbackExpiry = requestStartedAt + DEFAULT_TOKEN_LIFETIME_MS;
 * ```
 */
export const DEFAULT_TOKEN_LIFETIME_MS = 60 * 60 * 1000;

/** Largest `expires_in` taken at face value (one year); larger values are treated as nonsense. */
export const MAX_EXPIRES_IN_SECONDS = 365 * 24 * 60 * 60;

/**
 * Parses `expires_in` as Sentinel may send it (`"3600"` or `3600`). Returns `undefined` when it is
 * absent or unusable: not a plain decimal number, zero, negative, NaN, infinite or over a year.
 *
 * @example
 * ```ts
 * parseExpiresIn("3600"); // 3600
 * parseExpiresIn(3600);   // 3600
 * parseExpiresIn("-5");   // undefined
 * parseExpiresIn("soon"); // undefined
 * ```
 */
export function parseExpiresIn(value: unknown): number | undefined {
  let seconds: number;
  if (typeof value === "number") {
    seconds = value;
  } else if (typeof value === "string" && /^\s*\d+(\.\d+)?\s*$/.test(value)) {
    seconds = Number(value);
  } else {
    return undefined;
  }
  return Number.isFinite(seconds) && seconds > 0 && seconds <= MAX_EXPIRES_IN_SECONDS ? seconds : undefined;
}

/**
 * Longest lifetime lpkit trusts a token for: 24 hours after it was issued (its `iat`, else the request
 * start). A token claiming to live longer is refreshed after 24 hours anyway, so an `exp` years ahead
 * (a clock gone wrong, a misconfigured issuer) is never cached until then. AppJWTs live one hour.
 *
 * @example
 * ```ts
 * const refreshBy = issuedAt + MAX_TRUSTED_LIFETIME_MS;
 * ```
 */
export const MAX_TRUSTED_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** The times of a token, in milliseconds since the epoch. */
export interface TokenTimes {
  expiresAt: number;
  issuedAt: number;
}

/** Why a token's times make it unusable (the token is then refused, not cached). */
export interface UnusableTimes {
  unusable: string;
}

function isoOf(ms: number): string {
  return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(ms);
}

/**
 * Computes `expiresAt` and `issuedAt` for a token from its claims, the parsed `expires_in`, and
 * `requestStartedAt` — the clock reading taken *before* the request was sent, so network time
 * never makes a token look fresher than it is.
 *
 * The token is trusted until the earliest of: its `exp`, `requestStartedAt + expires_in`, and
 * `issuedAt + 24 h` ({@link MAX_TRUSTED_LIFETIME_MS}); with neither `exp` nor `expires_in`, one hour
 * after the request start. It is unusable (`{ unusable }`) when `exp` or `iat` is not a positive
 * time, when `exp` is not after `iat`, or when it has already expired at `requestStartedAt`.
 *
 * @example
 * ```ts
 * tokenTimes({ exp: 1524646270, iat: 1524642670 }, undefined, 1524642671000);
 * // { expiresAt: 1524646270000, issuedAt: 1524642670000 }
 * tokenTimes({}, 3600, 1_000);
 * // { expiresAt: 3_601_000, issuedAt: 1_000 }
 * tokenTimes({ exp: 0 }, undefined, Date.now());
 * // { unusable: 'its "exp" (0) is not a positive time' }
 * ```
 */
export function tokenTimes(
  claims: AppJwtClaims,
  expiresIn: number | undefined,
  requestStartedAt: number,
): TokenTimes | UnusableTimes {
  for (const name of ["exp", "iat"] as const) {
    const value = claims[name];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      return { unusable: `its "${name}" (${value}) is not a positive time` };
    }
  }
  const exp = claims.exp === undefined ? undefined : Math.round(claims.exp * 1000);
  const iat = claims.iat === undefined ? undefined : Math.round(claims.iat * 1000);
  if (exp !== undefined && iat !== undefined && exp <= iat) {
    return { unusable: `its "exp" (${isoOf(exp)}) is not after its "iat" (${isoOf(iat)})` };
  }
  const issuedAt = iat ?? requestStartedAt;
  const limits = [issuedAt + MAX_TRUSTED_LIFETIME_MS];
  if (exp !== undefined) {
    limits.push(exp);
  }
  if (expiresIn !== undefined) {
    limits.push(requestStartedAt + Math.round(expiresIn * 1000));
  }
  if (exp === undefined && expiresIn === undefined) {
    limits.push(requestStartedAt + DEFAULT_TOKEN_LIFETIME_MS);
  }
  const expiresAt = Math.min(...limits);
  if (expiresAt <= requestStartedAt) {
    return {
      unusable: `it has already expired (at ${isoOf(expiresAt)}, the request started at ${isoOf(requestStartedAt)})`,
    };
  }
  return { expiresAt, issuedAt };
}
