/**
 * The one auth strategy of lpkit: an {@link Authenticator} hands out `Authorization` header values
 * and may learn which one a server rejected. The token manager of `@lpkit/auth` implements it; every
 * client consumes it. {@link replayAuthorization} is the one 401-replay rule. `Authenticator` is
 * exported from `@lpkit/core`; `replayAuthorization` from `@lpkit/core/internal`.
 *
 * @module
 */
import type { Deadline } from "./deadline.js";

/**
 * Supplies `Authorization` header values and — optionally — learns which one a server rejected.
 * A token manager from `@lpkit/auth` is one. After a **401**, a client calls `invalidate(rejected)`
 * with the value it sent, asks `authorization` again and, if the new value differs, sends the same
 * request once more. Never twice, and never after a 403.
 *
 * @example
 * ```ts
 * const auth: Authenticator = {
 *   authorization: async ({ signal }) => `Bearer ${await vault.token({ signal })}`,
 *   invalidate: async (rejected) => vault.forget(rejected),
 * };
 * createFaasClient({ baseUrl, accountId, auth }); // or: auth: tokenManager
 * ```
 */
export interface Authenticator {
  /** The header value for the next request, e.g. `"Bearer eyJ…"`; `signal` ends the wait for it. */
  authorization(context: { signal?: AbortSignal | undefined }): Promise<string>;
  /** Drops `rejected` (the `Authorization` value that got a 401) so `authorization` yields a new one. */
  invalidate?(rejected: string): Promise<unknown>;
}

/**
 * The 401-replay rule, in one place: after a **401** (not a 403, nor any other status), invalidate
 * the rejected value and ask for a new one; replay only when it differs. Resolves to the value to
 * replay with, or `undefined` for "pass the answer on". A failure to get a new value is not an
 * error (the 401 is passed on) unless `signal` ended the wait; then that failure is thrown.
 * Callers replay at most once per request.
 *
 * @example
 * ```ts
 * const fresh = await replayAuthorization(auth, answer.status, sent, signal);
 * if (fresh !== undefined) answer = await send(fresh); // once
 * ```
 */
export async function replayAuthorization(
  auth: Pick<Authenticator, "authorization" | "invalidate">,
  status: number,
  rejected: string,
  signal: AbortSignal | undefined,
): Promise<string | undefined> {
  if (status !== 401 || auth.invalidate === undefined) {
    return undefined;
  }
  try {
    await auth.invalidate(rejected);
    const fresh = await auth.authorization({ signal });
    return fresh === rejected ? undefined : fresh;
  } catch (error) {
    if (signal?.aborted) {
      throw error;
    }
    return undefined;
  }
}

/**
 * The key of an optional fast path an {@link Authenticator} made by lpkit may offer (the token
 * manager of `@lpkit/auth` does): `authenticator[AUTHORIZE_WITHIN](deadline)` resolves like
 * `authorization({ signal: deadline.signal })`, but reads `deadline.signal` — and so makes an
 * `AbortSignal` — only when it has to wait. lpkit's clients call it instead of `authorization` when
 * present. A registered symbol, so copies of lpkit in one process agree on it.
 *
 * @example
 * ```ts
 * const value = typeof auth[AUTHORIZE_WITHIN] === "function"
 *   ? await auth[AUTHORIZE_WITHIN](deadline)
 *   : await auth.authorization({ signal: deadline.signal });
 * ```
 */
export const AUTHORIZE_WITHIN: unique symbol = Symbol.for("lpkit.authorizeWithin") as never;

/**
 * An {@link Authenticator} with the {@link AUTHORIZE_WITHIN} fast path.
 *
 * @example
 * ```ts
 * const auth: DeadlineAuthenticator = { authorization, [AUTHORIZE_WITHIN]: (deadline) => authorization({ signal: deadline.signal }) };
 * ```
 */
export interface DeadlineAuthenticator extends Authenticator {
  [AUTHORIZE_WITHIN](deadline: Deadline): Promise<string>;
}

/**
 * Whether `auth` offers the {@link AUTHORIZE_WITHIN} fast path.
 *
 * @example
 * ```ts
 * if (hasAuthorizeWithin(auth)) value = await auth[AUTHORIZE_WITHIN](deadline);
 * ```
 */
export function hasAuthorizeWithin(auth: object): auth is DeadlineAuthenticator {
  return typeof (auth as { [AUTHORIZE_WITHIN]?: unknown })[AUTHORIZE_WITHIN] === "function";
}
