/**
 * Reading a delivery's body within a byte bound and a time limit, from a web `ReadableStream`:
 * the declared `Content-Length` is checked first, the stream is cancelled as soon as it goes over,
 * and a stream that breaks off is a clear error, not a hang.
 *
 * @module
 */
import { WebhookBodyError, WebhookBodyTooLargeError } from "@lpkit/core";

/** Joins chunks into one buffer. */
export function concat(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) {
    return chunks[0] as Uint8Array;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/** A declared `Content-Length` above `max`, as a refusal; `undefined` when it fits or is absent. */
export function declaredTooLarge(
  contentLength: string | null | undefined,
  max: number,
): WebhookBodyTooLargeError | undefined {
  if (contentLength === null || contentLength === undefined || !/^\d+$/.test(contentLength.trim())) {
    return undefined;
  }
  return Number(contentLength) > max ? new WebhookBodyTooLargeError(max) : undefined;
}

/**
 * Reads `stream` completely, refusing more than `maxBytes` (`WebhookBodyTooLargeError`), a stream
 * that errors (`WebhookBodyError` "incomplete") and one slower than `timeoutMs` ("timeout").
 *
 * @example
 * ```ts
 * const bytes = await readBody(request.body, 1024 * 1024, 10_000);
 * ```
 */
export async function readBody(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  if (stream === null) {
    return new Uint8Array(0);
  }
  const reader = stream.getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new WebhookBodyError("timeout", `the body did not arrive within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  timeout.catch(() => {});
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await Promise.race([reader.read(), timeout]);
      } catch (error) {
        if (error instanceof WebhookBodyError) {
          throw error;
        }
        throw new WebhookBodyError("incomplete", "the body broke off before its end");
      }
      if (step.done) {
        return concat(chunks, total);
      }
      total += step.value.byteLength;
      if (total > maxBytes) {
        throw new WebhookBodyTooLargeError(maxBytes);
      }
      chunks.push(step.value);
    }
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
    try {
      reader.releaseLock();
    } catch {
      // A read still pending after a cancel: the lock goes with the stream.
    }
  }
}
