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
 * One item of a list answer that was skipped because it is not a `{ service, account, baseURI }`
 * record of strings. It says where and why, never what the item held.
 *
 * @example
 * ```ts
 * const skipped: SkippedEntry = { index: 3, why: "baseURI is not a string" };
 * ```
 */
export interface SkippedEntry {
  /** Position in `baseURIs`. */
  readonly index: number;
  /** The entry's service name, when it has a well-formed one. */
  readonly service?: string | undefined;
  readonly why: string;
}

/** Why `item` is not an entry, or `undefined` when it is one. */
function entryProblem(item: unknown): string | undefined {
  if (!isRecord(item)) {
    return "not an object";
  }
  for (const field of ["service", "account", "baseURI"] as const) {
    if (typeof item[field] !== "string") {
      return `${field} is not a string`;
    }
  }
  return undefined;
}

/**
 * Reads a list answer. `undefined` when `value` is not `{ baseURIs: [...] }` at all; otherwise the
 * entries whose `service`, `account` and `baseURI` are strings — hosts exactly as sent, checked by the
 * host policy only when one is picked — and the items that were skipped. One malformed item never
 * makes the others unusable.
 *
 * @example
 * ```ts
 * toServiceEntries({ baseURIs: [] });   // { entries: [], skipped: [] }
 * toServiceEntries({ baseURIs: [{}] }); // { entries: [], skipped: [{ index: 0, why: "service is not a string" }] }
 * toServiceEntries("<html>…</html>");   // undefined
 * ```
 */
export function toServiceEntries(
  value: unknown,
): { readonly entries: ServiceEntry[]; readonly skipped: SkippedEntry[] } | undefined {
  if (!isRecord(value) || !Array.isArray(value.baseURIs)) {
    return undefined;
  }
  const entries: ServiceEntry[] = [];
  const skipped: SkippedEntry[] = [];
  value.baseURIs.forEach((item: unknown, index: number) => {
    const why = entryProblem(item);
    if (why === undefined) {
      const { service, account, baseURI } = item as ServiceEntry;
      entries.push({ service, account, baseURI });
      return;
    }
    const service = isRecord(item) && typeof item.service === "string" ? item.service : undefined;
    skipped.push({
      index,
      service: service !== undefined && /^[A-Za-z][A-Za-z0-9_-]{0,127}$/.test(service) ? service : undefined,
      why,
    });
  });
  return { entries, skipped };
}
