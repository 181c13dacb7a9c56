/**
 * The options kit, part three: the settings every account-scoped client (faasGW, IdP, Send API)
 * resolves alike, checked in one order so a bad option is always reported the same way. Exported
 * from `@lpkit/core/internal`.
 *
 * @module
 */
import { toHeaderRecord, toTransport } from "./client-options.js";
import { InvalidArgumentError } from "./errors.js";
import {
  assertOptionsObject,
  optionalBoolean,
  optionalByteLimit,
  optionalDuration,
  optionalFunction,
} from "./options.js";
import { defaultSleep, type Sleep } from "./retry.js";
import type { FetchLike, Now, Transport } from "./transport.js";
import { assertAccountId, toBaseUrl } from "./validate.js";

/** The options {@link resolveClientBase} reads; each client's options type has them all. */
export interface ClientBaseOptions {
  baseUrl?: unknown;
  allowInsecureHttp?: unknown;
  accountId?: unknown;
  headers?: unknown;
  fetch?: unknown;
  transport?: unknown;
  timeoutMs?: unknown;
  now?: unknown;
  sleep?: unknown;
  maxResponseBytes?: unknown;
}

/** What a client fills in when an option is not given, and which headers it keeps for itself. */
export interface ClientBaseDefaults {
  /** Time limit of one attempt, in ms. */
  readonly timeoutMs: number;
  /** Bound of an answer read into memory, in bytes. */
  readonly maxResponseBytes: number;
  /**
   * Header names (lower-case) only the client may set, and what the `InvalidArgumentError` naming
   * `headers.<name>` says instead.
   */
  readonly credentialHeaders?: { readonly names: readonly string[]; readonly message: string } | undefined;
}

/** The checked settings every such client shares. */
export interface ClientBase {
  readonly baseUrl: string;
  readonly accountId: string;
  /** Client-wide headers, lower-case names. */
  readonly clientHeaders: Record<string, string>;
  /** The `fetch` of the plain `.raw` client: the given one or `globalThis.fetch`. */
  readonly fetch: FetchLike;
  readonly transport: Transport;
  readonly timeoutMs: number;
  readonly now: Now;
  readonly sleep: Sleep;
  readonly maxResponseBytes: number;
}

/**
 * The part of {@link ClientBase} a client keeps in its settings (`fetch` and the headers go into
 * its `.raw` client and its merged header sets instead).
 *
 * @example
 * ```ts
 * interface IdpSettings extends ClientSettingsBase { readonly auth: Authenticator }
 * ```
 */
export type ClientSettingsBase = Readonly<Omit<ClientBase, "fetch" | "clientHeaders">>;

/**
 * Checks the options object and, in this order, `allowInsecureHttp`, `baseUrl`, `accountId`,
 * `headers` (and the credential headers), `fetch` / `transport`, `timeoutMs`, `now`, `sleep` and
 * `maxResponseBytes` — each bad one an `InvalidArgumentError` naming it — and fills in the defaults.
 * The client checks its own options (auth, retry, …) after these.
 *
 * @example
 * ```ts
 * const base = resolveClientBase(options, { timeoutMs: 10_000, maxResponseBytes: 64 * 1024 });
 * ```
 */
export function resolveClientBase(input: ClientBaseOptions, defaults: ClientBaseDefaults): ClientBase {
  const options = assertOptionsObject(input);
  const allowInsecureHttp = optionalBoolean(options.allowInsecureHttp, "allowInsecureHttp") ?? false;
  const baseUrl = toBaseUrl(options.baseUrl, "baseUrl", { allowInsecureHttp });
  const accountId = assertAccountId(options.accountId);
  const clientHeaders = toHeaderRecord(options.headers);
  for (const name of defaults.credentialHeaders?.names ?? []) {
    if (clientHeaders[name] !== undefined) {
      throw new InvalidArgumentError(`headers.${name}`, defaults.credentialHeaders?.message ?? "");
    }
  }
  const fetch = (options.fetch as FetchLike | undefined) ?? ((request) => globalThis.fetch(request));
  return {
    baseUrl,
    accountId,
    clientHeaders,
    fetch,
    transport: toTransport(options.fetch, options.transport),
    timeoutMs: optionalDuration(options.timeoutMs, "timeoutMs", defaults.timeoutMs),
    now: optionalFunction<Now>(options.now, "now") ?? Date.now,
    sleep: optionalFunction<Sleep>(options.sleep, "sleep") ?? defaultSleep,
    maxResponseBytes: optionalByteLimit(
      options.maxResponseBytes,
      "maxResponseBytes",
      defaults.maxResponseBytes,
    ),
  };
}
