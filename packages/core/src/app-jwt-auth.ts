/**
 * The Connector API's credential rule, in one place for `@lpkit/idp` and `@lpkit/connector`: the
 * AppJWT goes into `Authorization` **raw** (no `Bearer ` prefix). {@link AppJwtSource} is what their
 * `auth` option accepts — a raw token, a hook, a core `Authenticator` that yields the raw token, or a
 * token source such as `@lpkit/auth`'s token manager — and {@link toAppJwtAuthenticator} turns it
 * into the core `Authenticator` the clients call on every attempt, checking each value it hands out.
 * `AppJwtSource` is exported from `@lpkit/core`; the rest from `@lpkit/core/internal`.
 *
 * @module
 */
import type { Authenticator } from "./authenticator.js";
import { InvalidArgumentError } from "./errors.js";
import { isRecord } from "./options.js";

const COMPACT_JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Something that hands out AppJWTs as tokens: `@lpkit/auth`'s token manager is one. Its
 * `accessToken` is sent raw; `invalidate(rejected)` is called with that raw token after the API
 * rejected it (40102, 40105).
 *
 * @example
 * ```ts
 * const source: AppJwtTokenSource = createTokenManager({ accountId, clientId, clientSecret, version: "v1", domains });
 * ```
 */
export interface AppJwtTokenSource {
  getToken(options?: { signal?: AbortSignal | undefined }): Promise<{ readonly accessToken: string }>;
  invalidate?(rejected: string): Promise<unknown>;
}

/**
 * The `auth` option of the Connector API clients: a raw AppJWT (`"eyJ…"`, no `Bearer `), a hook
 * resolving to one, a core `Authenticator` whose `authorization` resolves to the raw token, or an
 * {@link AppJwtTokenSource} (e.g. `@lpkit/auth`'s token manager — its token is sent raw).
 *
 * @example
 * ```ts
 * const auth: AppJwtSource = tokenManager;                       // refreshed, replayed once after 40102/40105
 * const fixed: AppJwtSource = process.env.LP_APP_JWT!;           // a static raw token
 * const hook: AppJwtSource = async ({ signal }) => vault.appJwt({ signal });
 * ```
 */
export type AppJwtSource =
  | string
  | ((context: { signal?: AbortSignal | undefined }) => Promise<string>)
  | Authenticator
  | AppJwtTokenSource;

/**
 * Checks an AppJWT meant for a Connector API `Authorization` header: the raw token, with no
 * `Bearer ` (or `jwt `) prefix. The token is never echoed.
 *
 * @example
 * ```ts
 * assertRawAppJwt(token.accessToken);            // fine
 * assertRawAppJwt(`Bearer ${token.accessToken}`); // throws InvalidArgumentError
 * ```
 */
export function assertRawAppJwt(value: unknown, name = "appJwt"): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidArgumentError(name, "expected the AppJWT (a non-empty string)");
  }
  if (/^(bearer|jwt)\s/i.test(value)) {
    throw new InvalidArgumentError(name, "send the raw AppJWT: the Connector API takes no Bearer/jwt prefix");
  }
  if (!COMPACT_JWT.test(value)) {
    throw new InvalidArgumentError(name, "expected a compact JWT (three base64url parts)");
  }
  return value;
}

function fromTokenSource(source: AppJwtTokenSource, name: string): Authenticator {
  const invalidate = source.invalidate;
  if (invalidate !== undefined && typeof invalidate !== "function") {
    throw new InvalidArgumentError(name, "a token source's invalidate must be a function");
  }
  const auth: Authenticator = {
    authorization: async ({ signal }) =>
      assertRawAppJwt(
        (await source.getToken(signal === undefined ? undefined : { signal })).accessToken,
        name,
      ),
  };
  if (invalidate !== undefined) {
    auth.invalidate = (rejected) => invalidate.call(source, rejected);
  }
  return auth;
}

function fromAuthenticator(source: Authenticator, name: string): Authenticator {
  const invalidate: unknown = source.invalidate;
  if (invalidate !== undefined && typeof invalidate !== "function") {
    throw new InvalidArgumentError(name, "an authenticator's invalidate must be a function");
  }
  const auth: Authenticator = {
    authorization: async (context) => assertRawAppJwt(await source.authorization(context), name),
  };
  if (invalidate !== undefined) {
    auth.invalidate = (rejected) => source.invalidate?.(rejected) ?? Promise.resolve();
  }
  return auth;
}

/**
 * Checks an {@link AppJwtSource} and returns the `Authenticator` a Connector API client calls on
 * every attempt; every value it hands out is checked with {@link assertRawAppJwt} (an
 * `InvalidArgumentError` naming `name` — e.g. for an authenticator that adds `Bearer `). A token
 * source is preferred over its `authorization` (a token manager has both; the latter adds `Bearer `).
 * Only sources with `invalidate` get the replay after 40102/40105.
 *
 * @example
 * ```ts
 * const auth = toAppJwtAuthenticator(tokenManager);
 * await auth.authorization({}); // "eyJ…" (raw)
 * ```
 */
export function toAppJwtAuthenticator(source: unknown, name = "auth"): Authenticator {
  if (typeof source === "string") {
    const token = assertRawAppJwt(source, name);
    return { authorization: async () => token };
  }
  if (typeof source === "function") {
    const hook = source as (context: { signal?: AbortSignal | undefined }) => Promise<string>;
    return { authorization: async (context) => assertRawAppJwt(await hook(context), name) };
  }
  if (isRecord(source) && typeof source.getToken === "function") {
    return fromTokenSource(source as unknown as AppJwtTokenSource, name);
  }
  if (isRecord(source) && typeof source.authorization === "function") {
    return fromAuthenticator(source as unknown as Authenticator, name);
  }
  throw new InvalidArgumentError(
    name,
    "expected the AppJWT: a raw token (string), a hook, an authenticator or a token manager",
  );
}
