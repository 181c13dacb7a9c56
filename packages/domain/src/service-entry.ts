/**
 * The Domain API's answer shapes, typed from `specs/domain.yaml`, and the checks that turn an
 * untrusted JSON value into them. A value passes only when it has exactly the documented shape.
 *
 * @module
 */
import { isRecord } from "@lpkit/core/internal";
import type { components } from "./generated/domain.js";

/**
 * Where one service of one account is served: `baseURI` is a bare host (no scheme, no path).
 *
 * @example
 * ```ts
 * const entry: ServiceEntry = { service: "faasGW", account: "12345678", baseURI: "va.faasgw.liveperson.net" };
 * ```
 */
export type ServiceEntry = components["schemas"]["ServiceEntry"];

/**
 * The list endpoint's answer: every service of one account.
 *
 * @example
 * ```ts
 * const list: ServiceList = { baseURIs: [] };
 * ```
 */
export type ServiceList = components["schemas"]["ServiceList"];

/**
 * A bare host as the spec allows it (`components.schemas.ServiceEntry.properties.baseURI.pattern`):
 * no whitespace, no `/`, `?`, `#` or `@` — so no scheme, path, query or credentials.
 */
const BARE_HOST_PATTERN = /^[^\s/?#@]+$/;

/**
 * Whether `value` is a `baseURI` as the spec documents it: a non-empty bare host.
 *
 * @example
 * ```ts
 * isBareHost("va.faasgw.liveperson.net");         // true
 * isBareHost("https://va.faasgw.liveperson.net"); // false
 * ```
 */
export function isBareHost(value: unknown): value is string {
  return typeof value === "string" && BARE_HOST_PATTERN.test(value);
}

/**
 * Returns the documented fields of `value` when it is a complete {@link ServiceEntry}, else `undefined`.
 * Further properties are dropped; the host is returned exactly as sent.
 *
 * @example
 * ```ts
 * toServiceEntry({ service: "sentinel", account: "1", baseURI: "va.sentinel.liveperson.net" }); // the entry
 * toServiceEntry({ service: "sentinel" });                                                      // undefined
 * ```
 */
export function toServiceEntry(value: unknown): ServiceEntry | undefined {
  if (
    !isRecord(value) ||
    typeof value.service !== "string" ||
    typeof value.account !== "string" ||
    !isBareHost(value.baseURI)
  ) {
    return undefined;
  }
  return { service: value.service, account: value.account, baseURI: value.baseURI };
}

/**
 * Returns the entries of `value` when it is a complete {@link ServiceList} (every entry valid), else
 * `undefined`. An empty list is valid and gives `[]`.
 *
 * @example
 * ```ts
 * toServiceEntries({ baseURIs: [] });       // []
 * toServiceEntries({ baseURIs: [{}] });     // undefined
 * toServiceEntries("<html>…</html>");       // undefined
 * ```
 */
export function toServiceEntries(value: unknown): ServiceEntry[] | undefined {
  if (!isRecord(value) || !Array.isArray(value.baseURIs)) {
    return undefined;
  }
  const entries: ServiceEntry[] = [];
  for (const item of value.baseURIs) {
    const entry = toServiceEntry(item);
    if (!entry) {
      return undefined;
    }
    entries.push(entry);
  }
  return entries;
}
