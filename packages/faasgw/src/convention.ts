/**
 * Choosing between the gateway's V1 and V2 calling conventions.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import type { Convention } from "./types.js";

/**
 * The convention a faasGW host speaks: `"v2"` when the host name contains `fninvocations` (how
 * LivePerson's own clients recognise Functions V2 accounts), else `"v1"`. Accepts a bare host or a URL.
 *
 * @example
 * ```ts
 * conventionForHost("va.faasgw.liveperson.net");             // "v1"
 * conventionForHost("https://va.fninvocations.liveperson.net"); // "v2"
 * ```
 */
export function conventionForHost(hostOrUrl: string): Convention {
  let host = hostOrUrl.trim();
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `https://${host}`).hostname;
  } catch {
    // Not parsable as a URL: look at the text as given.
  }
  return host.toLowerCase().includes("fninvocations") ? "v2" : "v1";
}

/**
 * Checks an explicit `convention` option, or detects it from the base URL when absent.
 *
 * @example
 * ```ts
 * resolveConvention(undefined, "https://va.faasgw.liveperson.net"); // "v1"
 * resolveConvention("v2", "https://va.faasgw.liveperson.net");      // "v2"
 * ```
 */
export function resolveConvention(value: unknown, baseUrl: string): Convention {
  if (value === undefined) {
    return conventionForHost(baseUrl);
  }
  if (value !== "v1" && value !== "v2") {
    throw new InvalidArgumentError("convention", 'expected "v1" or "v2"');
  }
  return value;
}
