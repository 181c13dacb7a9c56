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
  JwtExpiredError,
  JwtMalformedError,
  JwtSignatureError,
  LpkitError,
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
import { type CryptoKey, importJWK, importSPKI, type JWK, type JWTVerifyGetKey, jwtVerify } from "jose";
import { waitFor } from "../single-flight.js";
import { createSentinelJwks, type SentinelJwks } from "./sentinel-jwks.js";
import { SENTINEL_V1_PUBLIC_KEY_PEM, toSpkiPem } from "./v1-public-keys.js";

/**
 * The only algorithm Sentinel tokens are accepted with.
 *
 * @example
 * ```ts
 * decodeAccessToken(jwt).header.alg === PINNED_ALGORITHM; // "RS256"
 * ```
 */
export const PINNED_ALGORITHM = "RS256";
/**
 * The issuer of every Sentinel token.
 *
 * @example
 * ```ts
 * decodeAccessToken(jwt).claims.iss === SENTINEL_ISSUER; // "Sentinel"
 * ```
 */
export const SENTINEL_ISSUER = "Sentinel";
/**
 * Default clock tolerance for `exp`, `iat` and `nbf`, in seconds.
 *
 * @example
 * ```ts
 * createAccessTokenVerifier({ accountId, sentinel, clockToleranceSec: DEFAULT_CLOCK_TOLERANCE_SEC * 2 });
 * ```
 */
export const DEFAULT_CLOCK_TOLERANCE_SEC = 30;
/**
 * Default maximum token age (now − `iat`), in seconds: one day.
 *
 * @example
 * ```ts
 * createAccessTokenVerifier({ accountId, sentinel, maxTokenAgeSec: DEFAULT_MAX_TOKEN_AGE_SEC / 24 }); // one hour
 * ```
 */
export const DEFAULT_MAX_TOKEN_AGE_SEC = 86_400;

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

/** Maps what jose throws to lpkit's typed errors; never copies jose's `payload` or the token. */
function toVerifyError(error: unknown, accountId: string, maxTokenAgeSec: number): LpkitError {
  if (error instanceof LpkitError) {
    return error;
  }
  const e = (error ?? {}) as { code?: unknown; claim?: unknown; payload?: { exp?: unknown; iat?: unknown } };
  const claim = typeof e.claim === "string" ? e.claim : undefined;
  switch (e.code) {
    case "ERR_JWT_EXPIRED": {
      if (claim === "iat") {
        return new JwtClaimError("iat", `the token was issued more than ${maxTokenAgeSec} s ago`);
      }
      const exp = typeof e.payload?.exp === "number" ? e.payload.exp : 0;
      // An absurd `exp` (say -1e20) is no date at all: say so instead of throwing a RangeError.
      const at =
        Math.abs(exp * 1000) <= 8.64e15
          ? `at ${new Date(exp * 1000).toISOString()}`
          : `(exp ${exp} is no usable time)`;
      return new JwtExpiredError(`the token expired ${at}`, exp);
    }
    case "ERR_JWT_CLAIM_VALIDATION_FAILED": {
      const name = claim ?? "unknown";
      const reason = (e as { reason?: unknown }).reason;
      if (reason === "missing") {
        return new JwtClaimError(name, `the token has no "${name}" claim`);
      }
      switch (name) {
        case "iss":
          return new JwtClaimError("iss", `the token's "iss" is not "${SENTINEL_ISSUER}"`);
        case "aud":
          return new JwtClaimError("aud", `the token's "aud" is not the account ${accountId}`);
        case "iat":
          return new JwtClaimError("iat", 'the token\'s "iat" is in the future');
        case "nbf":
          return new JwtClaimError("nbf", "the token is not valid yet");
        default:
          return new JwtClaimError(name, `the token's "${name}" claim is invalid`);
      }
    }
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return new JwtSignatureError("the token's signature does not verify");
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return new JwtSignatureError(`the token is not signed with ${PINNED_ALGORITHM}`);
    default:
      return new JwtMalformedError("the token is not a well-formed signed JWT");
  }
}

async function importV1Key(key: V1Key, index: number): Promise<CryptoKey> {
  try {
    if (typeof key === "string") {
      return (await importSPKI(toSpkiPem(key), PINNED_ALGORITHM)) as CryptoKey;
    }
    return (await importJWK({ ...key, alg: PINNED_ALGORITHM }, PINNED_ALGORITHM)) as CryptoKey;
  } catch {
    throw new InvalidArgumentError(
      `v1Keys[${index}]`,
      "expected an RSA public key (PEM, base64 SPKI or JWK)",
    );
  }
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

  let keySource: () => Promise<JWTVerifyGetKey | CryptoKey[]>;
  if (version === "v2") {
    let jwks: SentinelJwks;
    if (options.jwks !== undefined) {
      if (
        options.jwks === null ||
        typeof options.jwks !== "object" ||
        typeof options.jwks.getKey !== "function"
      ) {
        throw new InvalidArgumentError("jwks", "expected a key source from createSentinelJwks");
      }
      jwks = options.jwks;
    } else {
      jwks = createSentinelJwks({
        sentinel: options.sentinel,
        jwksUrl: options.jwksUrl,
        fetch: options.fetch,
        timeoutMs: options.jwksTimeoutMs,
        allowInsecureHttp: options.allowInsecureHttp,
      });
    }
    const getKey: JWTVerifyGetKey = (header) => jwks.getKey(header);
    keySource = async () => getKey;
  } else {
    const raw = options.v1Keys ?? [SENTINEL_V1_PUBLIC_KEY_PEM];
    if (!Array.isArray(raw) || raw.length === 0) {
      throw new InvalidArgumentError("v1Keys", "expected a non-empty array of public keys");
    }
    raw.forEach((key, index) => {
      if (typeof key !== "string" && (key === null || typeof key !== "object")) {
        throw new InvalidArgumentError(`v1Keys[${index}]`, "expected a PEM/base64 string or a JWK");
      }
    });
    let imported: Promise<CryptoKey[]> | undefined;
    keySource = () => {
      imported ??= Promise.all(raw.map((key, index) => importV1Key(key, index)));
      // A bad key is a configuration error every time, not only the first.
      imported.catch(() => {
        imported = undefined;
      });
      return imported;
    };
  }

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
