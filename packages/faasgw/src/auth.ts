/**
 * Turning the `auth` option (a hook or a static token) into an `Authorization` header per attempt.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import type { AuthHook } from "./types.js";

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
  if (auth === undefined) {
    return undefined;
  }
  if (typeof auth === "string") {
    const header = bearerHeader(assertHeaderValue(auth, "a static token"));
    return async () => header;
  }
  if (typeof auth === "function") {
    const hook = auth as AuthHook;
    return async (context) => assertHeaderValue(await hook(context), "the value the auth hook resolved to");
  }
  throw new InvalidArgumentError("auth", "expected an auth hook (function) or a static token (string)");
}
