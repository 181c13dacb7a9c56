/**
 * Turning a 2xx answer of a Sentinel token endpoint into a {@link SentinelToken}, or an
 * `UnexpectedResponseError` when it is not a token (malformed JSON, HTML, no `access_token`, a
 * `token_type` other than bearer, an `access_token` that is not a JWT). Nothing Sentinel returned
 * that could be the token, and nothing the caller sent, appears in the error.
 *
 * @module
 */
import { JwtMalformedError, UnexpectedResponseError } from "@lpkit/core";
import { type Answer, hideSecrets, isRecord, redactSnippet } from "@lpkit/core/internal";
import { decodeAppJwt } from "./decode-app-jwt.js";
import { parseExpiresIn, tokenTimes } from "./expiry.js";
import type { SentinelToken, TokenResponse } from "./types.js";

/** Largest time a `Date` can hold, in ms since the epoch. */
const MAX_DATE_MS = 8.64e15;

/** Context for {@link toSentinelToken}. */
export interface TokenContext {
  /** Clock reading taken before the request was sent. */
  requestStartedAt: number;
  /** Values that must never appear in an error (the client secret, …). */
  secrets: readonly string[];
}

function describeContentType(headers: Answer["headers"]): string {
  const type = headers.get("content-type");
  return type ? type.split(";")[0]?.trim() || "unknown" : "none";
}

/**
 * Parses and checks a 2xx token response body; builds the token with its `accessToken` hidden
 * from `console.log`, `util.inspect` and `JSON.stringify`.
 *
 * @example
 * ```ts
 * const token = toSentinelToken(result, { requestStartedAt, secrets: [clientSecret] });
 * ```
 */
export function toSentinelToken(result: Answer, context: TokenContext): SentinelToken {
  const { status, requestId } = result;
  const fail = (why: string, secrets: readonly string[] = context.secrets, cause?: unknown): never => {
    throw new UnexpectedResponseError(`Sentinel answered HTTP ${status} but ${why}`, {
      status,
      requestId,
      bodySnippet: result.tooLarge ? undefined : redactSnippet(result.text, secrets),
      cause,
    });
  };
  if (result.tooLarge) {
    return fail("the body exceeds the size limit for a token response");
  }
  let body: unknown;
  try {
    body = JSON.parse(result.text);
  } catch {
    return fail(`the body is not JSON (content type ${describeContentType(result.headers)})`);
  }
  if (!isRecord(body)) {
    return fail("the body is not a JSON object");
  }
  const accessToken = body.access_token;
  // From here on the body may contain a token: keep it out of every snippet as well.
  const secrets =
    typeof accessToken === "string" && accessToken !== ""
      ? [...context.secrets, accessToken]
      : context.secrets;
  if (typeof accessToken !== "string" || accessToken === "") {
    return fail('the body has no "access_token"', secrets);
  }
  const tokenType = body.token_type;
  if (typeof tokenType !== "string" || tokenType.toLowerCase() !== "bearer") {
    return fail(
      typeof tokenType === "string"
        ? `"token_type" is "${redactSnippet(tokenType, secrets, 40)}", not Bearer`
        : 'the body has no "token_type"',
      secrets,
    );
  }
  let decoded: ReturnType<typeof decodeAppJwt>;
  try {
    decoded = decodeAppJwt(accessToken);
  } catch (error) {
    if (error instanceof JwtMalformedError) {
      return fail(`"access_token" is not a decodable JWT: ${error.message}`, secrets, error);
    }
    throw error;
  }
  for (const name of ["exp", "iat"] as const) {
    const seconds = decoded.claims[name];
    // A NumericDate beyond what a Date can hold (e.g. 1e306) cannot be an expiry lpkit could act on.
    if (seconds !== undefined && !(Math.abs(seconds * 1000) <= MAX_DATE_MS)) {
      return fail(`the token's "${name}" claim is not a usable time`, secrets);
    }
  }
  const wire = body as TokenResponse;
  const expiresIn = parseExpiresIn(wire.expires_in);
  const times = tokenTimes(decoded.claims, expiresIn, context.requestStartedAt);
  if ("unusable" in times) {
    return fail(`the token is unusable: ${times.unusable}`, secrets);
  }
  const { expiresAt, issuedAt } = times;
  const token: SentinelToken = {
    accessToken,
    tokenType: "Bearer",
    expiresAt,
    expiresIn,
    issuedAt,
    claims: decoded.claims,
    header: decoded.header,
  };
  return hideSecrets(token, ["accessToken"]);
}
