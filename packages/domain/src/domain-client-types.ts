/**
 * The public shape of the Domain API client: its options, its per-call options and the client.
 *
 * @module
 */
import type { FetchLike, HeadersLike, Transport } from "@lpkit/core";
import type { Client } from "openapi-fetch";
import type { paths } from "./generated/domain.js";
import type { ServiceEntry } from "./service-entry.js";

/**
 * Where the Domain API client writes warnings; `console` and most loggers fit.
 *
 * @example
 * ```ts
 * const logger: DomainLogger = { warn: (message, fields) => pino.warn(fields, message) };
 * ```
 */
export interface DomainLogger {
  warn?(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/**
 * Options of {@link createDomainClient}. Every one is optional.
 *
 * @example
 * ```ts
 * const options: DomainClientOptions = { baseUrl: "adminlogin.liveperson.net", timeoutMs: 5_000 };
 * ```
 */
export interface DomainClientOptions {
  /**
   * The Domain API host or URL. A bare host (`adminlogin.liveperson.net`, `127.0.0.1:4000`) gets
   * `https://`; plain `http://` is accepted for loopback hosts only (see `allowInsecureHttp`).
   * Default: the `LPKIT_DOMAIN_API` environment variable when it is set (e.g.
   * `http://127.0.0.1:4000` for `npx lpkit-emulator`), else `"https://api.liveperson.net"`.
   *
   * A loopback Domain API (an emulator) makes the loopback hosts it hands out acceptable, reached
   * with its own scheme: a plain-HTTP emulator's hosts come back as `http://host:port`.
   */
  baseUrl?: string | undefined;
  /**
   * Hosts the Domain API may hand out besides LivePerson's own domains (`*.liveperson.net`,
   * `*.liveperson.com`, `*.lprnd.net`, `*.lpcloud.io`): exact hosts (`proxy.corp.example`),
   * `host:port`, or `*.domain`. Any other host is a `HostRefusedError`: it would receive your client
   * secret or a bearer token. Default none.
   */
  allowedHosts?: readonly string[] | undefined;
  /**
   * Where warnings go (`console` fits): a malformed entry in a list answer is skipped with a
   * warning instead of failing the whole list. Default: silent.
   */
  logger?: DomainLogger | undefined;
  /** The `fetch` to use; receives a `Request`. Default `globalThis.fetch` (looked up at call time). */
  fetch?: FetchLike | undefined;
  /** Time limit per call (headers and body) in ms; `0` disables it. Default 10 000. */
  timeoutMs?: number | undefined;
  /** Extra headers sent with every request (`Accept: application/json` is sent unless overridden). */
  headers?: HeadersLike | undefined;
  /** Allow plain `http://` for a `baseUrl` that is not loopback. Default `false`; only `true`/`false`. */
  allowInsecureHttp?: boolean | undefined;
  /** Advanced: the transport to send with instead of `fetch` (see `Transport` in `@lpkit/core`). */
  transport?: Transport | undefined;
}

/**
 * Per-call options of the {@link DomainClient} methods.
 *
 * @example
 * ```ts
 * await domain.listServices("12345678", { signal: AbortSignal.timeout(2_000) });
 * ```
 */
export interface DomainCallOptions {
  /** Aborting it ends the call with an `AbortError`. */
  signal?: AbortSignal | undefined;
}

/**
 * A Domain API client made by {@link createDomainClient}.
 *
 * @example
 * ```ts
 * const domain: DomainClient = createDomainClient();
 * const host = await domain.getServiceHost("12345678", "sentinel"); // "va.sentinel.liveperson.net"
 * ```
 */
export interface DomainClient {
  /** The Domain API base URL this client calls (from `baseUrl`, `LPKIT_DOMAIN_API` or the default). */
  readonly baseUrl: string;
  /** The extra hosts accepted besides LivePerson's domains (`allowedHosts`, lower-cased). */
  readonly allowedHosts: readonly string[];
  /**
   * A plain openapi-fetch client typed from `specs/domain.yaml`: `createClient<paths>({ baseUrl,
   * fetch, headers })` with this client's base URL, `fetch` and headers — nothing else (no deadline,
   * no request id, no error mapping, openapi-fetch's own redirect handling).
   */
  readonly raw: Client<paths>;
  /**
   * Asks the single-service endpoint for the host of `service` on `accountId` and returns it as
   * sent — a bare host such as `"va.faasgw.liveperson.net"`, to pass to the other clients (they add
   * `https://`) — once the host policy accepts it. Behind a plain-HTTP loopback Domain API (an
   * emulator) a loopback host comes back as `http://host:port`.
   *
   * Throws `InvalidArgumentError` (before any request) for a malformed account id or service name,
   * `ServiceNotFoundError` when the account has no such service, `HostRefusedError` when the host is
   * refused (see `allowedHosts`; nothing is ever sent to it), `DomainApiError` for other error
   * statuses and for redirects (never followed), `UnexpectedResponseError` for a 2xx body that is not
   * the documented shape, and `TimeoutError` / `AbortError` / `NetworkError` from the transport.
   */
  getServiceHost(accountId: string, service: string, options?: DomainCallOptions): Promise<string>;
  /**
   * Asks the list endpoint for every `{ service, account, baseURI }` of `accountId`, hosts exactly as
   * sent: pick one with `findServiceHost(entries, accountId, service, client)`, which applies the host
   * policy. The list may be empty; a malformed item is skipped (with a warning to `logger`) and never
   * makes the rest unusable. Throws like {@link DomainClient.getServiceHost}, except that every error
   * status (404 included) is a `DomainApiError` and no host is checked here.
   */
  listServices(accountId: string, options?: DomainCallOptions): Promise<ServiceEntry[]>;
}
