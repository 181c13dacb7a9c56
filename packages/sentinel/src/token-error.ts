/**
 * Turning a non-2xx answer of a Sentinel token endpoint into a `TokenRequestError`. An OAuth 2.0
 * error body (`error`, `error_description`) is read when it is JSON; anything else is summarised.
 * The client secret is redacted from everything taken from the body, in case the server echoes it.
 *
 * @module
 */
import { TokenRequestError } from "@lpkit/core";
import {
  type Answer,
  describeRedirect,
  isRecord,
  parseRetryAfter,
  redactSnippet,
} from "@lpkit/core/internal";

function stringMember(body: unknown, key: string, secrets: readonly string[]): string | undefined {
  const value = isRecord(body) ? body[key] : undefined;
  return typeof value === "string" && value !== "" ? redactSnippet(value, secrets, 300) : undefined;
}

/**
 * Builds the `TokenRequestError` for an error status: OAuth `error` and `error_description` when
 * the body is JSON, `Retry-After` (seconds or HTTP date) as `retryAfterMs`, `retryable` for
 * 408/429/5xx.
 *
 * @example
 * ```ts
 * throw toTokenRequestError(answer, { now: Date.now(), secrets: [clientSecret], url });
 * ```
 */
export function toTokenRequestError(
  answer: Answer,
  context: { now: number; secrets: readonly string[]; url: string },
): TokenRequestError {
  const { status, requestId, text } = answer;
  let body: unknown;
  try {
    body = text.trim() === "" ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
  }
  const oauthError = stringMember(body, "error", context.secrets);
  const errorDescription = stringMember(body, "error_description", context.secrets);
  let detail = "";
  if (oauthError !== undefined) {
    detail = `: ${oauthError}${errorDescription !== undefined ? ` (${errorDescription})` : ""}`;
  } else if (answer.tooLarge) {
    detail = ": the body exceeds the size limit";
  } else if (text.trim() !== "") {
    detail = `: ${redactSnippet(text, context.secrets, 120)}`;
  }
  // A redirected POST would re-send the secret to wherever `Location` points: never followed.
  const redirect = describeRedirect(answer, context.url);
  const how = redirect === undefined ? "" : ` — ${redirect}`;
  return new TokenRequestError(`Sentinel token request failed with HTTP ${status}${how}${detail}`, {
    status,
    requestId,
    oauthError,
    errorDescription,
    retryAfterMs: parseRetryAfter(answer.headers.get("retry-after"), context.now),
  });
}
