/**
 * The options of `createIdpClient`, checked once (each bad one is an `InvalidArgumentError` naming
 * it) and turned into the settings every call uses.
 *
 * @module
 */
import type { Authenticator } from "@lpkit/core";
import {
  type ClientSettingsBase,
  mergeHeaderRecords,
  type RetryPolicy,
  resolveClientBase,
  resolveRetryPolicy,
  toAppJwtAuthenticator,
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
export interface IdpSettings extends ClientSettingsBase {
  readonly auth: Authenticator;
  readonly policy: RetryPolicy;
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
  const base = resolveClientBase(input, {
    timeoutMs: IDP_DEFAULT_TIMEOUT_MS,
    maxResponseBytes: IDP_DEFAULT_MAX_RESPONSE_BYTES,
    credentialHeaders: {
      names: CREDENTIAL_HEADERS,
      message: "is set by the client: pass the AppJWT as auth",
    },
  });
  const { clientHeaders, fetch, ...settled } = base;
  return {
    ...settled,
    auth: toAppJwtAuthenticator(input.auth, "auth"),
    policy: resolveRetryPolicy(input.retry, IDP_RETRY_DEFAULTS),
    postHeaders: mergeHeaderRecords({ "content-type": "application/json" }, clientHeaders, {
      accept: "application/json",
    }),
    raw: createClient<paths>({ baseUrl: settled.baseUrl, fetch, headers: clientHeaders }),
  };
}
