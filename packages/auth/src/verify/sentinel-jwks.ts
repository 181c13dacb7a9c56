/**
 * Sentinel's v2 signing keys: the JWKS at `https://{sentinel}/sentinel/well-known/jwks`, fetched
 * with `@lpkit/sentinel`'s client (one core `exchange`: timeout over headers and body, default 5 s;
 * the body bounded to `MAX_JWKS_BODY_BYTES`, 256 KiB; redirects never followed), cached for
 * `cacheMaxAgeMs` (default 10 min), and fetched again for an unknown `kid` at most once per
 * `cooldownMs` (default 30 s). Keys are matched with jose's local key set. Exported from
 * `@lpkit/auth/verify`.
 *
 * Failures: no answer is a `TimeoutError` / `NetworkError`; an error status, a redirect or a body
 * that is not a key set is a `JwksFetchError` (with `status` and `retryAfterMs`); no matching key is
 * a `JwksNoMatchingKeyError`.
 *
 * @module
 */
import {
  type FetchLike,
  InvalidArgumentError,
  JwksFetchError,
  JwksNoMatchingKeyError,
  type Transport,
} from "@lpkit/core";
import { assertOptionsObject, optionalBoolean, optionalDuration, toBaseUrl } from "@lpkit/core/internal";
import { createSentinelClient } from "@lpkit/sentinel";
import { type CryptoKey, createLocalJWKSet, type JSONWebKeySet, type JWSHeaderParameters } from "jose";

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
  /** Advanced: the transport for the JWKS instead of `fetch` (see `Transport` in `@lpkit/core`). */
  transport?: Transport | undefined;
  /** Time limit of one JWKS request (headers and body), in ms. Default 5 000. */
  timeoutMs?: number | undefined;
  /** After a fetch, how long an unknown `kid` does not cause another one, in ms. Default 30 000. */
  cooldownMs?: number | undefined;
  /** How long fetched keys are used before the JWKS is fetched again, in ms. Default 600 000. */
  cacheMaxAgeMs?: number | undefined;
  /** Allow plain `http://` for a non-loopback host; only `true`/`false`. */
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
  /** The key for a token header (jose `JWTVerifyGetKey`); errors are typed lpkit errors. */
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

/** A full JWKS URL split into the base URL (its origin) and the path (with any query) below it. */
function splitJwksUrl(value: unknown, allowInsecureHttp: boolean): { baseUrl: string; path: string } {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new InvalidArgumentError("jwksUrl", "expected an absolute URL");
  }
  if (typeof value !== "string" || url.username || url.password) {
    throw new InvalidArgumentError("jwksUrl", "expected an absolute URL without credentials");
  }
  // Same rules as base URLs (https, or http for literal loopback), but a path is expected here.
  return {
    baseUrl: toBaseUrl(url.origin, "jwksUrl", { allowInsecureHttp }),
    path: `${url.pathname}${url.search}`,
  };
}

function safeKid(header: JWSHeaderParameters): string {
  const kid = header.kid;
  return typeof kid === "string" && /^[\w.:-]{1,100}$/.test(kid) ? ` (kid "${kid}")` : "";
}

interface Loaded {
  readonly jwks: JSONWebKeySet;
  readonly match: ReturnType<typeof createLocalJWKSet>;
  readonly fetchedAt: number;
}

/**
 * Creates the v2 key source. Create it once and share it: its cache is what keeps verification
 * from fetching the JWKS for every token.
 *
 * @example
 * ```ts
 * import { createSentinelJwks, verifyAccessToken } from "@lpkit/auth/verify";
 *
 * const jwks = createSentinelJwks({ sentinel: "va.sentinel.liveperson.net" });
 * const verified = await verifyAccessToken(jwt, { accountId: "12345678", jwks });
 * ```
 */
export function createSentinelJwks(input: SentinelJwksOptions): SentinelJwks {
  const options = assertOptionsObject(input);
  const allowInsecureHttp = optionalBoolean(options.allowInsecureHttp, "allowInsecureHttp") ?? false;
  let baseUrl: string;
  let jwksPath = SENTINEL_JWKS_PATH;
  if (options.jwksUrl !== undefined) {
    ({ baseUrl, path: jwksPath } = splitJwksUrl(options.jwksUrl, allowInsecureHttp));
  } else if (options.sentinel !== undefined) {
    baseUrl = toBaseUrl(options.sentinel, "sentinel", { allowInsecureHttp });
  } else {
    throw new InvalidArgumentError(
      "sentinel",
      "expected the Sentinel host (or jwksUrl) to fetch the JWKS from",
    );
  }
  const timeoutMs = optionalDuration(options.timeoutMs, "timeoutMs", 5_000);
  const cooldownMs = optionalDuration(options.cooldownMs, "cooldownMs", 30_000);
  const cacheMaxAgeMs = optionalDuration(options.cacheMaxAgeMs, "cacheMaxAgeMs", 600_000);
  const sentinel = createSentinelClient({
    baseUrl,
    fetch: options.fetch,
    transport: options.transport,
    timeoutMs,
    allowInsecureHttp,
    jwksPath,
  });

  let loaded: Loaded | undefined;
  let loading: Promise<Loaded> | undefined;
  const load = (): Promise<Loaded> => {
    loading ??= sentinel
      .getJwks()
      .then((jwks) => {
        const set = jwks as JSONWebKeySet;
        loaded = { jwks: set, match: createLocalJWKSet(set), fetchedAt: Date.now() };
        return loaded;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
  const current = async (): Promise<Loaded> =>
    loaded !== undefined && Date.now() - loaded.fetchedAt < cacheMaxAgeMs ? loaded : load();

  const keyFrom = async (set: Loaded, header: JWSHeaderParameters): Promise<CryptoKey> => {
    try {
      return (await set.match(header)) as CryptoKey;
    } catch (error) {
      switch ((error as { code?: unknown } | null)?.code) {
        case "ERR_JWKS_NO_MATCHING_KEY":
          throw new JwksNoMatchingKeyError(`no key in Sentinel's JWKS matches the token${safeKid(header)}`);
        case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
          throw new JwksNoMatchingKeyError(
            `more than one key in Sentinel's JWKS matches the token${safeKid(header)}`,
          );
        default:
          throw new JwksFetchError("the JWKS response is not a usable JSON Web Key Set", { status: 200 });
      }
    }
  };

  return {
    url: `${baseUrl}${jwksPath}`,
    async getKey(header) {
      const set = await current();
      try {
        return await keyFrom(set, header);
      } catch (error) {
        // An unknown kid may be a rotated key: fetch again, at most once per cooldown.
        if (!(error instanceof JwksNoMatchingKeyError) || Date.now() - set.fetchedAt < cooldownMs) {
          throw error;
        }
        return keyFrom(await load(), header);
      }
    },
    async reload() {
      await load();
    },
    keys: () => loaded?.jwks,
  };
}
