/**
 * What counts as loopback for the emulator: the addresses it may listen on without `expose`, the
 * peers its admin endpoint answers, and the `Host` names that endpoint accepts.
 *
 * @module
 */
import { isIPv4, isIPv6 } from "node:net";

function bare(host: string): string {
  return host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
}

/**
 * Whether `address` is a literal loopback IP address: `127.0.0.0/8`, `::1`, or `::ffff:127.x.y.z`.
 * Names (even `localhost`) are not addresses and answer `false`.
 *
 * @example
 * ```ts
 * isLoopbackAddress("127.0.0.2"); // true
 * isLoopbackAddress("0.0.0.0"); // false
 * ```
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) {
    return false;
  }
  const value = bare(address);
  if (isIPv4(value)) {
    return value.startsWith("127.");
  }
  if (!isIPv6(value)) {
    return false;
  }
  if (value === "::1" || value === "0:0:0:0:0:0:0:1") {
    return true;
  }
  const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  return mapped !== null && isIPv4(mapped[1] as string) && (mapped[1] as string).startsWith("127.");
}

/**
 * Whether `host` names loopback for listening: a literal loopback address or `localhost` itself
 * (never `*.localhost`, which the system resolver may send to DNS).
 *
 * @example
 * ```ts
 * isLoopbackHost("localhost"); // true
 * isLoopbackHost("::"); // false: every interface
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  return bare(host) === "localhost" || isLoopbackAddress(host);
}

/**
 * Whether a `Host` header value (name or address, with an optional port) names loopback: guards the
 * admin endpoint against DNS rebinding (a page on `evil.example` resolving to 127.0.0.1).
 *
 * @example
 * ```ts
 * isLoopbackHostHeader("127.0.0.1:41234"); // true
 * isLoopbackHostHeader("evil.example:41234"); // false
 * ```
 */
export function isLoopbackHostHeader(value: string | undefined): boolean {
  if (!value) {
    return false;
  }
  const host = value.startsWith("[") ? value.slice(0, value.indexOf("]") + 1) : value.replace(/:\d+$/, "");
  return isLoopbackHost(host);
}
