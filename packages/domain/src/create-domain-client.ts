/**
 * `createDomainClient`: the one entry point of `@lpkit/domain`. It asks LivePerson's Domain API
 * (CSDS) which host serves a service (`sentinel`, `faasGW`, …) for an account. Every call is one
 * `exchange` of `@lpkit/core`: deadline, request id, bounded body, redirects never followed.
 *
 * @module
 */
import { type FetchLike, type HeadersLike, ServiceNotFoundError, type Transport } from "@lpkit/core";
import {
  type Answer,
  assertAccountId,
  assertOptionsObject,
  assertServiceName,
  callSignal,
  DEFAULT_TIMEOUT_MS,
  exchange,
  isRecord,
  mergeHeaderRecords,
  operationUrl,
  optionalBoolean,
  optionalDuration,
  toBaseUrl,
  toHeaderRecord,
  toTransport,
} from "@lpkit/core/internal";
import createClient, { type Client } from "openapi-fetch";
import { DEFAULT_DOMAIN_BASE_URL, DOMAIN_API_VERSION, MAX_BODY_BYTES } from "./constants.js";
import { findServiceHost } from "./find-service-host.js";
import type { paths } from "./generated/domain.js";
import { expectList, jsonValue, toDomainApiError, unexpected } from "./read-answer.js";
import { isBareHost, type ServiceEntry } from "./service-entry.js";

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
   * `https://`; plain `http://` is accepted for literal loopback hosts only (see `allowInsecureHttp`).
   * Default `"https://api.liveperson.net"`.
   */
  baseUrl?: string | undefined;
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
  /**
   * A plain openapi-fetch client typed from `specs/domain.yaml`: `createClient<paths>({ baseUrl,
   * fetch, headers })` with this client's base URL, `fetch` and headers — nothing else (no deadline,
   * no request id, no error mapping, openapi-fetch's own redirect handling).
   */
  readonly raw: Client<paths>;
  /**
   * Asks the single-service endpoint for the host of `service` on `accountId` and returns it exactly
   * as sent: a bare host such as `"va.faasgw.liveperson.net"` (prepend `https://`).
   *
   * Throws `InvalidArgumentError` (before any request) for a malformed account id or service name,
   * `ServiceNotFoundError` when the account has no such service, `DomainApiError` for other error
   * statuses and for redirects (never followed), `UnexpectedResponseError` for a 2xx body that is not
   * the documented shape, and `TimeoutError` / `AbortError` / `NetworkError` from the transport.
   */
  getServiceHost(accountId: string, service: string, options?: DomainCallOptions): Promise<string>;
  /**
   * Asks the list endpoint for every `{ service, account, baseURI }` of `accountId`. The list may be
   * empty. Throws like {@link DomainClient.getServiceHost}, except that every error status (404
   * included) is a `DomainApiError`.
   */
  listServices(accountId: string, options?: DomainCallOptions): Promise<ServiceEntry[]>;
}

const SINGLE_PATH = "/api/account/{accountId}/service/{serviceName}/baseURI.json";
const LIST_PATH = "/api/account/{accountId}/service/baseURI.json";

/**
 * Creates a Domain API client.
 *
 * How the unverified "unknown service" answers of the single-service endpoint are read (see
 * `specs/domain.yaml`): a `404`, a list-shaped body without the entry (an empty list included), and
 * an object without `baseURI` (or with `null` / `""`) all mean {@link ServiceNotFoundError}.
 *
 * @example
 * ```ts
 * import { createDomainClient } from "@lpkit/domain";
 *
 * const domain = createDomainClient();                               // https://api.liveperson.net
 * const sentinelHost = await domain.getServiceHost("12345678", "sentinel");
 * const all = await domain.listServices("12345678", { signal: AbortSignal.timeout(5_000) });
 *
 * // Another zone's host, or a local emulator:
 * const local = createDomainClient({ baseUrl: "http://127.0.0.1:4000", timeoutMs: 2_000 });
 * ```
 */
export function createDomainClient(input: DomainClientOptions = {}): DomainClient {
  const options = assertOptionsObject(input);
  const allowInsecureHttp = optionalBoolean(options.allowInsecureHttp, "allowInsecureHttp") ?? false;
  const baseUrl = toBaseUrl(options.baseUrl ?? DEFAULT_DOMAIN_BASE_URL, "baseUrl", { allowInsecureHttp });
  const timeoutMs = optionalDuration(options.timeoutMs, "timeoutMs", DEFAULT_TIMEOUT_MS);
  const transport = toTransport(options.fetch, options.transport);
  const headers = mergeHeaderRecords({ accept: "application/json" }, toHeaderRecord(options.headers));
  // Every call sends its own fresh request id.
  const { "x-request-id": _ignored, ...callHeaders } = headers;
  const fetch: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const raw = createClient<paths>({ baseUrl, fetch, headers });

  const get = (url: string, what: string, signal: AbortSignal | undefined): Promise<Answer> =>
    exchange(
      { method: "GET", url, headers: { ...callHeaders } },
      { transport, timeoutMs, signal, maxBodyBytes: MAX_BODY_BYTES, what },
    );

  const getServiceHost = async (
    accountId: string,
    service: string,
    callOptions?: DomainCallOptions,
  ): Promise<string> => {
    assertAccountId(accountId);
    assertServiceName(service);
    const signal = callSignal(callOptions);
    const url = operationUrl<paths, "get", typeof SINGLE_PATH>(baseUrl, SINGLE_PATH, {
      path: { accountId, serviceName: service },
      query: { version: DOMAIN_API_VERSION },
    });
    const what = `GET /api/account/${accountId}/service/${service}/baseURI.json`;
    const answer = await get(url, `Domain API lookup of ${service} for account ${accountId}`, signal);
    if (answer.status < 200 || answer.status > 299) {
      const error = toDomainApiError(answer, what, url);
      if (answer.status === 404) {
        throw new ServiceNotFoundError(accountId, service, { cause: error });
      }
      throw error;
    }
    const value = jsonValue(answer, what, "a service entry");
    if (isRecord(value) && "baseURIs" in value) {
      return findServiceHost(expectList(value, answer, what), accountId, service);
    }
    if (isRecord(value)) {
      if (value.baseURI === undefined || value.baseURI === null || value.baseURI === "") {
        throw new ServiceNotFoundError(accountId, service);
      }
      if (
        typeof value.service === "string" &&
        typeof value.account === "string" &&
        isBareHost(value.baseURI)
      ) {
        return value.baseURI;
      }
    }
    throw unexpected(answer, what, "a service entry", true);
  };

  const listServices = async (
    accountId: string,
    callOptions?: DomainCallOptions,
  ): Promise<ServiceEntry[]> => {
    assertAccountId(accountId);
    const signal = callSignal(callOptions);
    const url = operationUrl<paths, "get", typeof LIST_PATH>(baseUrl, LIST_PATH, {
      path: { accountId },
      query: { version: DOMAIN_API_VERSION },
    });
    const what = `GET /api/account/${accountId}/service/baseURI.json`;
    const answer = await get(url, `Domain API list of services for account ${accountId}`, signal);
    if (answer.status < 200 || answer.status > 299) {
      throw toDomainApiError(answer, what, url);
    }
    return expectList(jsonValue(answer, what, "a service list"), answer, what);
  };

  return { raw, getServiceHost, listServices };
}
