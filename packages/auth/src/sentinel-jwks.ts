/**
 * Sentinel's v2 signing keys (behaviour 9): the JWKS at `https://{sentinel}/sentinel/well-known/jwks`,
 * fetched through jose's remote key set with a timeout (default 5 s, covering the body too), a cooldown
 * before an unknown `kid` may trigger another fetch (default 30 s) and a cache lifetime (default 10 min).
 * The body is read with a bound (`MAX_JWKS_BODY_BYTES` of `@lpkit/sentinel`, 256 KiB). Requests go
 * through the `fetch` you inject. Failures become `JwksFetchError` / `JwksNoMatchingKeyError`.
 *
 * @module
 */
import {
  assertDuration,
  type FetchLike,
  InvalidArgumentError,
  JwksFetchError,
  JwksNoMatchingKeyError,
  LpkitError,
  readBoundedText,
  toBaseUrl,
  UnexpectedResponseError,
} from "@lpkit/core";
import { MAX_JWKS_BODY_BYTES } from "@lpkit/sentinel";
import type {
  CryptoKey,
  createRemoteJWKSet,
  FetchImplementation,
  JSONWebKeySet,
  JWSHeaderParameters,
} from "jose";
import { loadJose } from "./jose-loader.js";
import { waitFor } from "./single-flight.js";
import { assertOptions } from "./validate-options.js";

/**
 * Path of Sentinel's JWKS below its host.
 *
 * @example
 * ```ts
 * const url = `https://va.sentinel.liveperson.net${SENTINEL_JWKS_PATH}`;
 * ```
 */
export const SENTINEL_JWKS_PATH = "/sentinel/well-known/jwks";

/**
 * Options of {@link createSentinelJwks}.
 *
 * @example
 * ```ts
 * const options: SentinelJwksOptions = { sentinel: "va.sentinel.liveperson.net", cacheMaxAgeMs: 300_000 };
 * ```
 */
export interface SentinelJwksOptions {
  /** The Sentinel host (`va.sentinel.liveperson.net`) or base URL; the JWKS path is appended. */
  sentinel?: string | undefined;
  /** The full JWKS URL, instead of `sentinel`. */
  jwksUrl?: string | undefined;
  /** The `fetch` for the JWKS. Default `globalThis.fetch`. */
  fetch?: FetchLike | undefined;
  /** Time limit of one JWKS request, in ms. Default 5 000. */
  timeoutMs?: number | undefined;
  /** After a fetch, how long an unknown `kid` does not cause another one, in ms. Default 30 000. */
  cooldownMs?: number | undefined;
  /** How long fetched keys are used before the JWKS is fetched again, in ms. Default 600 000. */
  cacheMaxAgeMs?: number | undefined;
  /** Allow plain `http://` for a non-loopback host. */
  allowInsecureHttp?: boolean | undefined;
}

/**
 * A cached, self-refreshing view of Sentinel's JWKS; made by {@link createSentinelJwks}.
 *
 * @example
 * ```ts
 * const jwks: SentinelJwks = createSentinelJwks({ sentinel: "va.sentinel.liveperson.net" });
 * await jwks.reload(); // e.g. after a key rotation was announced
 * ```
 */
export interface SentinelJwks {
  /** The JWKS URL. */
  readonly url: string;
  /** The key for a token header (jose `JWTVerifyGetKey`); errors are lpkit `Jwks*Error`s. */
  getKey(header: JWSHeaderParameters): Promise<CryptoKey>;
  /** Fetches the JWKS now, bypassing the cooldown. */
  reload(): Promise<void>;
  /** The cached key set, if fetched. */
  keys(): JSONWebKeySet | undefined;
}

/**
 * The JWKS URL for a Sentinel host or URL.
 *
 * @example
 * ```ts
 * sentinelJwksUrl("va.sentinel.liveperson.net"); // "https://va.sentinel.liveperson.net/sentinel/well-known/jwks"
 * ```
 */
export function sentinelJwksUrl(sentinel: string, allowInsecureHttp = false): string {
  return `${toBaseUrl(sentinel, "sentinel", { allowInsecureHttp })}${SENTINEL_JWKS_PATH}`;
}

function checkUrl(value: string, allowInsecureHttp: boolean): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError("jwksUrl", "expected an absolute URL");
  }
  // Same rules as base URLs (https, or http for loopback), but a path is expected here.
  toBaseUrl(url.origin, "jwksUrl", { allowInsecureHttp });
  if (url.username || url.password) {
    throw new InvalidArgumentError("jwksUrl", "credentials in the URL are not allowed");
  }
  return url.href;
}

function safeKid(header: JWSHeaderParameters): string {
  const kid = header.kid;
  return typeof kid === "string" && /^[\w.:-]{1,100}$/.test(kid) ? ` (kid "${kid}")` : "";
}

/**
 * Creates the v2 key source. Create it once and share it: its cache is what keeps verification
 * from fetching the JWKS for every token.
 *
 * @example
 * ```ts
 * const jwks = createSentinelJwks({ sentinel: "va.sentinel.liveperson.net" });
 * const verified = await verifyAccessToken(jwt, { accountId: "12345678", jwks });
 * ```
 */
export function createSentinelJwks(options: SentinelJwksOptions): SentinelJwks {
  assertOptions(options);
  const allowInsecureHttp = options.allowInsecureHttp === true;
  let url: string;
  if (options.jwksUrl !== undefined) {
    if (typeof options.jwksUrl !== "string") {
      throw new InvalidArgumentError("jwksUrl", "expected an absolute URL");
    }
    url = checkUrl(options.jwksUrl, allowInsecureHttp);
  } else if (options.sentinel !== undefined) {
    url = sentinelJwksUrl(options.sentinel, allowInsecureHttp);
  } else {
    throw new InvalidArgumentError(
      "sentinel",
      "expected the Sentinel host (or jwksUrl) to fetch the JWKS from",
    );
  }
  const timeoutMs = assertDuration(options.timeoutMs ?? 5_000, "timeoutMs");
  const cooldownMs = assertDuration(options.cooldownMs ?? 30_000, "cooldownMs");
  const cacheMaxAgeMs = assertDuration(options.cacheMaxAgeMs ?? 600_000, "cacheMaxAgeMs");
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new InvalidArgumentError("fetch", "expected a function");
  }
  const fetchLike: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));

  // jose calls this with its own timeout signal; failures become lpkit errors here.
  const fetchImpl: FetchImplementation = async (href, init) => {
    let response: Response;
    try {
      // Raced against jose's timeout signal (waitFor), so the request ends on time even when the
      // `fetch` in use does not honour the signal.
      response = await waitFor(fetchLike(new Request(href, init)), init.signal);
    } catch {
      if (init.signal.aborted) {
        throw new JwksFetchError(`the JWKS request got no answer within ${timeoutMs} ms`);
      }
      throw new JwksFetchError("the JWKS request failed (network error)");
    }
    if (response.status !== 200) {
      response.body?.cancel().catch(() => {}); // not awaited: a teed body settles only when all branches do
      throw new JwksFetchError(`the JWKS request answered ${response.status} instead of 200`);
    }
    // jose would read the body whole; read it here with a bound, so a huge or endless answer cannot
    // fill memory (a JWKS is a few kilobytes). jose's timeout signal also ends a body that never finishes.
    let text: string;
    try {
      text = await waitFor(readBoundedText(response, MAX_JWKS_BODY_BYTES), init.signal);
    } catch (error) {
      if (error instanceof UnexpectedResponseError) {
        throw new JwksFetchError(`the JWKS response is larger than ${MAX_JWKS_BODY_BYTES} bytes`);
      }
      if (init.signal.aborted) {
        throw new JwksFetchError(`the JWKS request got no answer within ${timeoutMs} ms`);
      }
      throw new JwksFetchError("the JWKS response could not be read (network error)");
    }
    return new Response(text, {
      status: 200,
      headers: { "content-type": response.headers.get("content-type") ?? "application/json" },
    });
  };

  // Made on first use, once jose is loaded (importing @lpkit/auth does not load jose).
  let remote: ReturnType<typeof createRemoteJWKSet> | undefined;
  const remoteSet = async (): Promise<ReturnType<typeof createRemoteJWKSet>> => {
    if (!remote) {
      const jose = await loadJose();
      remote ??= jose.createRemoteJWKSet(new URL(url), {
        timeoutDuration: Math.round(timeoutMs),
        cooldownDuration: cooldownMs,
        cacheMaxAge: cacheMaxAgeMs,
        [jose.customFetch]: fetchImpl,
      });
    }
    return remote;
  };

  const toLpkitError = (error: unknown, header: JWSHeaderParameters): LpkitError => {
    if (error instanceof LpkitError) {
      return error;
    }
    const code = (error as { code?: unknown } | null)?.code;
    switch (code) {
      case "ERR_JWKS_NO_MATCHING_KEY":
        return new JwksNoMatchingKeyError(`no key in Sentinel's JWKS matches the token${safeKid(header)}`);
      case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
        return new JwksNoMatchingKeyError(
          `more than one key in Sentinel's JWKS matches the token${safeKid(header)}`,
        );
      case "ERR_JWKS_TIMEOUT":
        return new JwksFetchError(`the JWKS request got no answer within ${timeoutMs} ms`);
      case "ERR_JWKS_INVALID":
        return new JwksFetchError("the JWKS response is not a JSON Web Key Set");
      default:
        return new JwksFetchError("the JWKS response could not be read as a JSON Web Key Set");
    }
  };

  return {
    url,
    async getKey(header) {
      try {
        return await (await remoteSet())(header);
      } catch (error) {
        throw toLpkitError(error, header);
      }
    },
    async reload() {
      try {
        await (await remoteSet()).reload();
      } catch (error) {
        throw toLpkitError(error, {});
      }
    },
    // Nothing fetched before the first getKey or reload, which is also when the set is made.
    keys: () => remote?.jwks(),
  };
}
