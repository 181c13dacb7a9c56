/**
 * Turning the `auth` option (a hook, an authenticator such as a token manager, or a static token) into
 * an `Authorization` header per attempt, plus — for an authenticator — the way to drop a rejected one.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import type { Authenticator, AuthHook } from "./types.js";

const HEADER_UNSAFE = /[\r\n\0]/;

/**
 * The `Authorization` header value for a static token: `"Bearer "` is prepended unless the token
 * already carries that scheme. The token itself is never echoed in errors.
 *
 * @example
 * ```ts
 * bearerHeader("eyJhbGciOi…");        // "Bearer eyJhbGciOi…"
 * bearerHeader("Bearer eyJhbGciOi…"); // unchanged
 * ```
 */
export function bearerHeader(token: string): string {
  const trimmed = token.trim();
  return /^bearer\s+\S/i.test(trimmed) ? trimmed : `Bearer ${trimmed}`;
}

function assertHeaderValue(value: unknown, what: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidArgumentError("auth", `${what} must be a non-empty string`);
  }
  if (HEADER_UNSAFE.test(value)) {
    throw new InvalidArgumentError("auth", `${what} must not contain line breaks or NUL characters`);
  }
  return value;
}

/**
 * The checked `auth` option: how to get the header value, and (only for an {@link Authenticator} with
 * `invalidate`) how to drop a value the gateway answered 401 to.
 */
export interface CheckedAuth {
  authorization: AuthHook;
  invalidate?: ((rejected: string) => Promise<unknown>) | undefined;
}

function isAuthenticator(value: unknown): value is Authenticator {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { authorization?: unknown }).authorization === "function"
  );
}

/**
 * Checks the `auth` option and returns how to authorize requests (or `undefined` when no `auth` was
 * configured). A static token is checked once, here; a hook's or authenticator's answer on every call.
 *
 * @example
 * ```ts
 * const auth = toAuthenticator(tokenManager);
 * await auth?.authorization({}); // "Bearer eyJ…"
 * await auth?.invalidate?.("Bearer eyJ…"); // after a 401
 * ```
 */
export function toAuthenticator(auth: unknown): CheckedAuth | undefined {
  if (auth === undefined) {
    return undefined;
  }
  if (typeof auth === "string") {
    const header = bearerHeader(assertHeaderValue(auth, "a static token"));
    return { authorization: async () => header };
  }
  if (typeof auth === "function") {
    const hook = auth as AuthHook;
    return {
      authorization: async (context) =>
        assertHeaderValue(await hook(context), "the value the auth hook resolved to"),
    };
  }
  if (isAuthenticator(auth)) {
    const invalidate: unknown = (auth as { invalidate?: unknown }).invalidate;
    if (invalidate !== undefined && typeof invalidate !== "function") {
      throw new InvalidArgumentError("auth", "an authenticator's invalidate must be a function");
    }
    return {
      authorization: async (context) =>
        assertHeaderValue(
          await auth.authorization(context),
          "the value the authenticator's authorization resolved to",
        ),
      invalidate:
        invalidate === undefined ? undefined : (rejected) => auth.invalidate?.(rejected) ?? Promise.resolve(),
    };
  }
  throw new InvalidArgumentError(
    "auth",
    "expected an auth hook (function), an authenticator ({ authorization, invalidate? }) or a static token (string)",
  );
}

/**
 * Checks the `auth` option and returns a hook that yields the header value (or `undefined` when
 * no `auth` was configured). A static token is checked once, here; a hook's answer on every call.
 *
 * @example
 * ```ts
 * const authorize = toAuthorizer("eyJhbGciOi…");
 * await authorize?.({}); // "Bearer eyJhbGciOi…"
 * ```
 */
export function toAuthorizer(auth: unknown): AuthHook | undefined {
  return toAuthenticator(auth)?.authorization;
}
