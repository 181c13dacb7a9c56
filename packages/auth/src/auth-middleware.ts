/**
 * 401 handling for openapi-fetch clients (the 401 replay). The middleware sets `Authorization` on
 * every request. When an API answers **401**, it invalidates that token (only if it is still the
 * current one), gets a new one and **replays the request once** — with the body it kept before the
 * first send, since a sent body cannot be read again. It never loops: a request is replayed at
 * most once and the replay does not pass through the middleware again. **403** (a missing
 * permission, which a new token does not fix) and every other status are passed on untouched.
 *
 * @module
 */
import { type Authenticator, InvalidArgumentError } from "@lpkit/core";
import { replayAuthorization } from "@lpkit/core/internal";
import type { Middleware } from "openapi-fetch";
import type { AccessToken } from "./access-token.js";
import type { AuthLogger } from "./logger.js";

/**
 * What the middleware needs from a token manager.
 *
 * @example
 * ```ts
 * const middleware = createAuthMiddleware({ getToken: tokens.getToken, invalidate: tokens.invalidate });
 * ```
 */
export interface AuthMiddlewareSource {
  getToken(options?: { signal?: AbortSignal | undefined }): Promise<AccessToken>;
  invalidate(rejected?: AccessToken | string): Promise<boolean>;
  logger?: AuthLogger | undefined;
}

/** What the middleware remembers between `onRequest` and `onResponse` of one request. */
interface Pending {
  /** The `Authorization` value sent with the first attempt. */
  readonly authorization: string;
  /** A copy of the request taken before the first send, when it has a body. */
  readonly copy: Request | undefined;
}

const BODYLESS = new Set(["GET", "HEAD"]);

/**
 * Creates the middleware; a token manager exposes one as `tokens.middleware`.
 *
 * @example
 * ```ts
 * import createClient from "openapi-fetch";
 *
 * const client = createClient<paths>({ baseUrl });
 * client.use(tokens.middleware);
 * // with @lpkit/faasgw, pass the manager instead (faster, same 401 replay):
 * // createFaasClient({ baseUrl, accountId, auth: tokens })
 * ```
 */
export function createAuthMiddleware(source: AuthMiddlewareSource): Middleware {
  if (
    source === null ||
    typeof source !== "object" ||
    typeof source.getToken !== "function" ||
    typeof source.invalidate !== "function"
  ) {
    throw new InvalidArgumentError("source", "expected { getToken, invalidate } (e.g. a token manager)");
  }
  const authenticator: Authenticator = {
    authorization: async ({ signal }) => `Bearer ${(await source.getToken({ signal })).accessToken}`,
    invalidate: (rejected) => source.invalidate(rejected),
  };
  // Keyed by openapi-fetch's per-request `options` object: one entry per request, no leaks.
  const pending = new WeakMap<object, Pending>();
  return {
    async onRequest({ request, options }) {
      const authorization = await authenticator.authorization({ signal: request.signal });
      request.headers.set("Authorization", authorization);
      const copy = request.body !== null && !BODYLESS.has(request.method) ? request.clone() : undefined;
      pending.set(options, { authorization, copy });
      return request;
    },
    async onResponse({ request, response, options }) {
      const entry = pending.get(options);
      pending.delete(options); // at most one replay per request: the loop guard
      if (!entry) {
        return undefined;
      }
      // The one 401-replay rule of core: once, never on 403, never with the same value again.
      const fresh = await replayAuthorization(
        authenticator,
        response.status,
        entry.authorization,
        request.signal,
      ).catch(
        // No new token (the failure is reported as a token-refresh-failed event): pass the 401 on.
        () => undefined,
      );
      if (fresh === undefined) {
        return undefined;
      }
      const headers = new Headers(request.headers);
      headers.set("Authorization", fresh);
      const body = entry.copy ? await entry.copy.arrayBuffer() : undefined;
      // Everything else (URL, method, signal, redirect mode, …) is copied from the sent request.
      const replay = new Request(request, { headers, body });
      // Not awaited: cancelling one branch of a teed (cloned) body only settles once every branch is.
      response.body?.cancel().catch(() => {});
      source.logger?.debug?.("@lpkit/auth: replaying a request once with a new token after 401", {
        method: request.method,
      });
      return options.fetch(replay);
    },
    async onError({ options }) {
      pending.delete(options);
      return undefined;
    },
  };
}
