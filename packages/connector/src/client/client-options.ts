/**
 * The options of `createConnectorClient`, checked once (each bad one is an `InvalidArgumentError`
 * naming it) and turned into the settings every call uses.
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
  toAppJwtAuthenticator,
  toBaseUrl,
  toHeaderRecord,
  toTransport,
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
export interface ConnectorSettings {
  readonly baseUrl: string;
  readonly accountId: string;
  readonly auth: Authenticator;
  readonly clientProperties: string | undefined;
  readonly transport: Transport;
  readonly timeoutMs: number;
  readonly policy: ConnectorRetryPolicy;
  readonly now: Now;
  readonly sleep: Sleep;
  readonly maxResponseBytes: number;
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
  const options = assertOptionsObject(input);
  const allowInsecureHttp = optionalBoolean(options.allowInsecureHttp, "allowInsecureHttp") ?? false;
  const baseUrl = toBaseUrl(options.baseUrl, "baseUrl", { allowInsecureHttp });
  const accountId = assertAccountId(options.accountId);
  const clientHeaders = toHeaderRecord(options.headers);
  for (const name of CREDENTIAL_HEADERS) {
    if (clientHeaders[name] !== undefined) {
      throw new InvalidArgumentError(
        `headers.${name}`,
        "is set by the client: pass the AppJWT as auth and the ConsumerJWS per call",
      );
    }
  }
  const fetch: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  return {
    baseUrl,
    accountId,
    auth: toAppJwtAuthenticator(options.auth, "auth"),
    clientProperties:
      options.clientProperties === undefined ? undefined : clientPropertiesHeader(options.clientProperties),
    transport: toTransport(options.fetch, options.transport),
    timeoutMs: optionalDuration(options.timeoutMs, "timeoutMs", CONNECTOR_DEFAULT_TIMEOUT_MS),
    policy: toConnectorRetryPolicy(options.retry),
    now: optionalFunction<Now>(options.now, "now") ?? Date.now,
    sleep: optionalFunction<Sleep>(options.sleep, "sleep") ?? defaultSleep,
    maxResponseBytes: optionalByteLimit(
      options.maxResponseBytes,
      "maxResponseBytes",
      CONNECTOR_DEFAULT_MAX_RESPONSE_BYTES,
    ),
    clientHeaders: mergeHeaderRecords(clientHeaders),
    raw: createClient<paths>({ baseUrl, fetch, headers: clientHeaders }),
  };
}
