/**
 * LivePerson's webhook signature with web-standard crypto only (`crypto.subtle`, `atob`/`btoa`), so
 * it runs on Node, Bun, Deno and Workers: `x-liveperson-signature` is `sha1=` (or `sha256=`) plus
 * the Base64 (or, by configuration, hexadecimal) HMAC of the **raw body bytes**, keyed with the
 * client secret's UTF-8 bytes. Verification compares in constant time and tries every configured
 * secret (rotation).
 *
 * @module
 */
import { InvalidArgumentError, WebhookSignatureError } from "@lpkit/core";
import { hmacKey } from "./key-cache.js";

/** The HMAC hash, as the header's prefix names it. */
export type SignatureAlgorithm = "sha1" | "sha256";
/** How the digest is written after the prefix; a setting of the app, not something to guess. */
export type SignatureEncoding = "base64" | "hex";

const HASH = { sha1: "SHA-1", sha256: "SHA-256" } as const;
const DIGEST_BYTES = { sha1: 20, sha256: 32 } as const;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const HEX = /^[0-9a-fA-F]+$/;
const encoder = new TextEncoder();

function asBytes(body: string | Uint8Array): Uint8Array {
  return typeof body === "string" ? encoder.encode(body) : body;
}

function encode(digest: Uint8Array, encoding: SignatureEncoding): string {
  if (encoding === "hex") {
    return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  }
  return btoa(String.fromCharCode(...digest));
}

function decode(text: string, encoding: SignatureEncoding, bytes: number): Uint8Array | undefined {
  if (encoding === "hex") {
    if (text.length !== bytes * 2 || !HEX.test(text)) {
      return undefined;
    }
    return Uint8Array.from({ length: bytes }, (_, i) => Number.parseInt(text.slice(i * 2, i * 2 + 2), 16));
  }
  if (text.length !== Math.ceil(bytes / 3) * 4 || !BASE64.test(text)) {
    return undefined;
  }
  const binary = atob(text);
  return binary.length === bytes ? Uint8Array.from(binary, (c) => c.charCodeAt(0)) : undefined;
}

/** Compares two byte strings of equal length without an early exit. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) {
    return false;
  }
  let difference = 0;
  for (let i = 0; i < a.length; i++) {
    difference |= (a[i] as number) ^ (b[i] as number);
  }
  return difference === 0;
}

async function hmac(key: CryptoKey, body: Uint8Array): Promise<Uint8Array> {
  // A SharedArrayBuffer-backed view is fine for WebCrypto at run time; only the lib types object.
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, body as Uint8Array<ArrayBuffer>));
}

/** Every secret's key for every algorithm, imported now (or taken from the cache); secrets not kept. */
function importAll(
  secrets: readonly string[],
  algorithms: readonly SignatureAlgorithm[],
): Map<SignatureAlgorithm, Promise<CryptoKey[]>> {
  const keys = new Map<SignatureAlgorithm, Promise<CryptoKey[]>>();
  for (const algorithm of algorithms) {
    const imported = Promise.all(secrets.map((secret) => hmacKey(secret, HASH[algorithm])));
    imported.catch(() => {}); // reported by the first verify that awaits it
    keys.set(algorithm, imported);
  }
  return keys;
}

/** Options of {@link signWebhookBody}. */
export interface SignOptions {
  /** `sha1` (LivePerson's default) or `sha256`. */
  algorithm?: SignatureAlgorithm | undefined;
  /** `base64` (the default) or `hex`. */
  encoding?: SignatureEncoding | undefined;
}

/**
 * Signs a body exactly as LivePerson does and returns the `x-liveperson-signature` value. For
 * tests, emulators and replaying deliveries.
 *
 * @example
 * ```ts
 * await signWebhookBody('{"kind":"notification","body":{"changes":[]},"type":"ms.MessagingEventNotification"}', "lpkit-emulator-secret");
 * // "sha1=kGr8d0QXnKlnsmqrTj7z7bNa0qc="
 * ```
 */
export async function signWebhookBody(
  body: string | Uint8Array,
  secret: string,
  options: SignOptions = {},
): Promise<string> {
  const algorithm = options.algorithm ?? "sha1";
  const encoding = options.encoding ?? "base64";
  if (typeof secret !== "string" || secret === "") {
    throw new InvalidArgumentError("secret", "expected the client secret (a non-empty string)");
  }
  if (!Object.hasOwn(HASH, algorithm) || (encoding !== "base64" && encoding !== "hex")) {
    throw new InvalidArgumentError("options", "algorithm is sha1 or sha256, encoding base64 or hex");
  }
  const digest = await hmac(await hmacKey(secret, HASH[algorithm]), asBytes(body));
  return `${algorithm}=${encode(digest, encoding)}`;
}

/** Options of {@link createSignatureVerifier}. */
export interface SignatureVerifierOptions {
  /** The client secret(s); during a rotation, both the old and the new one. */
  secrets: readonly string[];
  /** Accepted algorithms; both by default. */
  algorithms?: readonly SignatureAlgorithm[] | undefined;
  /** The digest encoding the app is configured for; `base64` by default. */
  encoding?: SignatureEncoding | undefined;
}

/** Checks signatures against a fixed set of secrets; keys are imported once, at creation. */
export interface SignatureVerifier {
  /** Resolves when `signature` signs `body` with one of the secrets; rejects with `WebhookSignatureError`. */
  verify(body: Uint8Array, signature: string): Promise<void>;
}

/**
 * A verifier for `x-liveperson-signature` values. The secrets are imported at once as
 * non-extractable keys (shared with other verifiers and signers of the same secret) and not kept
 * otherwise; nothing about them appears in an error. A delivery costs one `crypto.subtle.sign` per
 * secret and a constant-time comparison (ours, the same on every runtime); every secret is tried,
 * without an early exit.
 *
 * @example
 * ```ts
 * const verifier = createSignatureVerifier({ secrets: [process.env.LP_CLIENT_SECRET ?? ""] });
 * await verifier.verify(rawBodyBytes, request.headers.get("x-liveperson-signature") ?? "");
 * ```
 */
export function createSignatureVerifier(options: SignatureVerifierOptions): SignatureVerifier {
  const secrets = options?.secrets;
  if (
    !Array.isArray(secrets) ||
    secrets.length === 0 ||
    secrets.some((s) => typeof s !== "string" || s === "")
  ) {
    throw new InvalidArgumentError("clientSecrets", "expected one or more non-empty client secrets");
  }
  const algorithms = [...(options.algorithms ?? ["sha1", "sha256"])];
  if (algorithms.length === 0 || algorithms.some((a) => typeof a !== "string" || !Object.hasOwn(HASH, a))) {
    throw new InvalidArgumentError("algorithms", "expected sha1 and/or sha256");
  }
  const encoding = options.encoding ?? "base64";
  if (encoding !== "base64" && encoding !== "hex") {
    throw new InvalidArgumentError("encoding", "expected base64 or hex");
  }
  const keys = importAll(secrets, algorithms);
  return {
    async verify(body, signature) {
      if (typeof signature !== "string") {
        throw new WebhookSignatureError("algorithm", "no signature");
      }
      const separator = signature.indexOf("=");
      const algorithm = signature.slice(0, Math.max(separator, 0)) as SignatureAlgorithm;
      if (separator < 0 || !algorithms.includes(algorithm)) {
        throw new WebhookSignatureError(
          "algorithm",
          `the signature's algorithm is not one of ${algorithms.join(", ")}`,
        );
      }
      const claimed = decode(signature.slice(separator + 1), encoding, DIGEST_BYTES[algorithm]);
      if (claimed === undefined) {
        throw new WebhookSignatureError(
          "encoding",
          `the signature is not a ${algorithm} digest in ${encoding}`,
        );
      }
      let matched = false;
      for (const key of await (keys.get(algorithm) as Promise<CryptoKey[]>)) {
        matched = timingSafeEqual(await hmac(key, body), claimed) || matched;
      }
      if (!matched) {
        throw new WebhookSignatureError("mismatch", "the signature does not match the body");
      }
    },
  };
}
