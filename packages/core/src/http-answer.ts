/**
 * Reading what an HTTP answer says about where it came from and what it asks for: the origin
 * (`scheme://host:port`) for messages, the description of a redirect (lpkit never follows one; each
 * client turns it into its own typed error), and `Retry-After`. Exported from `@lpkit/core/internal`.
 *
 * @module
 */

const DEFAULT_PORTS: Readonly<Record<string, string>> = { "https:": "443", "http:": "80" };

/**
 * The origin of an absolute URL as `scheme://host:port`, with the port always explicit; `"an unknown
 * origin"` for text that is not an absolute http(s) URL. Never includes credentials, a path or a query.
 *
 * @example
 * ```ts
 * originOf("https://va.sentinel.liveperson.net/sentinel/api?x=1"); // "https://va.sentinel.liveperson.net:443"
 * originOf("http://[::1]:4000/");                                  // "http://[::1]:4000"
 * ```
 */
export function originOf(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "an unknown origin";
  }
  const port = parsed.port || DEFAULT_PORTS[parsed.protocol];
  return port === undefined ? "an unknown origin" : `${parsed.protocol}//${parsed.hostname}:${port}`;
}

/**
 * Describes a redirect answer — never followed by lpkit — for the calling client's own error, naming
 * the status and the origin `Location` points to; `undefined` when `answer` is not a redirect.
 * Status 0 is how browsers report a redirect that was not followed (the target is hidden).
 *
 * @example
 * ```ts
 * const redirect = describeRedirect(answer, request.url);
 * if (redirect) throw new DomainApiError(`Domain API lookup: ${redirect}`, answer);
 * ```
 */
export function describeRedirect(
  answer: { readonly status: number; readonly headers: { get(name: string): string | null } },
  requestUrl: string,
): string | undefined {
  const { status } = answer;
  if (status === 0) {
    return "answered with a redirect (an opaque redirect, status 0); redirects are not followed";
  }
  if (status < 300 || status > 399) {
    return undefined;
  }
  const location = answer.headers.get("location");
  let target = "no Location";
  if (location !== null) {
    try {
      target = originOf(new URL(location, requestUrl).href);
    } catch {
      target = "an unparsable Location";
    }
  }
  return `answered with a redirect (HTTP ${status}) to ${target}; redirects are not followed`;
}

/**
 * Parses a `Retry-After` header (seconds or an HTTP date) into milliseconds from `now`.
 * Returns `undefined` when absent or unparsable; never negative.
 *
 * @example
 * ```ts
 * parseRetryAfter("2", Date.now()); // 2000
 * ```
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value == null || value.trim() === "") {
    return undefined;
  }
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) {
    return Math.round(Number(trimmed) * 1000);
  }
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
