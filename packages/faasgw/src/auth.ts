/**
 * Turning the `auth` option (a hook, an authenticator such as a token manager, or a static token) into
 * the core `Authenticator` the client uses on every attempt: it checks every value it hands out.
 *
 * @module
 */
import { type Authenticator, InvalidArgumentError } from "@lpkit/core";
import type { Deadline } from "@lpkit/core/internal";
import { AUTHORIZE_WITHIN, hasAuthorizeWithin, isRecord } from "@lpkit/core/internal";
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
 * A checker of the values one source hands out: the check runs once per distinct value (a token
 * manager hands out the same header until the token rotates), not on every call.
 */
function valueChecker(what: string): (value: unknown) => string {
  let lastGood: string | undefined;
  return (value) => {
    if (value !== lastGood || lastGood === undefined) {
      lastGood = assertHeaderValue(value, what);
    }
    return lastGood;
  };
}

/**
 * Checks the `auth` option and returns the authenticator to use (or `undefined` when no `auth` was
 * configured). A static token is checked once, here; a hook's or authenticator's answer on every
 * call. Only an authenticator with `invalidate` gets the 401 replay.
 *
 * @example
 * ```ts
 * const auth = toAuthenticator(tokenManager);
 * await auth?.authorization({}); // "Bearer eyJ…"
 * ```
 */
export function toAuthenticator(auth: unknown): Authenticator | undefined {
  if (auth === undefined) {
    return undefined;
  }
  if (typeof auth === "string") {
    const header = bearerHeader(assertHeaderValue(auth, "a static token"));
    return { authorization: async () => header };
  }
  if (typeof auth === "function") {
    const hook = auth as AuthHook;
    const check = valueChecker("the value the auth hook resolved to");
    return {
      authorization: async (context) => check(await hook(context)),
    };
  }
  if (isRecord(auth) && typeof auth.authorization === "function") {
    const source = auth as unknown as Authenticator;
    const invalidate: unknown = auth.invalidate;
    if (invalidate !== undefined && typeof invalidate !== "function") {
      throw new InvalidArgumentError("auth", "an authenticator's invalidate must be a function");
    }
    const check = valueChecker("the value the authenticator's authorization resolved to");
    const checked: Authenticator = {
      authorization: async (context) => check(await source.authorization(context)),
    };
    if (invalidate !== undefined) {
      checked.invalidate = (rejected) => source.invalidate?.(rejected) ?? Promise.resolve();
    }
    if (hasAuthorizeWithin(source)) {
      // The token manager's fast path: the attempt's deadline instead of a signal (see core).
      Object.defineProperty(checked, AUTHORIZE_WITHIN, {
        value: async (deadline: Deadline) => check(await source[AUTHORIZE_WITHIN](deadline)),
      });
    }
    return checked;
  }
  throw new InvalidArgumentError(
    "auth",
    "expected an auth hook (function), an authenticator ({ authorization, invalidate? }) or a static token (string)",
  );
}
