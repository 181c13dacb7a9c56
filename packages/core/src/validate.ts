/**
 * Argument checks shared by every lpkit client: identifiers, credentials and base URLs. Each throws
 * an {@link InvalidArgumentError} naming the argument, before any request is made. Messages never
 * echo the rejected value when it could be a secret. Exported from `@lpkit/core/internal`.
 *
 * @module
 */
import { InvalidArgumentError } from "./errors.js";
import { isPinnedLocalhostName } from "./local-emulator.js";

/** LivePerson account (site) ids: letters and digits, e.g. `12345678`, `le81823118`. */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;
/** Lambda UUIDs: the canonical 8-4-4-4-12 hex form. */
export const UUID_PATTERN = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Domain API service names (case-sensitive), e.g. `sentinel`, `faasGW`, `asyncMessagingEnt`. */
export const SERVICE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;
/** Functions event ids, e.g. `bot_connectors_custom_integration`. */
export const EVENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/**
 * Describes a rejected value without echoing it: a caller may have passed a secret in the wrong place.
 */
export function describe(value: unknown): string {
  if (value === null) {
    return "null";
  }
  if (typeof value === "string") {
    if (value === "") {
      return "an empty string";
    }
    if (value.trim() === "") {
      return "blank text";
    }
    return `a string of ${value.length} character${value.length === 1 ? "" : "s"} that does not fit`;
  }
  return typeof value === "undefined" ? "undefined" : `a ${typeof value}`;
}

function assertPattern(name: string, value: unknown, pattern: RegExp, what: string): string {
  if (typeof value !== "string" || !pattern.test(value)) {
    throw new InvalidArgumentError(name, `expected ${what}, got ${describe(value)}`);
  }
  return value;
}

/**
 * Checks a LivePerson account id and returns it.
 *
 * @example
 * ```ts
 * assertAccountId("12345678"); // "12345678"
 * assertAccountId("12 34");    // throws InvalidArgumentError (argument "accountId")
 * ```
 */
export function assertAccountId(value: unknown, name = "accountId"): string {
  return assertPattern(name, value, ACCOUNT_ID_PATTERN, "a LivePerson account id (1-64 letters or digits)");
}

/**
 * Checks a lambda UUID and returns it.
 *
 * @example
 * ```ts
 * assertUuid("f1a5c0de-0000-4000-8000-00000000abcd", "lambdaUuid");
 * ```
 */
export function assertUuid(value: unknown, name = "lambdaUuid"): string {
  return assertPattern(name, value, UUID_PATTERN, "a UUID such as 3fa85f64-5717-4562-b3fc-2c963f66afa6");
}

/**
 * Checks a Domain API service name (case-sensitive) and returns it.
 *
 * @example
 * ```ts
 * assertServiceName("faasGW");
 * ```
 */
export function assertServiceName(value: unknown, name = "service"): string {
  return assertPattern(name, value, SERVICE_NAME_PATTERN, "a Domain API service name such as faasGW");
}

/**
 * Checks a Functions event id and returns it.
 *
 * @example
 * ```ts
 * assertEventId("bot_connectors_custom_integration");
 * ```
 */
export function assertEventId(value: unknown, name = "eventId"): string {
  return assertPattern(
    name,
    value,
    EVENT_ID_PATTERN,
    "an event id such as bot_connectors_custom_integration",
  );
}

/**
 * Checks that a credential-like string is present. The value itself is never echoed.
 *
 * @example
 * ```ts
 * assertSecret(process.env.LP_CLIENT_SECRET, "clientSecret");
 * ```
 */
export function assertSecret(value: unknown, name: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidArgumentError(
      name,
      `expected a non-empty string, got ${value === "" ? "an empty string" : typeof value === "string" ? "blank text" : describe(value)}`,
    );
  }
  assertWellFormed(value, name);
  return value;
}

/** Longest token lpkit accepts, in characters (Sentinel's AppJWTs are well under 2 KiB). */
export const MAX_JWT_LENGTH = 16 * 1024;

/** A compact JWS: three non-empty base64url parts joined by dots — nothing else (no CR/LF, no spaces). */
export const COMPACT_JWT_PATTERN = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Whether `value` is a compact JWS of at most {@link MAX_JWT_LENGTH} characters: only the JWT
 * alphabet, so it can go into an `Authorization` header as is. Everything Sentinel issues is one; a
 * stored "token" that is not was not written by lpkit.
 *
 * @example
 * ```ts
 * isCompactJwt("eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJTZW50aW5lbCJ9.c2ln"); // true
 * isCompactJwt("eyJ.a.b\r\nX-Injected: 1");                          // false
 * ```
 */
export function isCompactJwt(value: unknown): value is string {
  return typeof value === "string" && value.length <= MAX_JWT_LENGTH && COMPACT_JWT_PATTERN.test(value);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Whether `value` is well-formed UTF-16 (no lone surrogate), i.e. can be encoded as UTF-8 and in a URL.
 *
 * @example
 * ```ts
 * isWellFormedText("ok"); // true
 * isWellFormedText("\uD800"); // false
 * ```
 */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

/**
 * Refuses a string with a lone surrogate (which `encodeURIComponent` and UTF-8 cannot encode); the
 * value is never echoed.
 *
 * @example
 * ```ts
 * assertWellFormed(options.userId, "userId");
 * ```
 */
export function assertWellFormed(value: string, name: string): string {
  if (!isWellFormedText(value)) {
    throw new InvalidArgumentError(name, "contains a lone surrogate (not well-formed Unicode text)");
  }
  return value;
}

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]", "::1"]);
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Whether a host name (without port) is a *literal* loopback address — `127.0.0.0/8`, `::1` — or
 * `localhost` itself. Names under `.localhost` do not count: the system resolver may send them to DNS.
 *
 * @example
 * ```ts
 * isLoopbackHost("127.0.0.1");         // true
 * isLoopbackHost("sentinel.localhost"); // false
 * ```
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (LOOPBACK_HOSTS.has(host)) {
    return true;
  }
  const octets = IPV4.exec(host);
  return octets !== null && octets[1] === "127" && octets.slice(2).every((octet) => Number(octet) <= 255);
}

/** Options of {@link toBaseUrl}. */
export interface BaseUrlOptions {
  /** Allow plain `http://` for hosts that are not loopback. Off by default. */
  allowInsecureHttp?: boolean | undefined;
}

/**
 * Turns a host as the Domain API returns it (`va.faasgw.liveperson.net`, `127.0.0.1:8080`) or a full
 * URL into a base URL without a trailing slash. A bare host becomes `https://host`. Plain `http://`
 * is refused unless the host is a literal loopback address, `localhost`, or a `*.localhost` name
 * (which lpkit pins to 127.0.0.1), or `allowInsecureHttp` is set. Whitespace inside, non-ASCII
 * characters, backslashes and percent-escapes are refused.
 *
 * @example
 * ```ts
 * toBaseUrl("va.faasgw.liveperson.net");      // "https://va.faasgw.liveperson.net"
 * toBaseUrl("http://127.0.0.1:4000/");         // "http://127.0.0.1:4000"
 * toBaseUrl("http://example.com");             // throws InvalidArgumentError
 * ```
 */
export function toBaseUrl(hostOrUrl: unknown, name = "baseUrl", options: BaseUrlOptions = {}): string {
  if (typeof hostOrUrl !== "string" || hostOrUrl.trim() === "") {
    throw new InvalidArgumentError(name, `expected a host name or URL, got ${describe(hostOrUrl)}`);
  }
  const raw = hostOrUrl.trim();
  // A URL parser reads `\` as `/` (`evil.example\.liveperson.net` is the host evil.example), decodes
  // percent-escapes and maps non-ASCII look-alikes to punycode: none of them belongs in a base URL.
  if (/[^\x21-\x7e]|[\\%]/.test(raw)) {
    throw new InvalidArgumentError(
      name,
      "expected a plain host name or URL: printable ASCII, no backslash, no percent-escape",
    );
  }
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidArgumentError(name, `expected a host name or URL, got ${describe(raw)}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new InvalidArgumentError(name, `only http: and https: are supported, got ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new InvalidArgumentError(name, "credentials in the URL are not allowed");
  }
  if (url.search || url.hash) {
    throw new InvalidArgumentError(name, "a base URL takes no query or fragment");
  }
  if (
    url.protocol === "http:" &&
    !isLoopbackHost(url.hostname) &&
    !isPinnedLocalhostName(url.hostname) &&
    !options.allowInsecureHttp
  ) {
    throw new InvalidArgumentError(
      name,
      `plain http:// is refused for ${url.hostname} (not a literal loopback address); use https:// or set allowInsecureHttp`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}
