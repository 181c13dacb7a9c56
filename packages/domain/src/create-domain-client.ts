/**
 * `createDomainClient`: the one entry point of `@lpkit/domain`. It asks LivePerson's Domain API
 * (CSDS) which host serves a service (`sentinel`, `faasGW`, …) for an account. Every call is one
 * `exchange` of `@lpkit/core`: deadline, request id, bounded body, redirects never followed.
 *
 * @module
 */
import { type FetchLike, InvalidArgumentError, ServiceNotFoundError } from "@lpkit/core";
import {
  type Answer,
  assertAccountId,
  assertOptionsObject,
  assertServiceName,
  callSignal,
  DEFAULT_TIMEOUT_MS,
  DOMAIN_API_VARIABLE,
  environmentVariable,
  exchange,
  isRecord,
  mergeHeaderRecords,
  operationUrl,
  optionalBoolean,
  optionalDuration,
  toAllowedHosts,
  toBaseUrl,
  toHeaderRecord,
  toTransport,
} from "@lpkit/core/internal";
import createClient from "openapi-fetch";
import { DEFAULT_DOMAIN_BASE_URL, DOMAIN_API_VERSION, MAX_BODY_BYTES } from "./constants.js";
import type {
  DomainCallOptions,
  DomainClient,
  DomainClientOptions,
  DomainLogger,
} from "./domain-client-types.js";
import { findServiceHost, hostPolicyFor } from "./find-service-host.js";
import type { paths } from "./generated/domain.js";
import { expectList, jsonValue, type SkippedReporter, toDomainApiError, unexpected } from "./read-answer.js";
import type { ServiceEntry } from "./service-entry.js";

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
  const fromEnvironment =
    options.baseUrl === undefined ? environmentVariable(DOMAIN_API_VARIABLE) : undefined;
  const baseUrl = toBaseUrl(
    options.baseUrl ?? fromEnvironment ?? DEFAULT_DOMAIN_BASE_URL,
    fromEnvironment === undefined ? "baseUrl" : DOMAIN_API_VARIABLE,
    { allowInsecureHttp },
  );
  const allowedHosts = toAllowedHosts(options.allowedHosts);
  const policy = hostPolicyFor({ baseUrl, allowedHosts });
  const report = skippedReporter(options.logger);
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
      const entries = expectList(value, answer, what, (skipped) => report(accountId, skipped));
      return findServiceHost(entries, accountId, service, { baseUrl, allowedHosts });
    }
    if (isRecord(value)) {
      if (value.baseURI === undefined || value.baseURI === null || value.baseURI === "") {
        throw new ServiceNotFoundError(accountId, service);
      }
      if (
        typeof value.service === "string" &&
        typeof value.account === "string" &&
        typeof value.baseURI === "string"
      ) {
        return policy.check(service, value.baseURI);
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
    return expectList(jsonValue(answer, what, "a service list"), answer, what, (skipped) =>
      report(accountId, skipped),
    );
  };

  return { baseUrl, allowedHosts, raw, getServiceHost, listServices };
}

/** Reports skipped list items to `logger.warn` (a logger that throws is ignored). */
function skippedReporter(
  logger: DomainLogger | undefined,
): (accountId: string, skipped: Parameters<SkippedReporter>[0]) => void {
  if (logger !== undefined && (logger === null || typeof logger !== "object")) {
    throw new InvalidArgumentError("logger", "expected an object with a warn(message, fields) method");
  }
  return (accountId, skipped) => {
    try {
      logger?.warn?.("@lpkit/domain: skipped a malformed entry of the Domain API's list", {
        accountId,
        ...skipped,
      });
    } catch {
      // A logger must never break a lookup.
    }
  };
}

export type {
  DomainCallOptions,
  DomainClient,
  DomainClientOptions,
  DomainLogger,
} from "./domain-client-types.js";
