/**
 * A `fetch` wrapper that records every HTTP exchange the demo makes — which API, method, path,
 * status and time to the answer — so the steps can prove what happened ("no further token
 * requests") in live mode as well as against the emulator. It never records a body, a query string
 * or a header value; the `Authorization` header is only turned into a token serial number
 * (token #1, token #2, …) so the output can say which token a call carried without showing it.
 *
 * @module
 */
import type { FetchLike } from "@lpkit/core";

/**
 * Which API a request went to, by its path.
 *
 * @example
 * ```ts
 * const api: ApiKind = apiOf(new URL(request.url).pathname);
 * ```
 */
export type ApiKind = "domain" | "sentinel-token" | "sentinel-jwks" | "faasgw" | "other";

/**
 * One recorded exchange.
 *
 * @example
 * ```ts
 * for (const { seq, api, status, durationMs } of log.records()) console.log(seq, api, status, durationMs);
 * ```
 */
export interface HttpRecord {
  /** 1-based, in the order the requests were sent. */
  readonly seq: number;
  readonly api: ApiKind;
  readonly method: string;
  /** Origin and path, without the query string. */
  readonly url: string;
  /** HTTP status, or `undefined` when no answer arrived (network error, timeout). */
  readonly status: number | undefined;
  /** Milliseconds until the answer's headers (or the failure). */
  readonly durationMs: number;
  /** Which token the request carried (see {@link TokenSerials}), for faasGW calls. */
  readonly tokenSerial: number | undefined;
}

/**
 * Numbers the access tokens in the order they are first seen; keeps no token beyond this process.
 *
 * @example
 * ```ts
 * const serial = log.tokens.serialOf(token.accessToken); // 1 for the first token seen
 * ```
 */
export interface TokenSerials {
  /** The serial of a token (a bare JWT or an `Authorization` value), assigning the next one if new. */
  serialOf(tokenOrHeader: string): number;
  /** How many distinct tokens were seen. */
  readonly count: number;
}

/**
 * Creates the token numbering.
 *
 * @example
 * ```ts
 * const serials = createTokenSerials();
 * serials.serialOf("Bearer eyJ…"); // 1
 * ```
 */
export function createTokenSerials(): TokenSerials {
  const serials = new Map<string, number>();
  return {
    serialOf(tokenOrHeader) {
      const token = tokenOrHeader.trim().replace(/^bearer\s+/i, "");
      let serial = serials.get(token);
      if (serial === undefined) {
        serial = serials.size + 1;
        serials.set(token, serial);
      }
      return serial;
    },
    get count() {
      return serials.size;
    },
  };
}

/**
 * The record of exchanges, with the wrapped `fetch`.
 *
 * @example
 * ```ts
 * const log: HttpLog = createHttpLog((request) => fetch(request));
 * log.count("sentinel-token"); // token requests so far
 * ```
 */
export interface HttpLog {
  /** The instrumented `fetch`; give it to every client. */
  readonly fetch: FetchLike;
  /** Every finished exchange so far, in the order they were sent. */
  records(): readonly HttpRecord[];
  /** Number of exchanges of one API (all, when omitted) — handy for before/after deltas. */
  count(api?: ApiKind): number;
  readonly tokens: TokenSerials;
}

/**
 * Which API a path belongs to.
 *
 * @example
 * ```ts
 * apiOf("/api/account/123/service/baseURI.json"); // "domain"
 * apiOf("/sentinel/api/v2/account/123/app/token"); // "sentinel-token"
 * ```
 */
export function apiOf(pathname: string): ApiKind {
  if (/^\/api\/account\/[^/]+\/service\//.test(pathname)) {
    return "domain";
  }
  if (/^\/sentinel\/api\/.*\/app\/token\/?$/.test(pathname)) {
    return "sentinel-token";
  }
  if (/^\/sentinel\/well-known\/jwks\/?$/.test(pathname)) {
    return "sentinel-jwks";
  }
  if (/^\/api\/account\/[^/]+\/(lambdas|events)\//.test(pathname)) {
    return "faasgw";
  }
  return "other";
}

/**
 * Options of {@link createHttpLog}.
 *
 * @example
 * ```ts
 * createHttpLog(fetchLike, { onRecord: (record) => console.error(record.url, record.status) });
 * ```
 */
export interface HttpLogOptions {
  /** Called after each exchange (debug output). */
  readonly onRecord?: ((record: HttpRecord) => void) | undefined;
  /** Clock for durations; default `performance.now`. */
  readonly clock?: (() => number) | undefined;
}

/**
 * Wraps `inner` so that every exchange is recorded.
 *
 * @example
 * ```ts
 * const log = createHttpLog((request) => fetch(request));
 * const domain = createDomainClient({ fetch: log.fetch });
 * await domain.listServices("12345678");
 * log.count("domain"); // 1
 * ```
 */
export function createHttpLog(inner: FetchLike, options: HttpLogOptions = {}): HttpLog {
  const clock = options.clock ?? (() => performance.now());
  const records: HttpRecord[] = [];
  const tokens = createTokenSerials();
  let seq = 0;
  const recordingFetch: FetchLike = async (request) => {
    const url = new URL(request.url);
    const api = apiOf(url.pathname);
    const authorization = request.headers.get("authorization");
    const tokenSerial = api === "faasgw" && authorization ? tokens.serialOf(authorization) : undefined;
    seq += 1;
    const base = { seq, api, method: request.method, url: `${url.origin}${url.pathname}`, tokenSerial };
    const started = clock();
    try {
      const response = await inner(request);
      const record = { ...base, status: response.status, durationMs: clock() - started };
      records.push(record);
      options.onRecord?.(record);
      return response;
    } catch (error) {
      const record = { ...base, status: undefined, durationMs: clock() - started };
      records.push(record);
      options.onRecord?.(record);
      throw error;
    }
  };
  return {
    fetch: recordingFetch,
    records: () => [...records].sort((a, b) => a.seq - b.seq),
    count: (api) =>
      api === undefined ? records.length : records.filter((record) => record.api === api).length,
    tokens,
  };
}
