/**
 * Turning the bytes of an answer into the text lpkit reads: undone `Content-Encoding` (as `fetch`
 * undoes it), bounded, then UTF-8 with a leading byte-order mark dropped (as `Response#text()` does).
 *
 * @module
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";

type Decoder = (input: Buffer, maxOutputLength: number) => Buffer;

const DECODERS: Readonly<Record<string, Decoder>> = {
  gzip: (input, maxOutputLength) => gunzipSync(input, { maxOutputLength }),
  "x-gzip": (input, maxOutputLength) => gunzipSync(input, { maxOutputLength }),
  // "deflate" is zlib-wrapped by the standard, raw in some servers: fetch accepts both.
  deflate: (input, maxOutputLength) =>
    (input[0] ?? 0) % 16 === 8
      ? inflateSync(input, { maxOutputLength })
      : inflateRawSync(input, { maxOutputLength }),
  br: (input, maxOutputLength) => brotliDecompressSync(input, { maxOutputLength }),
};

/**
 * The decoders for a `Content-Encoding` value, in the order to apply them; an empty list when the
 * value is absent, `identity`, or names a coding this transport does not know (then, as with
 * `fetch`, the body is passed on as it came).
 *
 * @example
 * ```ts
 * decodersFor("gzip"); // [gunzip]
 * decodersFor("zstd"); // []
 * ```
 */
export function decodersFor(contentEncoding: string | undefined): Decoder[] {
  if (contentEncoding === undefined) {
    return [];
  }
  const codings = contentEncoding.split(",");
  const decoders: Decoder[] = [];
  for (let i = codings.length - 1; i >= 0; i--) {
    const coding = (codings[i] as string).trim().toLowerCase();
    if (coding === "" || coding === "identity") {
      continue;
    }
    const decoder = DECODERS[coding];
    if (decoder === undefined) {
      return [];
    }
    decoders.push(decoder);
  }
  return decoders;
}

function utf8(bytes: Buffer): string {
  // EF BB BF: the byte-order mark `Response#text()` drops.
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString("utf8", start);
}

/**
 * The body text of `chunks` (`size` bytes in all), or `undefined` when decoding it yields more
 * than `maxBytes`. A body that does not decode is an error (the answer is broken).
 *
 * @example
 * ```ts
 * bodyText([Buffer.from("{}")], 2, [], 1024); // "{}"
 * ```
 */
export function bodyText(
  chunks: readonly Buffer[],
  size: number,
  decoders: readonly Decoder[],
  maxBytes: number,
): string | undefined {
  if (size === 0) {
    return "";
  }
  let bytes = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks as Buffer[], size);
  for (const decode of decoders) {
    try {
      bytes = decode(bytes, maxBytes);
    } catch (error) {
      if ((error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") {
        return undefined;
      }
      throw error;
    }
  }
  return utf8(bytes);
}
