/**
 * The invoke URLs of one faasGW client, built from the generated `paths` with openapi-fetch's
 * serialisers and compiled once per lambda or event (a small bounded cache): the hot path of
 * `invoke` builds no URL at all.
 *
 * @module
 */
import { operationUrl } from "@lpkit/core/internal";
import type { paths } from "./generated/faasgw.js";

const LAMBDA_PATH = "/api/account/{accountId}/lambdas/{lambdaUuid}/invoke";
const EVENT_PATH = "/api/account/{accountId}/events/{eventId}/invoke";
/** How many compiled invoke URLs (per lambda or event, without userId/skillId) a client keeps. */
const URL_CACHE_SIZE = 256;

/** The query of a call (V1 adds `v` and `externalSystem`). */
export type InvokeQuery = (
  userId: string | undefined,
  skillId: string | undefined,
) => { v?: "1"; externalSystem?: string; userId: string | undefined; skillId: string | undefined };

/**
 * Returns the function that gives the URL of an invocation; calls without `userId`/`skillId` are
 * served from the cache.
 *
 * @example
 * ```ts
 * const invokeUrl = createInvokeUrls(baseUrl, accountId, query);
 * invokeUrl("lambda", lambdaUuid); // "https://…/api/account/123/lambdas/…/invoke?v=1&externalSystem=lpkit"
 * ```
 */
export function createInvokeUrls(
  baseUrl: string,
  accountId: string,
  query: InvokeQuery,
): (kind: "lambda" | "event", id: string, userId?: string, skillId?: string) => string {
  const urls = new Map<string, string>();
  return (kind: "lambda" | "event", id: string, userId?: string, skillId?: string): string => {
    const build = () =>
      kind === "lambda"
        ? operationUrl<paths, "post", typeof LAMBDA_PATH>(baseUrl, LAMBDA_PATH, {
            path: { accountId, lambdaUuid: id },
            query: query(userId, skillId),
          })
        : operationUrl<paths, "post", typeof EVENT_PATH>(baseUrl, EVENT_PATH, {
            path: { accountId, eventId: id },
            query: query(userId, skillId),
          });
    if (userId !== undefined || skillId !== undefined) {
      return build();
    }
    const key = kind === "lambda" ? id : `event:${id}`;
    let url = urls.get(key);
    if (url === undefined) {
      if (urls.size >= URL_CACHE_SIZE) {
        urls.delete(urls.keys().next().value as string);
      }
      url = build();
      urls.set(key, url);
    }
    return url;
  };
}
