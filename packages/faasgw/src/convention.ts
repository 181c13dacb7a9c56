/**
 * Choosing between the gateway's V1 and V2 calling conventions.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import type { Convention } from "./types.js";

/** Host names that LivePerson's own client (`isV2Domain`) takes for Functions V2 gateways. */
const V2_HOST_MARKERS = ["fninvocations", "functions"] as const;

/**
 * The convention a faasGW host speaks: `"v2"` when the host name contains `fninvocations` or
 * `functions` (the rule of LivePerson's own Functions client), else `"v1"`. Accepts a bare host or a
 * URL; only the host name is looked at. Force either with the client's `convention` option.
 *
 * @example
 * ```ts
 * conventionForHost("va.faasgw.liveperson.net");                // "v1"
 * conventionForHost("https://va.fninvocations.liveperson.net"); // "v2"
 * conventionForHost("z1.functions.liveperson.net");             // "v2"
 * ```
 */
export function conventionForHost(hostOrUrl: string): Convention {
  let host = hostOrUrl.trim();
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(host) ? host : `https://${host}`).hostname;
  } catch {
    // Not parsable as a URL: look at the text as given.
  }
  const lower = host.toLowerCase();
  return V2_HOST_MARKERS.some((marker) => lower.includes(marker)) ? "v2" : "v1";
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
