/**
 * The walk-through's request counters: which Connector API each request went to, and whether its
 * `Authorization` carried a `Bearer ` prefix — never a header value or a body.
 *
 * @module
 */
import type { FetchLike } from "@lpkit/core";

/** Which Connector API a request went to. */
export type ConnectorApi = "domain" | "sentinel" | "idp" | "conversation" | "send" | "other";

/**
 * Which API a path belongs to.
 *
 * @example
 * ```ts
 * connectorApiOf("/api/account/123/consumer"); // "idp"
 * ```
 */
export function connectorApiOf(pathname: string): ConnectorApi {
  if (/^\/api\/account\/[^/]+\/service\//.test(pathname)) {
    return "domain";
  }
  if (pathname.startsWith("/sentinel/")) {
    return "sentinel";
  }
  if (/\/consumer\/?$/.test(pathname)) {
    return "idp";
  }
  if (/\/messaging\/consumer\/conversation\/send\/?$/.test(pathname)) {
    return "send";
  }
  return /\/messaging\/consumer\/conversation\/?$/.test(pathname) ? "conversation" : "other";
}

/**
 * The counters of the walk-through's `fetch`.
 *
 * @example
 * ```ts
 * session.requests.count("idp"); // ConsumerJWS requests so far
 * ```
 */
export interface ConnectorRequests {
  count(api?: ConnectorApi): number;
  /** Requests whose `Authorization` began with `Bearer ` (the Connector wants the raw AppJWT). */
  readonly bearerPrefixed: number;
  /** Connector requests (IdP, CONVERSATION, SEND) that carried an `Authorization` header. */
  readonly authorized: number;
}

/**
 * Wraps `fetch` to count requests per API and how `Authorization` was sent (never a header value).
 *
 * @example
 * ```ts
 * const { fetch, requests } = countingFetch(emulator.fetch);
 * ```
 */
export function countingFetch(inner: FetchLike) {
  const counts = new Map<ConnectorApi, number>();
  let bearerPrefixed = 0;
  let authorized = 0;
  const fetch: FetchLike = (request) => {
    const api = connectorApiOf(new URL(request.url).pathname);
    counts.set(api, (counts.get(api) ?? 0) + 1);
    const authorization = request.headers.get("authorization");
    if (authorization !== null && (api === "idp" || api === "conversation" || api === "send")) {
      authorized += 1;
      if (/^bearer\s/i.test(authorization)) {
        bearerPrefixed += 1;
      }
    }
    return inner(request);
  };
  const requests: ConnectorRequests = {
    count: (api) =>
      api === undefined ? [...counts.values()].reduce((a, b) => a + b, 0) : (counts.get(api) ?? 0),
    get bearerPrefixed() {
      return bearerPrefixed;
    },
    get authorized() {
      return authorized;
    },
  };
  return { fetch, requests };
}
