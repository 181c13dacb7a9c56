/**
 * The token `@lpkit/auth` hands out and stores. It prints as `[REDACTED]` under `util.inspect`,
 * `console.log` and `JSON.stringify`; code reads `accessToken` normally. Stores that persist
 * strings (Redis, KV, a file) use {@link encodeStoredToken} / {@link decodeStoredToken}.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { assertSecret, hideSecrets, isCompactJwt } from "@lpkit/core/internal";

/** A token type: one word such as `Bearer` (never CR/LF or spaces, which could split a header). */
const TOKEN_TYPE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * An access token with its lifetime.
 *
 * @example
 * ```ts
 * const { accessToken, expiresAt }: AccessToken = await tokens.getToken();
 * ```
 */
export interface AccessToken {
  /** The JWT to send as `Authorization: Bearer <accessToken>`. Prints as `[REDACTED]`. */
  readonly accessToken: string;
  /** Always `Bearer` for Sentinel tokens. */
  readonly tokenType: string;
  /**
   * Expiry in ms since the epoch: the earliest of the JWT `exp`, `expires_in` and `issuedAt` + 24 h
   * (one hour with neither `exp` nor `expires_in`) — counted from the request start.
   */
  readonly expiresAt: number;
  /** Issue time in ms since the epoch: JWT `iat`, else the request start. */
  readonly issuedAt: number;
}

/** Every token {@link createAccessToken} made: frozen and checked, so it can be handed out as is. */
const created = new WeakSet<object>();

/**
 * Creates an {@link AccessToken} whose `accessToken` is hidden from printing. Malformed fields are an
 * `InvalidArgumentError`: a token that is not a compact JWT (three base64url parts — so no CR/LF,
 * spaces or other characters that could end up in a header), a type that is not one word, a
 * non-finite time. The token is never echoed.
 *
 * @example
 * ```ts
 * const token = createAccessToken({ accessToken: jwt, tokenType: "Bearer", expiresAt, issuedAt });
 * console.log(token); // { accessToken: '[REDACTED]', tokenType: 'Bearer', … }
 * ```
 */
export function createAccessToken(fields: AccessToken): AccessToken {
  if (fields === null || typeof fields !== "object") {
    throw new InvalidArgumentError("fields", "expected { accessToken, tokenType, expiresAt, issuedAt }");
  }
  // The token is never echoed: assertSecret describes a bad value by its type only.
  assertSecret(fields.accessToken, "accessToken");
  if (!isCompactJwt(fields.accessToken)) {
    throw new InvalidArgumentError(
      "accessToken",
      "expected a compact JWT: three base64url parts joined by dots (no spaces, CR or LF), at most 16 KiB",
    );
  }
  if (typeof fields.tokenType !== "string" || !TOKEN_TYPE.test(fields.tokenType)) {
    throw new InvalidArgumentError("tokenType", 'expected a token type such as "Bearer" (one word)');
  }
  for (const name of ["expiresAt", "issuedAt"] as const) {
    if (typeof fields[name] !== "number" || !Number.isFinite(fields[name])) {
      throw new InvalidArgumentError(name, "expected a finite number of milliseconds since the epoch");
    }
  }
  const token = Object.freeze(
    hideSecrets(
      {
        accessToken: fields.accessToken,
        tokenType: /^bearer$/i.test(fields.tokenType) ? "Bearer" : fields.tokenType,
        expiresAt: fields.expiresAt,
        issuedAt: fields.issuedAt,
      },
      ["accessToken"],
    ),
  );
  created.add(token);
  return token;
}

/**
 * `fields` itself when {@link createAccessToken} made it (frozen, checked, hidden from printing:
 * nothing to copy), else a new token made from it. The warm path of every call reads the store's
 * token through this, so it neither copies the token nor hides its secret again.
 *
 * @example
 * ```ts
 * const token = asAccessToken(await store.get(key));
 * ```
 */
export function asAccessToken(fields: AccessToken): AccessToken {
  return created.has(fields) ? fields : createAccessToken(fields);
}

/**
 * Whether `value` is a well-formed token that has not expired at `now`. Used on every read from a
 * store, so an expired or damaged entry is never served — well-formed meaning what
 * {@link createAccessToken} accepts: a compact JWT (a stored "token" with CR/LF or any character
 * outside the JWT alphabet is not one), a one-word type, finite times.
 *
 * @example
 * ```ts
 * isUsableToken(await store.get(key), Date.now());
 * ```
 */
export function isUsableToken(value: unknown, now: number): value is AccessToken {
  if (!value || typeof value !== "object") {
    return false;
  }
  const t = value as Record<string, unknown>;
  return (
    isCompactJwt(t.accessToken) &&
    typeof t.tokenType === "string" &&
    TOKEN_TYPE.test(t.tokenType) &&
    typeof t.expiresAt === "number" &&
    Number.isFinite(t.expiresAt) &&
    typeof t.issuedAt === "number" &&
    Number.isFinite(t.issuedAt) &&
    t.expiresAt > now
  );
}

/**
 * Serialises a token for a store that keeps strings. The result contains the token: keep it only
 * in the store. (`JSON.stringify(token)` prints `[REDACTED]` on purpose.) Anything that is not an
 * `AccessToken` — including a token that is not a compact JWT — is an `InvalidArgumentError`.
 *
 * @example
 * ```ts
 * await redis.set(key, encodeStoredToken(token), { PX: ttlMs });
 * ```
 */
export function encodeStoredToken(token: AccessToken): string {
  if (!isUsableToken(token, Number.NEGATIVE_INFINITY)) {
    throw new InvalidArgumentError("token", "expected an AccessToken (from getToken or createAccessToken)");
  }
  return JSON.stringify([1, token.accessToken, token.tokenType, token.expiresAt, token.issuedAt]);
}

/**
 * Parses what {@link encodeStoredToken} wrote; `undefined` for anything else — a damaged entry, or
 * one whose token is not a compact JWT (CR/LF, spaces, other characters), is a cache miss, never an
 * error and never served.
 *
 * @example
 * ```ts
 * const token = decodeStoredToken(await redis.get(key));
 * ```
 */
export function decodeStoredToken(text: string | null | undefined): AccessToken | undefined {
  if (typeof text !== "string") {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value[0] !== 1) {
    return undefined;
  }
  const [, accessToken, tokenType, expiresAt, issuedAt] = value as unknown[];
  const candidate = { accessToken, tokenType, expiresAt, issuedAt };
  return isUsableToken(candidate, Number.NEGATIVE_INFINITY) ? createAccessToken(candidate) : undefined;
}
