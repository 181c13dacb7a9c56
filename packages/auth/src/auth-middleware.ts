/**
 * 401 handling for openapi-fetch clients (behaviour 6). The middleware sets `Authorization` on
 * every request. When an API answers **401**, it invalidates that token (only if it is still the
 * current one), gets a new one and **replays the request once** — with the body it kept before the
 * first send, since a sent body cannot be read again. It never loops: a request is replayed at
 * most once and the replay does not pass through the middleware again. **403** (a missing
 * permission, which a new token does not fix) and every other status are passed on untouched.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
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
  /** The token sent with the first attempt. */
  readonly token: string;
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
  // Keyed by openapi-fetch's per-request `options` object: one entry per request, no leaks.
  const pending = new WeakMap<object, Pending>();
  return {
    async onRequest({ request, options }) {
      const token = await source.getToken({ signal: request.signal });
      request.headers.set("Authorization", `Bearer ${token.accessToken}`);
      const copy = request.body !== null && !BODYLESS.has(request.method) ? request.clone() : undefined;
      pending.set(options, { token: token.accessToken, copy });
      return request;
    },
    async onResponse({ request, response, options }) {
      const entry = pending.get(options);
      pending.delete(options); // at most one replay per request: the loop guard
      if (!entry || response.status !== 401) {
        return undefined;
      }
      let fresh: AccessToken;
      try {
        await source.invalidate(entry.token);
        fresh = await source.getToken({ signal: request.signal });
      } catch {
        // No new token (the failure is reported as a token-refresh-failed event): pass the 401 on.
        return undefined;
      }
      if (fresh.accessToken === entry.token) {
        return undefined; // Sentinel handed out the same token: replaying cannot help.
      }
      const headers = new Headers(request.headers);
      headers.set("Authorization", `Bearer ${fresh.accessToken}`);
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
