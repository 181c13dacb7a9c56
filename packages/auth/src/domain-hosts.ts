/**
 * The domain resolver's host maps: `overrides` / `fallback` from its options, and the checked hosts
 * of a loaded Domain API list (accepted by the host policy, or refused with the reason).
 *
 * @module
 */
import { HostRefusedError, InvalidArgumentError, ServiceNotFoundError } from "@lpkit/core";
import { assertServiceName, type HostPolicy, ownValue, toBaseUrl } from "@lpkit/core/internal";
import type { ServiceEntry } from "@lpkit/domain";
import type { AuthLogger } from "./logger.js";

/** A loaded Domain API list, checked. */
export interface Loaded {
  /** Accepted hosts, as clients take them. Without a prototype: a service name never finds an inherited member. */
  readonly hosts: Readonly<Record<string, string>>;
  /** Services whose hosts the host policy refused. */
  readonly refused: ReadonlyMap<string, HostRefusedError>;
  readonly loadedAt: number;
  readonly expiresAt: number;
}

/** The host of `service` from a loaded list: accepted, refused (thrown), or not listed. */
export function pick(loaded: Loaded, accountId: string, service: string): string {
  const host = ownValue(loaded.hosts, service);
  if (host !== undefined) {
    return host;
  }
  const refused = loaded.refused.get(service);
  if (refused !== undefined) {
    throw refused;
  }
  throw new ServiceNotFoundError(accountId, service);
}

/** Checks `overrides` / `fallback` into a Map: only the object's own keys count as service names. */
export function checkHostMap(
  value: unknown,
  name: string,
  allowInsecureHttp: boolean,
): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  if (value === undefined) {
    return out;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new InvalidArgumentError(name, "expected an object mapping service names to hosts");
  }
  for (const [service, host] of Object.entries(value)) {
    assertServiceName(service, `${name} key`);
    // The same rule as every base URL: plain http:// only for loopback hosts, unless allowed.
    toBaseUrl(host, `${name}.${service}`, { allowInsecureHttp });
    out.set(service, (host as string).trim());
  }
  return out;
}

/**
 * Splits a listed account's entries into accepted hosts (as clients take them) and refused ones
 * (the first entry of a service wins); each refusal is logged as a warning.
 */
export function checkListedHosts(
  entries: readonly ServiceEntry[],
  accountId: string,
  policy: HostPolicy,
  logger: AuthLogger | undefined,
): { hosts: Map<string, string>; refused: Map<string, HostRefusedError> } {
  const hosts = new Map<string, string>();
  const refused = new Map<string, HostRefusedError>();
  for (const entry of entries) {
    if (entry?.account !== accountId || hosts.has(entry.service) || refused.has(entry.service)) {
      continue;
    }
    try {
      hosts.set(entry.service, policy.check(entry.service, entry.baseURI));
    } catch (error) {
      if (!(error instanceof HostRefusedError)) {
        throw error;
      }
      refused.set(entry.service, error);
      logger?.warn?.(
        `@lpkit/auth: the Domain API's host for ${entry.service} is refused; that service is unusable`,
        { accountId, service: entry.service, host: error.host, reason: error.reason },
      );
    }
  }
  return { hosts, refused };
}
