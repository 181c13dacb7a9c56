/**
 * Splitting an absolute `http(s)` URL into the origin a connection pool serves and the path (with
 * the query) a request line carries — without a `URL` object on the hot path. A URL the fast path
 * cannot vouch for (credentials, characters that need escaping, an odd authority) goes through the
 * WHATWG `URL` parser, which escapes it exactly as `fetch` would.
 *
 * @module
 */

/** Where a request goes: `scheme://host[:port]` and `/path?query`. */
export interface Target {
  readonly origin: string;
  readonly path: string;
}

/** Scheme and authority of a plain URL: letters, digits, `.`, `-`, `:` and an IPv6 literal in brackets. */
const SIMPLE = /^(https?):\/\/([A-Za-z0-9.-]+(?::\d{1,5})?|\[[0-9A-Fa-f:.]+\](?::\d{1,5})?)(?=[/?#]|$)/;
/**
 * Anything in a path or query outside printable ASCII, a character the URL parser would escape, a
 * stray `%`, or a dot segment (`/./`, `/../`, also escaped) the parser would resolve.
 */
const NEEDS_PARSER = /[^\x21-\x7e]|[\\"'<>^`{|}]|%(?![0-9A-Fa-f]{2})|\/(?:\.|%2e){1,2}(?:[/?]|$)/i;

/** Origins as written → origins as the URL parser spells them (lower-case host, default port dropped). */
const canonical = new Map<string, string>();
const CANONICAL_CACHE_SIZE = 256;

function canonicalOrigin(written: string): string {
  let origin = canonical.get(written);
  if (origin === undefined) {
    origin = new URL(written).origin;
    if (canonical.size >= CANONICAL_CACHE_SIZE) {
      canonical.clear();
    }
    canonical.set(written, origin);
  }
  return origin;
}

function parsed(url: string): Target {
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new TypeError("the request URL is not an absolute URL");
  }
  if (parsedUrl.protocol !== "https:" && parsedUrl.protocol !== "http:") {
    throw new TypeError(`the request URL's scheme ${parsedUrl.protocol} is not http: or https:`);
  }
  if (parsedUrl.username !== "" || parsedUrl.password !== "") {
    // As `fetch` does: a URL with credentials is refused, not sent.
    throw new TypeError("the request URL includes credentials");
  }
  return { origin: parsedUrl.origin, path: `${parsedUrl.pathname}${parsedUrl.search}` };
}

/**
 * The origin and path of `url`. Fragments are dropped (they are never sent); a URL with
 * credentials or a scheme other than `http:`/`https:` is a `TypeError`.
 *
 * @example
 * ```ts
 * splitUrl("https://VA.faasgw.liveperson.net/api/account/1/lambdas/x/invoke?v=1");
 * // { origin: "https://va.faasgw.liveperson.net", path: "/api/account/1/lambdas/x/invoke?v=1" }
 * ```
 */
export function splitUrl(url: string): Target {
  const match = SIMPLE.exec(url);
  if (match === null) {
    return parsed(url);
  }
  const written = match[0];
  let rest = url.slice(written.length);
  const hash = rest.indexOf("#");
  if (hash >= 0) {
    rest = rest.slice(0, hash);
  }
  if (NEEDS_PARSER.test(rest)) {
    return parsed(url);
  }
  if (rest.indexOf("?") === rest.length - 1) {
    rest = rest.slice(0, -1); // an empty query is not sent
  }
  if (rest === "") {
    rest = "/";
  } else if (rest.charCodeAt(0) === 63 /* ? */) {
    rest = `/${rest}`;
  }
  return { origin: canonicalOrigin(written), path: rest };
}
