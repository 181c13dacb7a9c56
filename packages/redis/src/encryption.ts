/**
 * Optional encryption of stored values: AES-GCM through WebCrypto, a random 96-bit IV per write,
 * a key id in every entry so keys can rotate. The authenticated data binds the ciphertext to its
 * Redis key, its tag and its expiry, so an entry copied under another key, or given a longer
 * expiry, fails to decrypt (and is then deleted as poisoned).
 *
 * Rotation: first deploy `keys: [old, new]` everywhere (writes with `old`, reads both), then
 * `[new, old]`, then `[new]`. An entry under a key id a store does not know is unreadable to it.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";

/**
 * A WebCrypto key, described structurally so these types need no DOM library (a `CryptoKey` from
 * `crypto.subtle` fits).
 *
 * @example
 * ```ts
 * const key: CryptoKeyLike = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
 * ```
 */
export interface CryptoKeyLike {
  readonly algorithm: { readonly name: string };
  readonly usages: readonly string[];
  readonly type: string;
  readonly extractable: boolean;
}

/**
 * One encryption key.
 *
 * @example
 * ```ts
 * const key: EncryptionKey = { id: "2025-06", key: Buffer.from(process.env.LPKIT_REDIS_KEY!, "base64") };
 * ```
 */
export interface EncryptionKey {
  /** Short id stored with each entry: letters, digits, `_`, `-`; at most 32. */
  readonly id: string;
  /** 16, 24 or 32 random bytes (AES-128/192/256), or an AES-GCM `CryptoKey`. */
  readonly key: Uint8Array | CryptoKeyLike;
}

/**
 * Encryption settings: the first key encrypts, every key decrypts.
 *
 * @example
 * ```ts
 * const encryption: EncryptionOptions = { keys: [{ id: "k2", key: newKey }, { id: "k1", key: oldKey }] };
 * ```
 */
export interface EncryptionOptions {
  readonly keys: readonly EncryptionKey[];
}

/** How a store turns plain text into an entry body and back. */
export interface BodyCodec {
  /** The body prefixes this codec can read (`p.` or `e.<id>.` per key). */
  readonly readable: readonly string[];
  seal(plain: string, aad: string): Promise<string>;
  /** The plain text, or `undefined` when the body is unreadable (unknown key, tampered, garbage). */
  open(body: string, aad: string): Promise<string | undefined>;
}

/** Bodies stored in the clear: `p.<text>`. */
export const PLAIN_CODEC: BodyCodec = {
  readable: ["p."],
  seal: async (plain) => `p.${plain}`,
  open: async (body) => (body.startsWith("p.") ? body.slice(2) : undefined),
};

/** Base64url without padding. */
export function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) {
    return undefined;
  }
  let binary: string;
  try {
    binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return undefined;
  }
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    out[i] = binary.charCodeAt(i);
  }
  return out;
}

function isCryptoKey(value: unknown): value is CryptoKeyLike {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as CryptoKeyLike).algorithm === "object" &&
    Array.isArray((value as CryptoKeyLike).usages)
  );
}

function checkKey(entry: EncryptionKey, index: number): { id: string; key: Promise<CryptoKey> } {
  const name = `encryption.keys[${index}]`;
  if (entry === null || typeof entry !== "object") {
    throw new InvalidArgumentError(name, "expected { id, key }");
  }
  if (typeof entry.id !== "string" || !/^[A-Za-z0-9_-]{1,32}$/.test(entry.id)) {
    throw new InvalidArgumentError(`${name}.id`, "expected 1–32 letters, digits, '_' or '-'");
  }
  const { key } = entry;
  if (isCryptoKey(key)) {
    const usages = key.usages;
    if (key.algorithm.name !== "AES-GCM" || !usages.includes("encrypt") || !usages.includes("decrypt")) {
      throw new InvalidArgumentError(
        `${name}.key`,
        "expected an AES-GCM CryptoKey usable to encrypt and decrypt",
      );
    }
    return { id: entry.id, key: Promise.resolve(key as unknown as CryptoKey) };
  }
  if (!(key instanceof Uint8Array) || ![16, 24, 32].includes(key.byteLength)) {
    // Only the length is described, never the bytes.
    throw new InvalidArgumentError(
      `${name}.key`,
      "expected 16, 24 or 32 bytes (a Uint8Array) or a CryptoKey",
    );
  }
  const bytes = new Uint8Array(key); // a private copy: later changes to the caller's array do not matter
  const imported = crypto.subtle.importKey("raw", bytes, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
  imported.catch(() => {}); // reported on first use
  return { id: entry.id, key: imported };
}

/**
 * Builds the codec for `options` (`undefined` → {@link PLAIN_CODEC}).
 *
 * @example
 * ```ts
 * const codec = createBodyCodec({ keys: [{ id: "k1", key: crypto.getRandomValues(new Uint8Array(32)) }] });
 * const body = await codec.seal("secret", "lpkit:token:1:…|t1.1700000000000");
 * ```
 */
export function createBodyCodec(options: EncryptionOptions | undefined): BodyCodec {
  if (options === undefined) {
    return PLAIN_CODEC;
  }
  if (
    options === null ||
    typeof options !== "object" ||
    !Array.isArray(options.keys) ||
    options.keys.length === 0
  ) {
    throw new InvalidArgumentError("encryption", "expected { keys: [{ id, key }, …] } with at least one key");
  }
  const keys = options.keys.map(checkKey);
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  if (byId.size !== keys.length) {
    throw new InvalidArgumentError("encryption.keys", "expected distinct key ids");
  }
  const writer = keys[0]!;
  const additional = (aad: string, id: string) => new TextEncoder().encode(`${aad}|${id}`);
  return {
    readable: keys.map((k) => `e.${k.id}.`),
    async seal(plain, aad) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt(
        { name: "AES-GCM", iv, additionalData: additional(aad, writer.id) },
        await writer.key,
        new TextEncoder().encode(plain),
      );
      return `e.${writer.id}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
    },
    async open(body, aad) {
      const [marker, id, ivText, sealedText, ...rest] = body.split(".");
      const key = id === undefined ? undefined : byId.get(id);
      const iv = ivText === undefined ? undefined : fromBase64Url(ivText);
      const sealed = sealedText === undefined ? undefined : fromBase64Url(sealedText);
      if (marker !== "e" || !key || !iv || iv.byteLength !== 12 || !sealed || rest.length > 0) {
        return undefined;
      }
      try {
        const plain = await crypto.subtle.decrypt(
          { name: "AES-GCM", iv, additionalData: additional(aad, id!) },
          await key,
          sealed,
        );
        return new TextDecoder("utf-8", { fatal: true }).decode(plain);
      } catch {
        return undefined; // wrong key, tampered, or not ours
      }
    },
  };
}
