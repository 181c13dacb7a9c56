/**
 * When a Sentinel token expires. The JWT `exp` claim wins; without it `expires_in` (a string or
 * a number — LivePerson's V2 toolbelt expects a string) counts from when the request *started*;
 * without either, AppJWTs are documented to live one hour.
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

/** The times of a token, in milliseconds since the epoch. */
export interface TokenTimes {
  expiresAt: number;
  issuedAt: number;
}

function numericDateMs(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.round(value * 1000) : undefined;
}

/**
 * Computes `expiresAt` and `issuedAt` for a token from its claims, the parsed `expires_in`, and
 * `requestStartedAt` — the clock reading taken *before* the request was sent, so network time
 * never makes a token look fresher than it is.
 *
 * @example
 * ```ts
 * tokenTimes({ exp: 1524646270, iat: 1524642670 }, undefined, Date.now());
 * // { expiresAt: 1524646270000, issuedAt: 1524642670000 }
 * tokenTimes({}, 3600, 1_000);
 * // { expiresAt: 3_601_000, issuedAt: 1_000 }
 * ```
 */
export function tokenTimes(
  claims: AppJwtClaims,
  expiresIn: number | undefined,
  requestStartedAt: number,
): TokenTimes {
  const fromExp = numericDateMs(claims.exp);
  const expiresAt =
    fromExp ??
    (expiresIn !== undefined
      ? requestStartedAt + Math.round(expiresIn * 1000)
      : requestStartedAt + DEFAULT_TOKEN_LIFETIME_MS);
  return { expiresAt, issuedAt: numericDateMs(claims.iat) ?? requestStartedAt };
}
