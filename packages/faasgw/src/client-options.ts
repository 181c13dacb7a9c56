/**
 * The options of `createFaasClient`, checked once and turned into the settings every call uses:
 * the checked values, the header sets per method merged once, and the plain `.raw` client.
 *
 * @module
 */
import { type Authenticator, InvalidArgumentError } from "@lpkit/core";
import {
  assertWellFormed,
  type ClientSettingsBase,
  DEFAULT_MAX_BODY_BYTES,
  mergeHeaderRecords,
  optionalByteLimit,
  resolveClientBase,
} from "@lpkit/core/internal";
import createClient, { type Client } from "openapi-fetch";
import { toAuthenticator } from "./auth.js";
import { resolveConvention } from "./convention.js";
import type { paths } from "./generated/faasgw.js";
import { DEFAULT_MAX_REQUEST_BYTES } from "./invocation-body.js";
import { type FaasRetryPolicy, toRetryPolicy } from "./retry.js";
import type { Convention, FaasClientOptions } from "./types.js";

/**
 * Default time limit per HTTP attempt: functions may run for 30 s, plus gateway overhead.
 *
 * @example
 * ```ts
 * createFaasClient({ baseUrl, accountId, timeoutMs: FAAS_DEFAULT_TIMEOUT_MS / 2 });
 * ```
 */
export const FAAS_DEFAULT_TIMEOUT_MS = 35_000;
/**
 * Default `source` (V1 `externalSystem` query, V2 `LP-EventSource` header).
 *
 * @example
 * ```ts
 * createFaasClient({ baseUrl, accountId }).invoke(uuid, {}); // sends externalSystem=lpkit on V1
 * ```
 */
export const DEFAULT_SOURCE = "lpkit";

/** Longest `source` accepted. */
const MAX_SOURCE_LENGTH = 128;
// biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
const CONTROL_CHARACTERS = /[\x00-\x1F\x7F-\x9F]/;
/** A header value must be Latin-1 (V2 sends the source as `LP-EventSource`). */
const BEYOND_LATIN1 = /[\u0100-\uFFFF]/;

/** The settings of one client, ready for every call. */
export interface FaasSettings extends ClientSettingsBase {
  readonly convention: Convention;
  readonly source: string;
  readonly auth: Authenticator | undefined;
  readonly policy: FaasRetryPolicy;
  readonly maxRequestBytes: number;
  /** Headers of a POST (default content type, client-wide headers, `accept`), lower-case names. */
  readonly postHeaders: Readonly<Record<string, string>>;
  /** Headers of a GET. */
  readonly getHeaders: Readonly<Record<string, string>>;
  /** A client-wide `Authorization` value (and its credentials part): never to be echoed. */
  readonly headerSecrets: readonly string[];
  readonly raw: Client<paths>;
}

/**
 * Checks the `source` option: up to 128 characters, no control characters (CR/LF included), well-formed;
 * on V2 also header-safe (Latin-1). Spaces are fine ("My CRM").
 *
 * @example
 * ```ts
 * assertSource("My CRM", "v2"); // "My CRM"
 * ```
 */
export function assertSource(value: unknown, convention: Convention): string {
  if (value === undefined) {
    return DEFAULT_SOURCE;
  }
  if (
    typeof value !== "string" ||
    value.trim() === "" ||
    value.length > MAX_SOURCE_LENGTH ||
    CONTROL_CHARACTERS.test(value) ||
    (convention === "v2" && BEYOND_LATIN1.test(value))
  ) {
    throw new InvalidArgumentError(
      "source",
      `expected 1-${MAX_SOURCE_LENGTH} characters without control characters${convention === "v2" ? " (Latin-1: it is sent as a header)" : ""}`,
    );
  }
  return assertWellFormed(value, "source");
}

function secretsOf(authorization: string | undefined): string[] {
  return authorization === undefined ? [] : [authorization, authorization.replace(/^\S+\s+/, "")];
}

/**
 * Checks the options of `createFaasClient` (each bad one is an `InvalidArgumentError` naming it) and
 * fills in the defaults.
 *
 * @example
 * ```ts
 * const settings = resolveFaasOptions({ baseUrl: "va.faasgw.liveperson.net", accountId: "12345678" });
 * ```
 */
export function resolveFaasOptions(input: FaasClientOptions): FaasSettings {
  const base = resolveClientBase(input, {
    timeoutMs: FAAS_DEFAULT_TIMEOUT_MS,
    maxResponseBytes: DEFAULT_MAX_BODY_BYTES,
  });
  const { clientHeaders, fetch, ...settled } = base;
  const { baseUrl } = settled;
  const convention = resolveConvention(input.convention, baseUrl);
  if ((input as { middleware?: unknown }).middleware !== undefined) {
    throw new InvalidArgumentError("middleware", "was removed: wrap `fetch` to observe or change requests");
  }
  return {
    ...settled,
    convention,
    source: assertSource(input.source, convention),
    auth: toAuthenticator(input.auth),
    policy: toRetryPolicy(input.retry),
    maxRequestBytes: optionalByteLimit(input.maxRequestBytes, "maxRequestBytes", DEFAULT_MAX_REQUEST_BYTES),
    // Merged as openapi-fetch merges: default Content-Type (with a body), client-wide, then the call's own.
    postHeaders: mergeHeaderRecords({ "content-type": "application/json" }, clientHeaders, {
      accept: "application/json",
    }),
    getHeaders: mergeHeaderRecords(clientHeaders, { accept: "application/json" }),
    headerSecrets: secretsOf(clientHeaders.authorization),
    raw: createClient<paths>({ baseUrl, fetch, headers: clientHeaders }),
  };
}
