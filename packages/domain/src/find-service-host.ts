/**
 * Picks one service's host out of the Domain API's list of every service of an account.
 *
 * @module
 */
import { InvalidArgumentError, ServiceNotFoundError } from "@lpkit/core";
import { assertAccountId, assertServiceName } from "@lpkit/core/internal";
import type { ServiceEntry } from "./service-entry.js";

/**
 * Returns the bare host of `service` for `accountId` from `entries` (as returned by
 * `DomainClient.listServices`), exactly as the Domain API sent it. Both names must match exactly:
 * service names are case-sensitive. The first matching entry wins.
 *
 * Throws {@link ServiceNotFoundError} when no entry matches (including an empty list), and
 * {@link InvalidArgumentError} for a malformed account id or service name or a non-array `entries`.
 *
 * @example
 * ```ts
 * import { createDomainClient, findServiceHost } from "@lpkit/domain";
 *
 * const domain = createDomainClient();
 * const entries = await domain.listServices("12345678");
 * const sentinelHost = findServiceHost(entries, "12345678", "sentinel"); // e.g. "va.sentinel.liveperson.net"
 * const faasHost = findServiceHost(entries, "12345678", "faasGW");       // e.g. "va.faasgw.liveperson.net"
 * ```
 */
export function findServiceHost(
  entries: readonly ServiceEntry[],
  accountId: string,
  service: string,
): string {
  assertAccountId(accountId);
  assertServiceName(service);
  if (!Array.isArray(entries)) {
    throw new InvalidArgumentError("entries", "expected the array returned by listServices");
  }
  for (const entry of entries) {
    if (
      entry?.service === service &&
      entry.account === accountId &&
      typeof entry.baseURI === "string" &&
      entry.baseURI !== ""
    ) {
      return entry.baseURI;
    }
  }
  throw new ServiceNotFoundError(accountId, service);
}
