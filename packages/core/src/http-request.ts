/**
 * Requests built from the generated `paths` of a spec with openapi-fetch's own serialisers
 * (`createFinalURL`, `createQuerySerializer`, `defaultPathSerializer`, `mergeHeaders`), so the
 * URLs and headers lpkit sends are those `client.GET` / `client.POST` would send, by construction.
 * Exported from `@lpkit/core/internal`.
 *
 * @module
 */
import { createFinalURL, createQuerySerializer, defaultPathSerializer, mergeHeaders } from "openapi-fetch";
import type { HttpRequest } from "./exchange.js";
import { setOwn } from "./own-keys.js";

/** The HTTP methods of an OpenAPI path item, lower-case as in the generated `paths`. */
export type Method = "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace";

/**
 * The path templates of `Paths` that have an operation for `M`.
 *
 * @example
 * ```ts
 * type Gets = PathsWith<paths, "get">; // "/api/account/{accountId}/service/baseURI.json" | …
 * ```
 */
export type PathsWith<Paths, M extends Method> = {
  [P in keyof Paths]: Paths[P] extends Record<M, { parameters: unknown }> ? P : never;
}[keyof Paths] &
  string;

type Parameters<Paths, M extends Method, P extends keyof Paths> =
  Paths[P] extends Record<M, { parameters: infer T }> ? T : never;

/**
 * The path and query parameters of one operation, as the spec declares them.
 *
 * @example
 * ```ts
 * const params: UrlParams<paths, "get", "/api/account/{accountId}/service/baseURI.json"> = {
 *   path: { accountId: "12345678" }, query: { version: "1.0" },
 * };
 * ```
 */
export type UrlParams<Paths, M extends Method, P extends PathsWith<Paths, M>> = Pick<
  Parameters<Paths, M, P>,
  Extract<keyof Parameters<Paths, M, P>, "path" | "query">
>;

const querySerializer = createQuerySerializer();

/**
 * The URL openapi-fetch builds for `template` with `params` below `baseUrl` (no trailing slash).
 *
 * @example
 * ```ts
 * const url = operationUrl<paths, "get", "/api/account/{accountId}/service/baseURI.json">(
 *   baseUrl, "/api/account/{accountId}/service/baseURI.json", { path: { accountId }, query: { version: "1.0" } });
 * ```
 */
export function operationUrl<Paths, M extends Method, P extends PathsWith<Paths, M>>(
  baseUrl: string,
  template: P,
  params: UrlParams<Paths, M, P>,
): string {
  return createFinalURL(template, {
    baseUrl,
    params: params as { path?: Record<string, unknown>; query?: Record<string, unknown> },
    querySerializer,
    pathSerializer: defaultPathSerializer,
  });
}

/**
 * Merges header layers the way openapi-fetch does (later layers win, names case-insensitive, `null`
 * removes) into a record with lower-case names.
 *
 * @example
 * ```ts
 * mergeHeaderRecords({ "content-type": "application/json" }, clientHeaders, { accept: "application/json" });
 * ```
 */
export function mergeHeaderRecords(
  ...layers: (Record<string, string | null | undefined> | undefined)[]
): Record<string, string> {
  const out: Record<string, string> = {};
  mergeHeaders(...layers).forEach((value, name) => {
    setOwn(out, name, value);
  });
  return out;
}

/**
 * One operation's request, built like openapi-fetch builds it: the URL from the template and its
 * parameters, `Content-Type: application/json` by default when there is a body, then the
 * client-wide headers, then the call's own. The body is sent as given (already serialised).
 *
 * @example
 * ```ts
 * const request = operationRequest<paths, "get", "/sentinel/well-known/jwks">(
 *   "GET", baseUrl, "/sentinel/well-known/jwks", {}, { clientHeaders, headers: { accept: "application/json" } });
 * ```
 */
export function operationRequest<Paths, M extends Method, P extends PathsWith<Paths, M>>(
  method: Uppercase<M>,
  baseUrl: string,
  template: P,
  params: UrlParams<Paths, M, P>,
  init: {
    clientHeaders?: Record<string, string> | undefined;
    headers?: Record<string, string | undefined> | undefined;
    body?: string | undefined;
    contentType?: string | undefined;
  } = {},
): HttpRequest {
  const { body } = init;
  return {
    method,
    url: operationUrl<Paths, M, P>(baseUrl, template, params),
    headers: mergeHeaderRecords(
      body === undefined ? undefined : { "content-type": init.contentType ?? "application/json" },
      init.clientHeaders,
      init.headers,
    ),
    body,
  };
}
