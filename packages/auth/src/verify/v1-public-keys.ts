/**
 * Sentinel's static v1 signing key (token verification). API v1 signs every token with one static key;
 * LivePerson publishes its public half ("OAuth 2.0 Client Credentials", seed
 * `000_362b0d3dde645844.txt`). Keys differ per zone (alpha, QA, production); this one is the key
 * from that document. Other zones' keys are passed as `v1Keys`.
 *
 * @module
 */

/**
 * The published v1 public key as base64 DER SubjectPublicKeyInfo (RSA 2048), as LivePerson prints it.
 *
 * @example
 * ```ts
 * verifyAccessToken(jwt, { accountId, version: "v1", v1Keys: [SENTINEL_V1_PUBLIC_KEY_BASE64, alphaZoneKey] });
 * ```
 */
export const SENTINEL_V1_PUBLIC_KEY_BASE64 =
  "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAvGQctwBFFZBaSu+LC4LVk/4/XyVQmhcwM5a91lT7BwZug/GtpR+ZGpKkiZSgTehRdBJKSPjv5K6D8/cBm28OV11Mekjn1PJrveSXrRsfUbOqIHgpfVtnkxN3ZaV6GSWQrrZArkpbAm+Kf5o5jxFPhCadB8BdRGCbMI3rFEkYSFqnmptI3olIAtAjmtbLJnwYZyXl2WZXMBmORLXnV9aTMGp4uFZdX+QbK808q55zxSB5HM3N9B8NLUP1TELc6N2dhWk2RwR/C9WvQYH/UAnxqVEwrAXt+rb+YWuu92Dj4NLAmpEYbRQi+S+5Y6t5g6kX/QMQ/ycdFOW/WA3JoptUSQIDAQAB";

/**
 * Wraps a base64 SubjectPublicKeyInfo in PEM armour (`-----BEGIN PUBLIC KEY-----`, 64-character
 * lines). A string that already is PEM is returned unchanged.
 *
 * @example
 * ```ts
 * toSpkiPem(SENTINEL_V1_PUBLIC_KEY_BASE64).startsWith("-----BEGIN PUBLIC KEY-----\nMIIBIjAN"); // true
 * ```
 */
export function toSpkiPem(key: string): string {
  const trimmed = key.trim();
  if (trimmed.startsWith("-----BEGIN PUBLIC KEY-----")) {
    return trimmed;
  }
  const body = trimmed.replace(/\s+/g, "");
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join("\n")}\n-----END PUBLIC KEY-----`;
}

/**
 * The published v1 key as PEM, ready for `importSPKI`.
 *
 * @example
 * ```ts
 * const key = await importSPKI(SENTINEL_V1_PUBLIC_KEY_PEM, "RS256");
 * ```
 */
export const SENTINEL_V1_PUBLIC_KEY_PEM = toSpkiPem(SENTINEL_V1_PUBLIC_KEY_BASE64);
