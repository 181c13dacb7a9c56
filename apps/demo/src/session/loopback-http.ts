/**
 * Plain HTTP for a local emulator in live mode. The Domain API hands out bare hosts, which every
 * lpkit client turns into `https://` URLs. When `LP_DOMAIN_API` names an `lpkit-emulator` on loopback
 * over plain HTTP (started without `--tls`), the hosts it hands out are loopback too and serve
 * plain HTTP; this `fetch` wrapper sends requests for loopback hosts over `http://`, and names like
 * `fninvocations.localhost` (the emulator's Functions V2 host) to `127.0.0.1`. Requests to any other
 * host are passed on untouched, so real LivePerson hosts always use HTTPS.
 *
 * @module
 */
import type { FetchLike } from "@lpkit/core";
import { isLoopbackHost } from "@lpkit/core/internal";

/**
 * The URL a request for `url` is actually sent to: unchanged unless its host is loopback.
 *
 * @example
 * ```ts
 * loopbackTarget("https://fninvocations.localhost:4000/api/x"); // "http://127.0.0.1:4000/api/x"
 * loopbackTarget("https://va.faasgw.liveperson.net/api/x");    // unchanged
 * ```
 */
export function loopbackTarget(url: string): string {
  const target = new URL(url);
  // `*.localhost` is not loopback to lpkit (the system resolver may ask DNS); here it is pinned to
  // 127.0.0.1 below, so it never leaves the machine.
  const pinned = target.hostname.toLowerCase().endsWith(".localhost");
  if (!pinned && !isLoopbackHost(target.hostname)) {
    return url;
  }
  if (target.protocol === "https:") {
    const port = target.port === "" ? "443" : target.port;
    target.protocol = "http:";
    target.port = port;
  }
  if (pinned) {
    target.hostname = "127.0.0.1";
  }
  return target.href;
}

/**
 * Wraps `inner` so that loopback hosts are reached over plain HTTP (see the module comment).
 *
 * @example
 * ```ts
 * const fetchLike = loopbackHttpFetch((request) => fetch(request));
 * ```
 */
export function loopbackHttpFetch(inner: FetchLike): FetchLike {
  return async (request) => {
    const target = loopbackTarget(request.url);
    if (target === request.url) {
      return inner(request);
    }
    const body =
      request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return inner(
      new Request(target, {
        method: request.method,
        headers: request.headers,
        body,
        signal: request.signal,
        redirect: "manual",
      }),
    );
  };
}
