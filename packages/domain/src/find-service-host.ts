/**
 * Picks one service's host out of the Domain API's list of every service of an account, and checks
 * it against the host policy (see `createHostPolicy` in `@lpkit/core/internal`).
 *
 * @module
 */
import { InvalidArgumentError, ServiceNotFoundError } from "@lpkit/core";
import {
  assertAccountId,
  assertServiceName,
  createHostPolicy,
  type HostPolicy,
  toAllowedHosts,
  toBaseUrl,
} from "@lpkit/core/internal";
import { DEFAULT_DOMAIN_BASE_URL } from "./constants.js";
import type { ServiceEntry } from "./service-entry.js";

/**
 * Where the entries came from, for the host policy of {@link findServiceHost}. A `DomainClient`
 * has both fields: pass the client that listed the entries.
 *
 * @example
 * ```ts
 * findServiceHost(entries, accountId, "faasGW", domain); // domain = the client that listed them
 * ```
 */
export interface HostPolicySource {
  /** The Domain API base URL. Default `https://api.liveperson.net`. */
  readonly baseUrl?: string | undefined;
  /** Hosts accepted besides LivePerson's domains (see `DomainClientOptions.allowedHosts`). */
  readonly allowedHosts?: readonly string[] | undefined;
}

/** The host policy for hosts discovered through `source`'s Domain API. */
export function hostPolicyFor(source: HostPolicySource | undefined): HostPolicy {
  if (source !== undefined && (source === null || typeof source !== "object")) {
    throw new InvalidArgumentError("source", "expected { baseUrl, allowedHosts } or the DomainClient");
  }
  return createHostPolicy({
    // Already a base URL when it comes from a client; parsed here only to read its scheme and host.
    domainApiUrl: toBaseUrl(source?.baseUrl ?? DEFAULT_DOMAIN_BASE_URL, "baseUrl", {
      allowInsecureHttp: true,
    }),
    allowedHosts: toAllowedHosts(source?.allowedHosts),
  });
}

/**
 * Returns the host of `service` for `accountId` from `entries` (as returned by
 * `DomainClient.listServices`), checked against the host policy: as sent (clients add `https://`),
 * or `http://host` for a loopback host behind a plain-HTTP loopback Domain API (an emulator). Both
 * names must match exactly: service names are case-sensitive. The first matching entry wins.
 *
 * Throws {@link ServiceNotFoundError} when no entry matches (including an empty list),
 * `HostRefusedError` when the entry's host is refused (not under LivePerson's domains, not in
 * `allowedHosts`, loopback from a Domain API that is not, or not a plain host), and
 * {@link InvalidArgumentError} for a malformed account id or service name or a non-array `entries`.
 *
 * @example
 * ```ts
 * import { createDomainClient, findServiceHost } from "@lpkit/domain";
 *
 * const domain = createDomainClient();
 * const entries = await domain.listServices("12345678");
 * const sentinelHost = findServiceHost(entries, "12345678", "sentinel", domain); // e.g. "va.sentinel.liveperson.net"
 * const faasHost = findServiceHost(entries, "12345678", "faasGW", domain);       // e.g. "va.faasgw.liveperson.net"
 * ```
 */
export function findServiceHost(
  entries: readonly ServiceEntry[],
  accountId: string,
  service: string,
  source?: HostPolicySource,
): string {
  assertAccountId(accountId);
  assertServiceName(service);
  if (!Array.isArray(entries)) {
    throw new InvalidArgumentError("entries", "expected the array returned by listServices");
  }
  const policy = hostPolicyFor(source);
  for (const entry of entries) {
    if (
      entry?.service === service &&
      entry.account === accountId &&
      typeof entry.baseURI === "string" &&
      entry.baseURI !== ""
    ) {
      return policy.check(service, entry.baseURI);
    }
  }
  throw new ServiceNotFoundError(accountId, service);
}
