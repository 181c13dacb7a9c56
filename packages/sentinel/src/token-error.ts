/**
 * Turning a non-2xx answer of a Sentinel token endpoint into a `TokenRequestError`. An OAuth 2.0
 * error body (`error`, `error_description`) is read when it is JSON; anything else is summarised.
 * The client secret is redacted from everything taken from the body, in case the server echoes it.
 *
 * @module
 */
import { parseRetryAfter, redact, snippet, TokenRequestError } from "@lpkit/core";
import type { Exchange } from "./exchange.js";

function stringMember(body: unknown, key: string, secrets: readonly string[]): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return undefined;
  }
  const value = (body as Record<string, unknown>)[key];
  return typeof value === "string" && value !== "" ? redact(snippet(value, 300), secrets) : undefined;
}

/**
 * Builds the `TokenRequestError` for an error status: OAuth `error` and `error_description` when
 * the body is JSON, `Retry-After` (seconds or HTTP date) as `retryAfterMs`, `retryable` for
 * 408/429/5xx.
 *
 * @example
 * ```ts
 * throw toTokenRequestError(result, { now: Date.now(), secrets: [clientSecret] });
 * ```
 */
export function toTokenRequestError(
  result: Exchange,
  context: { now: number; secrets: readonly string[] },
): TokenRequestError {
  const { status, requestId, text } = result;
  let body: unknown;
  try {
    body = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = stringMember(body, "error", context.secrets);
  const errorDescription = stringMember(body, "error_description", context.secrets);
  let detail = "";
  if (error !== undefined) {
    detail = `: ${error}${errorDescription !== undefined ? ` (${errorDescription})` : ""}`;
  } else if (result.oversize) {
    detail = ": the body exceeds the size limit";
  } else if (text.trim() !== "") {
    detail = `: ${redact(snippet(text, 120), context.secrets)}`;
  }
  // Status 0 is how browsers report a redirect that was not followed (an opaque redirect).
  const redirect =
    status === 0 || (status >= 300 && status < 400) ? " (redirects are not followed for token requests)" : "";
  return new TokenRequestError(`Sentinel token request failed with HTTP ${status}${redirect}${detail}`, {
    status,
    requestId,
    error,
    errorDescription,
    retryAfterMs: parseRetryAfter(result.headers.get("retry-after"), context.now),
  });
}
