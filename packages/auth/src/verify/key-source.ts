/**
 * The key source of a verifier: Sentinel's JWKS for v2 tokens, the static published key (or the
 * configured ones) for v1 tokens — imported once, and again after a failed import.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { optionalImplementation } from "@lpkit/core/internal";
import { type CryptoKey, importJWK, importSPKI, type JWTVerifyGetKey } from "jose";
import { PINNED_ALGORITHM } from "./constants.js";
import { createSentinelJwks, type SentinelJwks } from "./sentinel-jwks.js";
import { SENTINEL_V1_PUBLIC_KEY_PEM, toSpkiPem } from "./v1-public-keys.js";
import type { V1Key, VerifyOptions } from "./verify.js";

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

/** Where the keys come from: v2 → the JWKS (shared or made here), v1 → the static keys, imported once. */
export function createKeySource(
  version: "v1" | "v2",
  options: VerifyOptions,
): () => Promise<JWTVerifyGetKey | CryptoKey[]> {
  if (version === "v2") {
    let jwks: SentinelJwks;
    const given = optionalImplementation<SentinelJwks>(
      options.jwks,
      "jwks",
      ["getKey"],
      "a key source from createSentinelJwks",
    );
    if (given !== undefined) {
      jwks = given;
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
    return async () => getKey;
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
    return () => {
      imported ??= Promise.all(raw.map((key, index) => importV1Key(key, index)));
      // A bad key is a configuration error every time, not only the first.
      imported.catch(() => {
        imported = undefined;
      });
      return imported;
    };
  }
}
