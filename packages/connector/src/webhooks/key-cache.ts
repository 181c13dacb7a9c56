/**
 * A process-wide cache of imported HMAC keys, so a delivery costs one `crypto.subtle` call, not an
 * `importKey` and a `sign`. Entries are non-extractable `CryptoKey`s, found by a **fingerprint** of
 * the secret (WebCrypto's SHA-256 of `algorithm`, a separator and the secret's UTF-8 bytes): the
 * cache never holds a secret, and nothing in it can be turned back into one. Bounded (least recently used out), module-private — no object a caller
 * can print refers to it.
 *
 * @module
 */

/** The hashes the cache imports keys for, as WebCrypto names them. */
export type HmacHash = "SHA-1" | "SHA-256";

/** Most keys kept; a process rarely has more than a few secrets (one per installation, two in a rotation). */
export const MAX_CACHED_KEYS = 64;

const encoder = new TextEncoder();

function hex(digest: ArrayBuffer): string {
  let text = "";
  for (const byte of new Uint8Array(digest)) {
    text += byte.toString(16).padStart(2, "0");
  }
  return text;
}
const cache = new Map<string, Promise<CryptoKey>>();
let imports = 0;

/**
 * The HMAC key of `secret` for `hash` (usages `sign` and `verify`), imported on first use and
 * then taken from the cache. A failed import is not kept.
 *
 * @example
 * ```ts
 * const key = await hmacKey(secret, "SHA-1");
 * await crypto.subtle.sign("HMAC", key, body);
 * ```
 */
export async function hmacKey(secret: string, hash: HmacHash): Promise<CryptoKey> {
  const secretBytes = encoder.encode(secret);
  const label = encoder.encode(`${hash}\u0000`);
  const input = new Uint8Array(label.length + secretBytes.length);
  input.set(label);
  input.set(secretBytes, label.length);
  let fingerprint: string;
  try {
    fingerprint = hex(await crypto.subtle.digest("SHA-256", input));
  } finally {
    input.fill(0);
  }
  // From here on synchronous: of two lookups of one new secret, the first imports, the second finds it.
  const found = cache.get(fingerprint);
  if (found !== undefined) {
    cache.delete(fingerprint); // most recently used goes last
    cache.set(fingerprint, found);
    secretBytes.fill(0);
    return found;
  }
  imports += 1;
  const imported = crypto.subtle.importKey("raw", secretBytes, { name: "HMAC", hash }, false, [
    "sign",
    "verify",
  ]);
  cache.set(fingerprint, imported);
  imported.then(
    () => secretBytes.fill(0),
    () => {
      secretBytes.fill(0);
      if (cache.get(fingerprint) === imported) {
        cache.delete(fingerprint);
      }
    },
  );
  for (const oldest of cache.keys()) {
    if (cache.size <= MAX_CACHED_KEYS) {
      break;
    }
    cache.delete(oldest);
  }
  return imported;
}

/** How many keys were imported (not found in the cache) since the process started; for tests. */
export function keyImports(): number {
  return imports;
}
