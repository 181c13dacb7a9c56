/**
 * The host policy for *discovered* hosts: the hosts a Domain API answer names for `sentinel`,
 * `faasGW`, … receive the client secret or a bearer token, so a spoofed answer must not be able to
 * send them anywhere. A discovered host is accepted when it is
 *
 * - a name under one of LivePerson's own domains ({@link LIVEPERSON_DOMAINS}),
 * - loopback (`127.0.0.0/8`, `::1`, `localhost`, `*.localhost`) while the Domain API itself is on
 *   loopback — an emulator; it is then reached with the Domain API's scheme, so a plain-HTTP
 *   emulator's hosts get `http://`,
 * - or listed in the caller's `allowedHosts` (`proxy.example.com`, `*.example.com`, `10.0.0.5:8443`);
 *
 * and only when it is a plain `host[:port]`: printable ASCII only (an IDN look-alike such as
 * `lіveperson.net` with a Cyrillic `і` is refused), no `\` (WHATWG URL parsing turns
 * `evil.example\.sentinel.liveperson.net` into the host `evil.example`), no percent-escapes, no
 * scheme, path, query, fragment or credentials, and in the canonical form a URL parser gives it
 * (`127.1` or `0x7f.0.0.1` are refused). A refused host is a {@link HostRefusedError} naming the
 * service and the host. Exported from `@lpkit/core/internal`.
 *
 * @module
 */
import { InvalidArgumentError } from "./errors.js";
import { HostRefusedError } from "./host-errors.js";
import { isPinnedLocalhostName } from "./local-emulator.js";
import { isLoopbackHost } from "./validate.js";

/**
 * LivePerson's own domains; a discovered host under one of them is accepted by default. Each is
 * used by LivePerson's documentation or by LivePerson's own clients:
 *
 * - `liveperson.net` — every host of the Domain API documentation
 *   (https://developers.liveperson.com/domain-api.html: `api.liveperson.net`, `va.sentinel.liveperson.net`, …).
 * - `liveperson.com` — the IdP host `va-idp.liveperson.com` of LivePerson's published AppJWT API
 *   schema (https://github.com/LivePersonInc/developer-center, `assets/schema/OAI/appJwtAPI.yaml`).
 * - `lprnd.net` — the QA Domain API host `hc1n.dev.lprnd.net` of LivePerson's Java Functions client
 *   (https://github.com/LivePersonInc/faas-client-jdk).
 * - `lpcloud.io` — the QA Domain API host `csds-app.qa.int.gw.lpcloud.io` of LivePerson's Node Functions
 *   client (https://github.com/LivePersonInc/faas-client-node, `src/helper/csdsClient.ts`).
 *
 * @example
 * ```ts
 * LIVEPERSON_DOMAINS.some((d) => "va.faasgw.liveperson.net".endsWith(`.${d}`)); // true
 * ```
 */
export const LIVEPERSON_DOMAINS: readonly string[] = Object.freeze([
  "liveperson.net",
  "liveperson.com",
  "lprnd.net",
  "lpcloud.io",
]);

/** `host[:port]`: an ASCII name or IPv4 address, or a bracketed IPv6 address. */
const HOST_AND_PORT = /^(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/;
/** An `allowedHosts` entry: `*.` + a domain, or a host, with an optional `:port`. */
const ALLOWED_ENTRY = /^(\*\.)?(\[[0-9a-f:.]+\]|[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?)(?::(\d{1,5}))?$/;

interface Parsed {
  readonly hostname: string;
  readonly port: string | undefined;
}

/** Why `host` is not a plain, canonical `host[:port]`, or the parts when it is. */
function parseHost(host: string): Parsed | string {
  if (host === "") {
    return "it is empty";
  }
  if (/[^\x21-\x7e]/.test(host)) {
    return /[^\p{ASCII}]/u.test(host)
      ? "it contains non-ASCII characters (a look-alike of another name?)"
      : "it contains whitespace or control characters";
  }
  if (host.includes("\\")) {
    return "it contains a backslash (a URL parser reads it as a path)";
  }
  if (host.includes("%")) {
    return "it contains a percent-escape";
  }
  if (/[/?#@]/.test(host)) {
    return "it is not a bare host (it has a scheme, path, query, fragment or credentials)";
  }
  const lower = host.toLowerCase();
  const match = HOST_AND_PORT.exec(lower);
  if (!match) {
    return "it is not a host name or address";
  }
  const hostname = match[1] as string;
  const port = match[2];
  let canonical: string;
  try {
    canonical = new URL(`https://${hostname}`).hostname;
  } catch {
    return "it is not a host name or address";
  }
  if (canonical !== hostname) {
    return `it is not in canonical form (a URL parser reads it as ${canonical})`;
  }
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) {
    return "its port is out of range";
  }
  return { hostname, port };
}

/**
 * Checks the `allowedHosts` option: an array of `host`, `host:port` or `*.domain` entries (ASCII,
 * lower-cased on return).
 *
 * @example
 * ```ts
 * toAllowedHosts(["proxy.example.com", "*.corp.example"]); // ["proxy.example.com", "*.corp.example"]
 * toAllowedHosts(["*"]);                                   // throws InvalidArgumentError
 * ```
 */
export function toAllowedHosts(value: unknown, name = "allowedHosts"): readonly string[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    throw new InvalidArgumentError(name, "expected an array of host names, host:port or *.domain entries");
  }
  return Object.freeze(
    value.map((entry, index) => {
      if (typeof entry !== "string" || !ALLOWED_ENTRY.test(entry.trim().toLowerCase())) {
        throw new InvalidArgumentError(
          `${name}[${index}]`,
          'expected a host name, host:port or *.domain such as "*.example.com" (ASCII, no scheme or path)',
        );
      }
      return entry.trim().toLowerCase();
    }),
  );
}

function allowedBy(entries: readonly string[], { hostname, port }: Parsed): boolean {
  return entries.some((entry) => {
    const match = ALLOWED_ENTRY.exec(entry);
    if (!match) {
      return false;
    }
    const [, wildcard, name, entryPort] = match;
    if (entryPort !== undefined && entryPort !== port) {
      return false;
    }
    return wildcard ? hostname.endsWith(`.${name}`) : hostname === name;
  });
}

function isLivePersonName(hostname: string): boolean {
  return LIVEPERSON_DOMAINS.some((domain) => hostname === domain || hostname.endsWith(`.${domain}`));
}

/** A loopback name or address: what an emulator on this machine hands out. */
function isLoopbackName(hostname: string): boolean {
  return isLoopbackHost(hostname) || isPinnedLocalhostName(hostname);
}

/**
 * Options of {@link createHostPolicy}.
 *
 * @example
 * ```ts
 * const options: HostPolicyOptions = { domainApiUrl: "https://api.liveperson.net", allowedHosts: ["*.corp.example"] };
 * ```
 */
export interface HostPolicyOptions {
  /** The Domain API base URL the hosts come from (already checked by `toBaseUrl`). */
  readonly domainApiUrl: string;
  /** Extra accepted hosts (checked by {@link toAllowedHosts}). */
  readonly allowedHosts?: readonly string[] | undefined;
}

/**
 * Checks discovered hosts; made by {@link createHostPolicy}.
 *
 * @example
 * ```ts
 * const host = policy.check("sentinel", entry.baseURI); // "va.sentinel.liveperson.net", or throws HostRefusedError
 * ```
 */
export interface HostPolicy {
  /**
   * Returns what to hand to a client for `host` (discovered for `service`): the host as sent
   * (clients add `https://`), or `http://host` when it is loopback behind a plain-HTTP loopback
   * Domain API. Throws {@link HostRefusedError} when the host is refused.
   */
  check(service: string, host: unknown): string;
}

/**
 * Creates the host policy for hosts discovered through the Domain API at `domainApiUrl`.
 *
 * @example
 * ```ts
 * const policy = createHostPolicy({ domainApiUrl: "http://127.0.0.1:4000" });
 * policy.check("faasGW", "fninvocations.localhost:4000"); // "http://fninvocations.localhost:4000"
 * policy.check("sentinel", "evil.example");                // throws HostRefusedError
 * ```
 */
export function createHostPolicy(options: HostPolicyOptions): HostPolicy {
  const domainApi = new URL(options.domainApiUrl);
  const localDomainApi = isLoopbackName(domainApi.hostname);
  const plainHttp = domainApi.protocol === "http:";
  const allowed = options.allowedHosts ?? [];
  return {
    check(service, host) {
      if (typeof host !== "string") {
        throw new HostRefusedError(service, String(host), "it is not a string");
      }
      const parsed = parseHost(host);
      if (typeof parsed === "string") {
        throw new HostRefusedError(service, host, parsed);
      }
      if (isLoopbackName(parsed.hostname)) {
        if (localDomainApi) {
          return plainHttp ? `http://${host}` : host;
        }
        if (!allowedBy(allowed, parsed)) {
          throw new HostRefusedError(
            service,
            host,
            "a loopback host is accepted only from a Domain API on loopback (an emulator)",
          );
        }
        return host;
      }
      if (isLivePersonName(parsed.hostname) || allowedBy(allowed, parsed)) {
        return host;
      }
      throw new HostRefusedError(
        service,
        host,
        `it is not under LivePerson's domains (${LIVEPERSON_DOMAINS.join(", ")}) and not in allowedHosts`,
      );
    },
  };
}
