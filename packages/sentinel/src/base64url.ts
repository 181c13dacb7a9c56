/**
 * Base64url decoding with web-standard APIs only (`atob`, `TextDecoder`), so the package runs in
 * Node, Deno, browsers and Workers alike.
 *
 * @module
 */

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/**
 * Decodes unpadded base64url (RFC 4648 §5) into bytes; `undefined` when `text` is not base64url.
 *
 * @example
 * ```ts
 * decodeBase64Url("eyJhIjoxfQ"); // Uint8Array of '{"a":1}'
 * decodeBase64Url("not base64!"); // undefined
 * ```
 */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (!BASE64URL.test(text) || text.length % 4 === 1) {
    return undefined;
  }
  const base64 = text
    .replace(/-/g, "+")
    .replace(/_/g, "/")
    .padEnd(Math.ceil(text.length / 4) * 4, "=");
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return undefined;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/**
 * Decodes base64url into UTF-8 text; `undefined` when it is not base64url or not valid UTF-8.
 *
 * @example
 * ```ts
 * decodeBase64UrlText("eyJhIjoxfQ"); // '{"a":1}'
 * ```
 */
export function decodeBase64UrlText(text: string): string | undefined {
  const bytes = decodeBase64Url(text);
  if (bytes === undefined) {
    return undefined;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
