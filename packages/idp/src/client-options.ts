/**
 * The options of `createIdpClient`, checked once (each bad one is an `InvalidArgumentError` naming
 * it) and turned into the settings every call uses.
 *
 * @module
 */
import {
  type Authenticator,
  type FetchLike,
  InvalidArgumentError,
  type Now,
  type Sleep,
  type Transport,
} from "@lpkit/core";
import {
  assertAccountId,
  assertOptionsObject,
  defaultSleep,
  mergeHeaderRecords,
  optionalBoolean,
  optionalByteLimit,
  optionalDuration,
  optionalFunction,
  type RetryPolicy,
  resolveRetryPolicy,
  toAppJwtAuthenticator,
  toBaseUrl,
  toHeaderRecord,
  toTransport,
} from "@lpkit/core/internal";
import createClient, { type Client } from "openapi-fetch";
import type { IdpClientOptions } from "./client-types.js";
import type { paths } from "./generated/idp.js";
import { IDP_RETRY_DEFAULTS } from "./retry.js";

/** Default time limit of one attempt, in ms. */
export const IDP_DEFAULT_TIMEOUT_MS = 10_000;
/** Default bound of an answer read into memory, in bytes. */
export const IDP_DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024;

/** The checked settings of one IdP client. */
export interface IdpSettings {
  readonly baseUrl: string;
  readonly accountId: string;
  readonly auth: Authenticator;
  readonly transport: Transport;
  readonly timeoutMs: number;
  readonly policy: RetryPolicy;
  readonly now: Now;
  readonly sleep: Sleep;
  readonly maxResponseBytes: number;
  /** Headers of the POST, lower-case names: content type, client-wide headers, `accept`. */
  readonly postHeaders: Readonly<Record<string, string>>;
  readonly raw: Client<paths>;
}

/** Headers that carry credentials: only `auth` (and the call's ConsumerJWS) may set them. */
const CREDENTIAL_HEADERS = ["authorization", "x-lp-on-behalf"] as const;

/**
 * Checks the options of `createIdpClient` and fills in the defaults.
 *
 * @example
 * ```ts
 * const settings = resolveIdpOptions({ baseUrl: "va.idp.liveperson.net", accountId: "12345678", auth: appJwt });
 * ```
 */
export function resolveIdpOptions(input: IdpClientOptions): IdpSettings {
  const options = assertOptionsObject(input);
  const allowInsecureHttp = optionalBoolean(options.allowInsecureHttp, "allowInsecureHttp") ?? false;
  const baseUrl = toBaseUrl(options.baseUrl, "baseUrl", { allowInsecureHttp });
  const accountId = assertAccountId(options.accountId);
  const clientHeaders = toHeaderRecord(options.headers);
  for (const name of CREDENTIAL_HEADERS) {
    if (clientHeaders[name] !== undefined) {
      throw new InvalidArgumentError(`headers.${name}`, "is set by the client: pass the AppJWT as auth");
    }
  }
  const fetch: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  return {
    baseUrl,
    accountId,
    auth: toAppJwtAuthenticator(options.auth, "auth"),
    transport: toTransport(options.fetch, options.transport),
    timeoutMs: optionalDuration(options.timeoutMs, "timeoutMs", IDP_DEFAULT_TIMEOUT_MS),
    policy: resolveRetryPolicy(options.retry, IDP_RETRY_DEFAULTS),
    now: optionalFunction<Now>(options.now, "now") ?? Date.now,
    sleep: optionalFunction<Sleep>(options.sleep, "sleep") ?? defaultSleep,
    maxResponseBytes: optionalByteLimit(
      options.maxResponseBytes,
      "maxResponseBytes",
      IDP_DEFAULT_MAX_RESPONSE_BYTES,
    ),
    postHeaders: mergeHeaderRecords({ "content-type": "application/json" }, clientHeaders, {
      accept: "application/json",
    }),
    raw: createClient<paths>({ baseUrl, fetch, headers: clientHeaders }),
  };
}
