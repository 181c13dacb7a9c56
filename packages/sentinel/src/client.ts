/**
 * `createSentinelClient`: the typed client for one Sentinel host — client-credentials tokens on
 * the v1 and v2 paths, and the JWKS. Requests are built from the `paths` generated from
 * `specs/sentinel.yaml` and sent with one `exchange` of `@lpkit/core` each.
 *
 * @module
 */
import { type FetchLike, InvalidArgumentError, type Now } from "@lpkit/core";
import {
  assertOptionsObject,
  callSignal,
  DEFAULT_TIMEOUT_MS,
  exchange,
  operationRequest,
  optionalBoolean,
  optionalDuration,
  optionalFunction,
  secretForms,
  toBaseUrl,
  toHeaderRecord,
  toTransport,
} from "@lpkit/core/internal";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./generated/sentinel.js";
import { toJwks } from "./jwks-response.js";
import { toTokenRequestError } from "./token-error.js";
import { toSentinelToken } from "./token-response.js";
import type {
  CallOptions,
  JsonWebKeySetResponse,
  SentinelClient,
  SentinelClientOptions,
  SentinelToken,
  SentinelTokenRequest,
} from "./types.js";
import { checkTokenRequest } from "./validate-request.js";

/**
 * Largest token response body read into memory (token responses are under 2 KiB); a larger 2xx
 * body is an `UnexpectedResponseError`.
 *
 * @example
 * ```ts
 * MAX_TOKEN_BODY_BYTES; // 65536
 * ```
 */
export const MAX_TOKEN_BODY_BYTES = 64 * 1024;

/**
 * Largest JWKS body read into memory; a larger body is a `JwksFetchError`.
 *
 * @example
 * ```ts
 * MAX_JWKS_BODY_BYTES; // 262144
 * ```
 */
export const MAX_JWKS_BODY_BYTES = 256 * 1024;

const V1_PATH = "/sentinel/api/account/{accountId}/app/token";
const V2_PATH = "/sentinel/api/v2/account/{accountId}/app/token";
const JWKS_PATH = "/sentinel/well-known/jwks";
const FORM = "application/x-www-form-urlencoded";

/** Checks the `jwksPath` option: a path (and query) starting with `/`, no fragment, well-formed. */
function checkJwksPath(value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (
    typeof value !== "string" ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    /[#\s\\]/.test(value)
  ) {
    throw new InvalidArgumentError("jwksPath", "expected a path such as /sentinel/well-known/jwks");
  }
  return value;
}

/**
 * Creates a client for one Sentinel host (look it up with the Domain API, service `sentinel`).
 * Options are checked immediately (`InvalidArgumentError`); nothing is sent until a method is called.
 *
 * @example
 * ```ts
 * import { createDomainClient } from "@lpkit/domain";
 * import { createSentinelClient } from "@lpkit/sentinel";
 *
 * const accountId = "12345678";
 * const host = await createDomainClient().getServiceHost(accountId, "sentinel");
 * const sentinel = createSentinelClient({ baseUrl: host });
 * const token = await sentinel.requestToken({
 *   accountId,
 *   clientId: process.env.LP_CLIENT_ID ?? "",
 *   clientSecret: process.env.LP_CLIENT_SECRET ?? "",
 *   version: "v2",
 * });
 * console.log(token);                 // accessToken: '[REDACTED]', expiresAt: …
 * fetch(url, { headers: { Authorization: `Bearer ${token.accessToken}` } });
 * ```
 */
export function createSentinelClient(input: SentinelClientOptions): SentinelClient {
  const options = assertOptionsObject(input);
  const allowInsecureHttp = optionalBoolean(options.allowInsecureHttp, "allowInsecureHttp") ?? false;
  const baseUrl = toBaseUrl(options.baseUrl, "baseUrl", { allowInsecureHttp });
  const transport = toTransport(options.fetch, options.transport);
  const now: Now = optionalFunction<Now>(options.now, "now") ?? Date.now;
  const timeoutMs = optionalDuration(options.timeoutMs, "timeoutMs", DEFAULT_TIMEOUT_MS);
  const clientHeaders = toHeaderRecord(options.headers);
  const jwksPath = checkJwksPath(options.jwksPath);
  const fetch: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const raw: Client<paths> = createClient<paths>({ baseUrl, fetch, headers: clientHeaders });

  async function requestToken(request: SentinelTokenRequest): Promise<SentinelToken> {
    const checked = checkTokenRequest(request);
    const secrets = secretForms(checked.clientSecret);
    const body = new URLSearchParams({
      client_id: checked.clientId,
      client_secret: checked.clientSecret,
      grant_type: "client_credentials",
    }).toString();
    const init = { clientHeaders, headers: { "content-type": FORM, accept: "application/json" }, body };
    const path = { accountId: checked.accountId };
    const http =
      checked.version === "v1"
        ? operationRequest<paths, "post", typeof V1_PATH>(
            "POST",
            baseUrl,
            V1_PATH,
            {
              path,
              query: { v: checked.v1Query },
            },
            init,
          )
        : operationRequest<paths, "post", typeof V2_PATH>("POST", baseUrl, V2_PATH, { path }, init);
    const requestStartedAt = now();
    const answer = await exchange(http, {
      transport,
      timeoutMs,
      signal: checked.signal,
      maxBodyBytes: MAX_TOKEN_BODY_BYTES,
      what: "Sentinel token request",
    });
    if (answer.status >= 200 && answer.status <= 299) {
      return toSentinelToken(answer, { requestStartedAt, secrets });
    }
    throw toTokenRequestError(answer, { now: now(), secrets, url: http.url });
  }

  async function getJwks(callOptions: CallOptions = {}): Promise<JsonWebKeySetResponse> {
    const signal = callSignal(callOptions);
    const http = operationRequest<paths, "get", typeof JWKS_PATH>(
      "GET",
      baseUrl,
      JWKS_PATH,
      {},
      {
        clientHeaders,
        headers: { accept: "application/json" },
      },
    );
    const url = jwksPath === undefined ? http.url : `${baseUrl}${jwksPath}`;
    const answer = await exchange(
      { ...http, url },
      { transport, timeoutMs, signal, maxBodyBytes: MAX_JWKS_BODY_BYTES, what: "Sentinel JWKS request" },
    );
    return toJwks(answer, now(), url, MAX_JWKS_BODY_BYTES);
  }

  return { raw, baseUrl, requestToken, getJwks };
}
