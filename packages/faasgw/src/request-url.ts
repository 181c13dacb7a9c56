/**
 * A tiny typed URL builder for the client's own calls when they skip openapi-fetch: path templates
 * and their parameters come from the generated `paths`, and values are encoded exactly as
 * openapi-fetch's defaults encode them (simple path style, form-exploded query, `encodeURIComponent`,
 * `undefined` left out), so both ways send the same URL.
 *
 * @module
 */
import type { paths } from "./generated/faasgw.js";

/** The HTTP methods of the gateway's operations, lower-case as in `paths`. */
type Method = "get" | "post";

/**
 * The path templates of `paths` that have an operation for `method`.
 *
 * @example
 * ```ts
 * const template: FaasPath<"get"> = "/api/account/{accountId}/events/{eventId}/isImplemented";
 * ```
 */
export type FaasPath<M extends Method> = {
  [P in keyof paths]: paths[P][M] extends { parameters: unknown } ? P : never;
}[keyof paths];

/**
 * The path parameters of one operation, as the spec declares them.
 *
 * @example
 * ```ts
 * const params: FaasPathParams<"post", "/api/account/{accountId}/lambdas/{lambdaUuid}/invoke"> = { accountId, lambdaUuid };
 * ```
 */
export type FaasPathParams<M extends Method, P extends FaasPath<M>> = paths[P][M] extends {
  parameters: { path: infer T };
}
  ? T
  : never;

/**
 * The query parameters of one operation, as the spec declares them.
 *
 * @example
 * ```ts
 * const query: FaasQuery<"post", "/api/account/{accountId}/lambdas/{lambdaUuid}/invoke"> = { v: "1", externalSystem: "lpkit" };
 * ```
 */
export type FaasQuery<M extends Method, P extends FaasPath<M>> = paths[P][M] extends {
  parameters: { query?: infer T };
}
  ? T
  : never;

/**
 * Builds the full URL of one call: `baseUrl` (no trailing slash) + the template with its parameters
 * filled in + the query, in the order of `query`'s keys.
 *
 * @example
 * ```ts
 * buildUrl("post", "https://gw.example", "/api/account/{accountId}/lambdas/{lambdaUuid}/invoke",
 *   { accountId: "123", lambdaUuid }, { v: "1", externalSystem: "lpkit" });
 * // "https://gw.example/api/account/123/lambdas/…/invoke?v=1&externalSystem=lpkit"
 * ```
 */
export function buildUrl<M extends Method, P extends FaasPath<M>>(
  _method: M,
  baseUrl: string,
  template: P,
  pathParams: FaasPathParams<M, P>,
  query: FaasQuery<M, P>,
): string {
  const params = pathParams as Record<string, string>;
  let url =
    baseUrl +
    template.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeURIComponent(params[name] ?? ""));
  let separator = "?";
  for (const [name, value] of Object.entries((query ?? {}) as Record<string, string | undefined>)) {
    if (value !== undefined) {
      url += `${separator}${name}=${encodeURIComponent(value)}`;
      separator = "&";
    }
  }
  return url;
}
