/**
 * Verification of Sentinel access tokens with jose (exported from `@lpkit/auth/verify`), for services that receive them:
 *
 * - **v1** tokens against the static public key LivePerson publishes (other zones' keys via `v1Keys`);
 * - **v2** tokens against Sentinel's JWKS (timeout, cooldown and cache: see `createSentinelJwks`);
 * - `alg` pinned to RS256 (`none`, `HS256`, … are refused before any key is looked up);
 * - `iss` must be `Sentinel`, `aud` the account id; `exp` and `iat` are required and checked with a
 *   clock tolerance (default 30 s); a token issued in the future or more than `maxTokenAgeSec` ago
 *   (default one day) is refused.
 *
 * Failures are typed with stable codes: `JwtMalformedError`, `JwtSignatureError`, `JwtExpiredError`,
 * `JwtClaimError`, `JwksNoMatchingKeyError`, `JwksFetchError`. No message contains the token.
 *
 * @module
 */
import {
  type FetchLike,
  InvalidArgumentError,
  JwtClaimError,
  JwtSignatureError,
  type Now,
} from "@lpkit/core";
import {
  assertAccountId,
  assertOptionsObject,
  callSignal,
  optionalFunction,
  optionalSeconds,
} from "@lpkit/core/internal";
import { type AppJwtClaims, type AppJwtHeader, decodeAppJwt } from "@lpkit/sentinel";
import { type JWK, jwtVerify } from "jose";
import { waitFor } from "../single-flight.js";
import {
  DEFAULT_CLOCK_TOLERANCE_SEC,
  DEFAULT_MAX_TOKEN_AGE_SEC,
  PINNED_ALGORITHM,
  SENTINEL_ISSUER,
} from "./constants.js";
import { createKeySource } from "./key-source.js";
import type { SentinelJwks } from "./sentinel-jwks.js";
import { toVerifyError } from "./verify-errors.js";

/**
 * A v1 key: PEM or base64 SubjectPublicKeyInfo, or an RSA public JWK.
 *
 * @example
 * ```ts
 * const keys: V1Key[] = [SENTINEL_V1_PUBLIC_KEY_PEM, { kty: "RSA", n: "…", e: "AQAB" }];
 * ```
 */
export type V1Key = string | JWK;

/**
 * Options of {@link createAccessTokenVerifier} and {@link verifyAccessToken}.
 *
 * @example
 * ```ts
 * const options: VerifyOptions = { accountId: "12345678", sentinel: "va.sentinel.liveperson.net", clockToleranceSec: 10 };
 * ```
 */
export interface VerifyOptions {
  /** The account the token must be for (its `aud`). */
  accountId: string;
  /** `v1` (static key) or `v2` (JWKS). Default: `v2` when a JWKS source is given, else `v1`. */
  version?: "v1" | "v2" | undefined;
  /** A shared JWKS source (`createSentinelJwks`), so its cache is reused. */
  jwks?: SentinelJwks | undefined;
  /** The Sentinel host to fetch the JWKS from (when no `jwks` is given). */
  sentinel?: string | undefined;
  /** The full JWKS URL (when no `jwks` is given). */
  jwksUrl?: string | undefined;
  /** v1 keys to accept, replacing the default published key (e.g. another zone's). */
  v1Keys?: readonly V1Key[] | undefined;
  /** Tolerance for `exp`, `iat`, `nbf`, in seconds. Default 30. */
  clockToleranceSec?: number | undefined;
  /** Refuse tokens issued longer ago than this, in seconds. Default 86 400. */
  maxTokenAgeSec?: number | undefined;
  /** The clock (ms since the epoch). Default `Date.now`. */
  now?: Now | undefined;
  /** The `fetch` for the JWKS (when no `jwks` is given). */
  fetch?: FetchLike | undefined;
  /** JWKS request timeout in ms (when no `jwks` is given). Default 5 000. */
  jwksTimeoutMs?: number | undefined;
  /** Allow plain `http://` for a non-loopback JWKS host. */
  allowInsecureHttp?: boolean | undefined;
}

/**
 * A verified token's header and claims.
 *
 * @example
 * ```ts
 * const { version, header, claims }: VerifiedAccessToken = await verifyAccessToken(jwt, { accountId, sentinel });
 * claims.azp; // the app installation
 * ```
 */
export interface VerifiedAccessToken {
  readonly version: "v1" | "v2";
  readonly header: AppJwtHeader;
  readonly claims: AppJwtClaims & { readonly iss: string; readonly exp: number; readonly iat: number };
}

/**
 * A verifier bound to one account and key source; made by {@link createAccessTokenVerifier}.
 *
 * @example
 * ```ts
 * const verifier: AccessTokenVerifier = createAccessTokenVerifier({ accountId, sentinel: sentinelHost });
 * const { claims } = await verifier.verify(jwt);
 * ```
 */
export interface AccessTokenVerifier {
  /** Verifies `jwt` (a bare token or an `Authorization` value). `signal` ends only this wait. */
  verify(jwt: string, options?: { signal?: AbortSignal | undefined }): Promise<VerifiedAccessToken>;
}

function stripBearer(jwt: unknown): string {
  if (typeof jwt !== "string" || jwt.trim() === "") {
    throw new InvalidArgumentError("jwt", "expected a JWT string");
  }
  return jwt.trim().replace(/^bearer\s+/i, "");
}

/**
 * Creates a verifier. Keep it: it holds the imported v1 keys and, for v2, the JWKS cache.
 *
 * @example
 * ```ts
 * import { createAccessTokenVerifier } from "@lpkit/auth/verify";
 *
 * const verifier = createAccessTokenVerifier({ accountId: "12345678", sentinel: "va.sentinel.liveperson.net" });
 * const { claims } = await verifier.verify(request.headers.get("authorization") ?? "");
 * claims.azp; // the app installation that got the token
 * ```
 */
export function createAccessTokenVerifier(options: VerifyOptions): AccessTokenVerifier {
  assertOptionsObject(options);
  const accountId = assertAccountId(options.accountId);
  const hasJwksSource =
    options.jwks !== undefined || options.sentinel !== undefined || options.jwksUrl !== undefined;
  const version = options.version ?? (hasJwksSource ? "v2" : "v1");
  if (version !== "v1" && version !== "v2") {
    throw new InvalidArgumentError("version", 'expected "v1" or "v2"');
  }
  const clockToleranceSec = optionalSeconds(
    options.clockToleranceSec,
    "clockToleranceSec",
    DEFAULT_CLOCK_TOLERANCE_SEC,
  );
  const maxTokenAgeSec = optionalSeconds(options.maxTokenAgeSec, "maxTokenAgeSec", DEFAULT_MAX_TOKEN_AGE_SEC);
  const now = optionalFunction<Now>(options.now, "now") ?? Date.now;

  const keySource = createKeySource(version, options);

  const verifyOnce = async (token: string): Promise<VerifiedAccessToken> => {
    // Decode first: malformed tokens and foreign algorithms are refused before any key is fetched.
    const { header, claims } = decodeAppJwt(token);
    if (header.alg !== PINNED_ALGORITHM) {
      throw new JwtSignatureError(`the token is not signed with ${PINNED_ALGORITHM}`);
    }
    for (const name of ["exp", "iat", "nbf"] as const) {
      const seconds = claims[name];
      // Beyond what a Date can hold (e.g. 1e306): no time lpkit could act on.
      if (typeof seconds === "number" && !(Math.abs(seconds * 1000) <= 8.64e15)) {
        throw new JwtClaimError(name, `the token's "${name}" is not a usable time`);
      }
    }
    const verifyOptions = {
      algorithms: [PINNED_ALGORITHM],
      issuer: SENTINEL_ISSUER,
      audience: accountId,
      requiredClaims: ["exp", "iat"],
      clockTolerance: clockToleranceSec,
      maxTokenAge: maxTokenAgeSec,
      currentDate: new Date(now()),
    };
    const keys = await keySource();
    try {
      if (typeof keys === "function") {
        const result = await jwtVerify(token, keys, verifyOptions);
        return shape(version, result.protectedHeader, result.payload);
      }
      let lastError: unknown;
      for (const key of keys) {
        try {
          const result = await jwtVerify(token, key, verifyOptions);
          return shape(version, result.protectedHeader, result.payload);
        } catch (error) {
          lastError = error;
          if ((error as { code?: unknown })?.code !== "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") {
            throw error;
          }
        }
      }
      throw lastError;
    } catch (error) {
      throw toVerifyError(error, accountId, maxTokenAgeSec);
    }
  };

  return {
    async verify(jwt, callOptions) {
      const signal = callSignal(callOptions);
      const token = stripBearer(jwt);
      return waitFor(verifyOnce(token), signal, "the token verification");
    },
  };
}

function shape(version: "v1" | "v2", header: unknown, payload: unknown): VerifiedAccessToken {
  return {
    version,
    header: header as AppJwtHeader,
    claims: payload as VerifiedAccessToken["claims"],
  };
}

/**
 * Verifies one Sentinel access token. For many tokens, create a verifier (or pass a shared
 * `jwks`) so keys are not fetched each time.
 *
 * @example
 * ```ts
 * import { verifyAccessToken } from "@lpkit/auth/verify";
 *
 * // v2: against the JWKS of the account's Sentinel host
 * const { claims } = await verifyAccessToken(jwt, { accountId: "12345678", sentinel: "va.sentinel.liveperson.net" });
 * // v1: against the published static key
 * await verifyAccessToken(v1jwt, { accountId: "12345678", version: "v1" });
 * ```
 */
export function verifyAccessToken(
  jwt: string,
  options: VerifyOptions & { signal?: AbortSignal | undefined },
): Promise<VerifiedAccessToken> {
  try {
    const verifier = createAccessTokenVerifier(options);
    return verifier.verify(jwt, { signal: options.signal });
  } catch (error) {
    return Promise.reject(error);
  }
}

export { DEFAULT_CLOCK_TOLERANCE_SEC, DEFAULT_MAX_TOKEN_AGE_SEC, PINNED_ALGORITHM, SENTINEL_ISSUER };
