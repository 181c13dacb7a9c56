/**
 * The options of `createConnectorClient`, checked once (each bad one is an `InvalidArgumentError`
 * naming it) and turned into the settings every call uses.
 *
 * @module
 */
import type { Authenticator } from "@lpkit/core";
import {
  type ClientSettingsBase,
  mergeHeaderRecords,
  resolveClientBase,
  toAppJwtAuthenticator,
} from "@lpkit/core/internal";
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "../generated/connector.js";
import { clientPropertiesHeader } from "../send-init.js";
import type { ConnectorClientOptions } from "./client-types.js";
import { type ConnectorRetryPolicy, toConnectorRetryPolicy } from "./retry.js";

/** Default time limit of one attempt, in ms. */
export const CONNECTOR_DEFAULT_TIMEOUT_MS = 10_000;
/** Default bound of an answer read into memory, in bytes. */
export const CONNECTOR_DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

/** The checked settings of one Send API client. */
export interface ConnectorSettings extends ClientSettingsBase {
  readonly auth: Authenticator;
  readonly clientProperties: string | undefined;
  readonly policy: ConnectorRetryPolicy;
  /** Client-wide headers, lower-case names. */
  readonly clientHeaders: Readonly<Record<string, string>>;
  readonly raw: Client<paths>;
}

/** Headers that carry credentials: only `auth` and the call's `consumerJws` may set them. */
const CREDENTIAL_HEADERS = ["authorization", "x-lp-on-behalf"] as const;

/**
 * Checks the options of `createConnectorClient` and fills in the defaults.
 *
 * @example
 * ```ts
 * const settings = resolveConnectorOptions({ baseUrl: "va.msg.liveperson.net", accountId: "12345678", auth: appJwt });
 * ```
 */
export function resolveConnectorOptions(input: ConnectorClientOptions): ConnectorSettings {
  const base = resolveClientBase(input, {
    timeoutMs: CONNECTOR_DEFAULT_TIMEOUT_MS,
    maxResponseBytes: CONNECTOR_DEFAULT_MAX_RESPONSE_BYTES,
    credentialHeaders: {
      names: CREDENTIAL_HEADERS,
      message: "is set by the client: pass the AppJWT as auth and the ConsumerJWS per call",
    },
  });
  const { clientHeaders, fetch, ...settled } = base;
  return {
    ...settled,
    auth: toAppJwtAuthenticator(input.auth, "auth"),
    clientProperties:
      input.clientProperties === undefined ? undefined : clientPropertiesHeader(input.clientProperties),
    policy: toConnectorRetryPolicy(input.retry),
    clientHeaders: mergeHeaderRecords(clientHeaders),
    raw: createClient<paths>({ baseUrl: settled.baseUrl, fetch, headers: clientHeaders }),
  };
}
