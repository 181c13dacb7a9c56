/**
 * The error for a host that discovery handed out but lpkit will not send credentials to. Exported
 * from `@lpkit/core`.
 *
 * @module
 */
import { LpkitError, type LpkitErrorOptions, nameErrorClass } from "./errors.js";

/** Longest part of a refused host shown in a message; the rest is cut. */
const SHOWN_HOST_LENGTH = 100;

/**
 * A host as it may be shown: JSON-quoted, every character outside printable ASCII escaped (so a
 * look-alike such as `lіveperson.net` with a Cyrillic `і` shows as `"l\u0456veperson.net"`), cut
 * to 100 characters.
 *
 * @example
 * ```ts
 * showHost("l\u0456veperson.net"); // '"l\\u0456veperson.net"'
 * ```
 */
export function showHost(host: string): string {
  const cut = host.length > SHOWN_HOST_LENGTH ? `${host.slice(0, SHOWN_HOST_LENGTH)}…` : host;
  return JSON.stringify(cut).replace(
    /[^\x20-\x7e]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * The Domain API named a host for a service that lpkit does not send credentials or tokens to: not
 * one of LivePerson's domains, not loopback behind a loopback Domain API (an emulator), not in your
 * `allowedHosts`, or not a plain host name at all (a backslash, a percent-escape, non-ASCII
 * characters, a scheme, a path). Nothing was sent to it.
 *
 * @example
 * ```ts
 * if (err instanceof HostRefusedError) console.error(`${err.service} → ${err.host}: ${err.reason}`);
 * ```
 */
export class HostRefusedError extends LpkitError {
  static {
    nameErrorClass(HostRefusedError, "HostRefusedError");
  }
  readonly code = "ERR_HOST_REFUSED" as const;
  /** The Domain API service the host was handed out for, e.g. `sentinel`. */
  readonly service: string;
  /** The refused host as it may be shown: quoted, with control and non-ASCII characters escaped, cut. */
  readonly host: string;
  /** Why it was refused. */
  readonly reason: string;
  constructor(service: string, host: string, reason: string, options?: LpkitErrorOptions) {
    const shown = showHost(host);
    super(`the Domain API's host for ${service}, ${shown}, is refused: ${reason}`, options);
    this.service = service;
    this.host = shown;
    this.reason = reason;
  }
}
