/**
 * `createDomainClient`: the one entry point of `@lpkit/domain`. It asks LivePerson's Domain API
 * (CSDS) which host serves a service (`sentinel`, `faasGW`, …) for an account.
 *
 * @module
 */
import {
  assertAccountId,
  assertDuration,
  assertServiceName,
  DEFAULT_TIMEOUT_MS,
  DomainApiError,
  type FetchLike,
  type HeadersLike,
  InvalidArgumentError,
  type JsonBody,
  redact,
  ServiceNotFoundError,
  snippet,
  toBaseUrl,
  UnexpectedResponseError,
} from "@lpkit/core";
import createClient, { type Client } from "openapi-fetch";
import { DEFAULT_DOMAIN_BASE_URL, DOMAIN_API_VERSION } from "./constants.js";
import { findServiceHost } from "./find-service-host.js";
import type { paths } from "./generated/domain.js";
import { performRequest, type RequestOutcome } from "./perform-request.js";
import { isBareHost, isRecord, type ServiceEntry, toServiceEntries } from "./service-entry.js";

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
   * Default `"https://api.liveperson.net"`.
   */
  baseUrl?: string | undefined;
  /** The `fetch` to use; receives a `Request`. Default `globalThis.fetch` (looked up at call time). */
  fetch?: FetchLike | undefined;
  /** Time limit per call (headers and body) in ms; `0` disables it. Default 10 000. */
  timeoutMs?: number | undefined;
  /** Extra headers sent with every request (`Accept: application/json` is sent unless overridden). */
  headers?: HeadersLike | undefined;
  /** Allow plain `http://` for a `baseUrl` that is not loopback. Default `false`. */
  allowInsecureHttp?: boolean | undefined;
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
   * The underlying openapi-fetch client, typed from `specs/domain.yaml`, for raw calls. It uses the
   * same base URL, `fetch` and headers, but no deadline, no request id and no error mapping.
   */
  readonly raw: Client<paths>;
  /**
   * Asks the single-service endpoint for the host of `service` on `accountId` and returns it exactly
   * as sent: a bare host such as `"va.faasgw.liveperson.net"` (prepend `https://`).
   *
   * Throws `InvalidArgumentError` (before any request) for a malformed account id or service name,
   * `ServiceNotFoundError` when the account has no such service, `DomainApiError` for other error
   * statuses, `UnexpectedResponseError` for a 2xx body that is not the documented shape, and
   * `TimeoutError` / `AbortError` / `NetworkError` from the transport.
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
export function createDomainClient(options: DomainClientOptions = {}): DomainClient {
  if (typeof options !== "object" || options === null) {
    throw new InvalidArgumentError("options", "expected an object");
  }
  const baseUrl = toBaseUrl(options.baseUrl ?? DEFAULT_DOMAIN_BASE_URL, "baseUrl", {
    allowInsecureHttp: options.allowInsecureHttp === true,
  });
  const timeoutMs = assertDuration(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, "timeoutMs");
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new InvalidArgumentError("fetch", "expected a function");
  }
  const fetch: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));
  const headers = new Headers({ Accept: "application/json" });
  try {
    new Headers(options.headers).forEach((value, name) => {
      headers.set(name, value);
    });
  } catch {
    throw new InvalidArgumentError("headers", "expected valid HTTP header names and values");
  }

  const raw = createClient<paths>({ baseUrl, fetch, headers });

  const getServiceHost = async (
    accountId: string,
    service: string,
    callOptions?: DomainCallOptions,
  ): Promise<string> => {
    assertAccountId(accountId);
    assertServiceName(service);
    const signal = checkSignal(callOptions);
    const what = `GET /api/account/${accountId}/service/${service}/baseURI.json`;
    const outcome = await performRequest({ fetch, timeoutMs, signal, what }, (init) =>
      raw.GET(SINGLE_PATH, {
        params: {
          path: { accountId, serviceName: service },
          query: { version: DOMAIN_API_VERSION },
          header: { "X-Request-Id": init.requestId },
        },
        parseAs: "stream",
        signal: init.signal,
        fetch: init.fetch,
      }),
    );
    if (!outcome.ok) {
      const error = toDomainApiError(outcome, what);
      if (outcome.status === 404) {
        throw new ServiceNotFoundError(accountId, service, { cause: error });
      }
      throw error;
    }
    const value = jsonValue(outcome, what, "a service entry");
    if (isRecord(value) && "baseURIs" in value) {
      return findServiceHost(expectList(value, outcome, what), accountId, service);
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
    throw unexpected(outcome, what, "a service entry");
  };

  const listServices = async (
    accountId: string,
    callOptions?: DomainCallOptions,
  ): Promise<ServiceEntry[]> => {
    assertAccountId(accountId);
    const signal = checkSignal(callOptions);
    const what = `GET /api/account/${accountId}/service/baseURI.json`;
    const outcome = await performRequest({ fetch, timeoutMs, signal, what }, (init) =>
      raw.GET(LIST_PATH, {
        params: {
          path: { accountId },
          query: { version: DOMAIN_API_VERSION },
          header: { "X-Request-Id": init.requestId },
        },
        parseAs: "stream",
        signal: init.signal,
        fetch: init.fetch,
      }),
    );
    if (!outcome.ok) {
      throw toDomainApiError(outcome, what);
    }
    return expectList(jsonValue(outcome, what, "a service list"), outcome, what);
  };

  return { raw, getServiceHost, listServices };
}

type OkOutcome = Extract<RequestOutcome, { ok: true }>;
type ErrorOutcome = Extract<RequestOutcome, { ok: false }>;

function checkSignal(options: DomainCallOptions | undefined): AbortSignal | undefined {
  const signal = options?.signal;
  if (
    signal !== undefined &&
    (!isRecord(signal) ||
      typeof (signal as Partial<AbortSignal>).aborted !== "boolean" ||
      typeof (signal as Partial<AbortSignal>).addEventListener !== "function")
  ) {
    throw new InvalidArgumentError("signal", "expected an AbortSignal");
  }
  return signal;
}

function toDomainApiError(outcome: ErrorOutcome, what: string): DomainApiError {
  const statusText = outcome.statusText ? ` ${outcome.statusText}` : "";
  const body =
    outcome.text === undefined
      ? " (body too large to show)"
      : outcome.text.trim()
        ? `: ${snippet(redact(outcome.text))}`
        : "";
  return new DomainApiError(`${what} answered ${outcome.status}${statusText}${body}`, {
    status: outcome.status,
    requestId: outcome.requestId,
  });
}

function jsonValue(outcome: OkOutcome, what: string, expected: string): unknown {
  const body: JsonBody = outcome.body;
  if (!body.ok) {
    throw unexpected(outcome, what, expected);
  }
  return body.value;
}

function expectList(value: unknown, outcome: OkOutcome, what: string): ServiceEntry[] {
  const entries = toServiceEntries(value);
  if (!entries) {
    throw unexpected(outcome, what, "a service list");
  }
  return entries;
}

function unexpected(outcome: OkOutcome, what: string, expected: string): UnexpectedResponseError {
  const text = outcome.body.text;
  const got =
    text.trim() === "" ? "an empty body" : outcome.body.ok ? "JSON of another shape" : "a non-JSON body";
  return new UnexpectedResponseError(
    `${what} answered ${outcome.status} with ${got} instead of ${expected}`,
    {
      status: outcome.status,
      requestId: outcome.requestId,
      bodySnippet: snippet(redact(text)),
    },
  );
}
