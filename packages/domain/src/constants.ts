/**
 * Fixed values of the Domain API client: the documented public host, the only API version, and
 * the bounds on how much of a response body is read into memory.
 *
 * @module
 */

/**
 * The documented public Domain API host, used when `createDomainClient` gets no `baseUrl`.
 *
 * @example
 * ```ts
 * createDomainClient({ baseUrl: DEFAULT_DOMAIN_BASE_URL }); // same as createDomainClient()
 * ```
 */
export const DEFAULT_DOMAIN_BASE_URL = "https://api.liveperson.net";

/**
 * The `version` query value every Domain API call sends (the only one documented).
 *
 * @example
 * ```ts
 * client.raw.GET("/api/account/{accountId}/service/baseURI.json", {
 *   params: { path: { accountId: "12345678" }, query: { version: DOMAIN_API_VERSION } },
 * });
 * ```
 */
export const DOMAIN_API_VERSION = "1.0" as const;

/**
 * Largest success body read into memory (1 MiB). A list of every service of an account is a few
 * kilobytes; anything far larger is not a Domain API answer.
 *
 * @example
 * ```ts
 * await exchange(request, { transport, timeoutMs, maxBodyBytes: MAX_BODY_BYTES, what });
 * ```
 */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Longest error body quoted (as a redacted snippet) in a `DomainApiError`; a longer one is not shown. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;
