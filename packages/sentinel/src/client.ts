/**
 * `createSentinelClient`: the typed client for one Sentinel host — client-credentials tokens on
 * the v1 and v2 paths, and the JWKS. Built on openapi-fetch over the types generated from
 * `specs/sentinel.yaml`.
 *
 * @module
 */
import {
  assertDuration,
  DEFAULT_TIMEOUT_MS,
  type FetchLike,
  InvalidArgumentError,
  type Now,
  newRequestId,
  toBaseUrl,
} from "@lpkit/core";
import createClient, { type Client } from "openapi-fetch";
import { exchange } from "./exchange.js";
import type { components, paths } from "./generated/sentinel.js";
import { toJwks } from "./jwks-response.js";
import { secretForms } from "./secret-forms.js";
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

type TokenRequestBody = components["schemas"]["TokenRequest"];

/** Serializes the token request as `application/x-www-form-urlencoded` (client_secret_post). */
function formBody(body: TokenRequestBody): string {
  return new URLSearchParams({
    client_id: body.client_id,
    client_secret: body.client_secret,
    grant_type: body.grant_type,
  }).toString();
}

function checkFunction<T>(value: T | undefined, name: string): T | undefined {
  if (value !== undefined && typeof value !== "function") {
    throw new InvalidArgumentError(
      name,
      `expected a function, got ${value === null ? "null" : typeof value}`,
    );
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
export function createSentinelClient(options: SentinelClientOptions): SentinelClient {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("options", "expected an object with at least baseUrl");
  }
  const baseUrl = toBaseUrl(options.baseUrl, "baseUrl", { allowInsecureHttp: options.allowInsecureHttp });
  const userFetch: FetchLike | undefined = checkFunction(options.fetch, "fetch");
  const now: Now = checkFunction(options.now, "now") ?? Date.now;
  const timeoutMs =
    options.timeoutMs === undefined ? DEFAULT_TIMEOUT_MS : assertDuration(options.timeoutMs, "timeoutMs");

  const raw: Client<paths> = createClient<paths>({
    baseUrl,
    // Resolved per call, so a default `fetch` installed or replaced later is honoured.
    fetch: (request) => (userFetch ?? globalThis.fetch)(request),
    headers: options.headers,
  });
  // Raw calls get an X-Request-Id too, unless the caller set one.
  raw.use({
    onRequest({ request }) {
      if (!request.headers.has("x-request-id")) {
        request.headers.set("X-Request-Id", newRequestId());
      }
      return undefined;
    },
  });

  async function requestToken(request: SentinelTokenRequest): Promise<SentinelToken> {
    const checked = checkTokenRequest(request);
    const secrets = secretForms(checked.clientSecret);
    const body: TokenRequestBody = {
      client_id: checked.clientId,
      client_secret: checked.clientSecret,
      grant_type: "client_credentials",
    };
    const requestStartedAt = now();
    const result = await exchange(
      {
        what: "Sentinel token request",
        timeoutMs,
        maxBodyBytes: MAX_TOKEN_BODY_BYTES,
        signal: checked.signal,
      },
      (init) => {
        const common = {
          body,
          bodySerializer: formBody,
          headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
          // A redirected POST would re-send the secret to wherever `Location` points.
          redirect: "manual" as const,
          signal: init.signal,
          middleware: init.middleware,
        };
        const header = { "X-Request-Id": init.requestId };
        return checked.version === "v1"
          ? raw.POST(V1_PATH, {
              ...common,
              params: { path: { accountId: checked.accountId }, query: { v: checked.v1Query }, header },
            })
          : raw.POST(V2_PATH, { ...common, params: { path: { accountId: checked.accountId }, header } });
      },
    );
    if (result.status >= 200 && result.status <= 299) {
      return toSentinelToken(result, { requestStartedAt, secrets });
    }
    throw toTokenRequestError(result, { now: now(), secrets });
  }

  async function getJwks(callOptions: CallOptions = {}): Promise<JsonWebKeySetResponse> {
    const signal = callOptions?.signal;
    if (signal !== undefined && !(signal instanceof AbortSignal)) {
      throw new InvalidArgumentError("signal", "expected an AbortSignal");
    }
    const result = await exchange(
      { what: "Sentinel JWKS request", timeoutMs, maxBodyBytes: MAX_JWKS_BODY_BYTES, signal },
      (init) =>
        raw.GET(JWKS_PATH, {
          headers: { Accept: "application/json" },
          params: { header: { "X-Request-Id": init.requestId } },
          signal: init.signal,
          middleware: init.middleware,
        }),
    );
    return toJwks(result, now());
  }

  return { raw, baseUrl, requestToken, getJwks };
}
