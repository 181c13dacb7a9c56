/**
 * Test helpers: output streams that collect what is written, and a loopback port nobody listens on.
 *
 * @module
 */
import { createServer } from "node:net";
import type { OutputStream } from "../output/terminal.js";

/**
 * A stream that keeps everything written to it.
 *
 * @example
 * ```ts
 * const out: CollectedStream = collect(true);
 * ```
 */
export interface CollectedStream extends OutputStream {
  readonly text: () => string;
}

/**
 * Creates a collecting stream.
 *
 * @example
 * ```ts
 * const out = collect();
 * out.write("hi");
 * out.text(); // "hi"
 * ```
 */
export function collect(isTTY = false): CollectedStream {
  let text = "";
  return {
    isTTY,
    columns: 100,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    text: () => text,
  };
}

/**
 * A loopback port that was free a moment ago and is closed now: connecting to it is refused.
 *
 * @example
 * ```ts
 * const port = await closedPort();
 * ```
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
