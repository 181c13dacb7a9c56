/**
 * Real "connection refused" errors: a loopback port nothing listens on, and a transport wrapper that
 * sends chosen requests there (so `fetch` fails before anything was sent) and the rest to the emulator.
 *
 * @module
 */
import { createServer } from "node:net";
import type { FetchLike } from "@lpkit/core";

/**
 * A loopback port that was just free and is closed again: connecting to it is refused.
 *
 * @example
 * ```ts
 * const port = await closedPort();
 * await fetch(`http://127.0.0.1:${port}/`); // TypeError: fetch failed (cause ECONNREFUSED)
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

/** A transport wrapper that refuses the connections it is armed for. */
export interface Refuser {
  /** Wraps the real transport. */
  wrap(inner: FetchLike): FetchLike;
  /** Refuses the next `times` requests that `matches` selects. */
  arm(times: number, matches: (request: Request) => boolean): void;
  /** How many requests were refused since the last `arm`. */
  readonly refused: number;
}

/**
 * Creates a {@link Refuser}; it uses a freshly closed loopback port, so the error is the real one
 * `fetch` gives for a refused connection (`ECONNREFUSED`).
 *
 * @example
 * ```ts
 * const refuser = await createRefuser();
 * refuser.arm(1, (request) => request.url.includes("/invoke"));
 * ```
 */
export async function createRefuser(): Promise<Refuser> {
  const port = await closedPort();
  let remaining = 0;
  let refused = 0;
  let matches: (request: Request) => boolean = () => false;
  return {
    wrap(inner) {
      return async (request) => {
        if (remaining > 0 && matches(request)) {
          remaining -= 1;
          refused += 1;
          return globalThis.fetch(`http://127.0.0.1:${port}/`, { signal: request.signal });
        }
        return inner(request);
      };
    },
    arm(times, selector) {
      remaining = times;
      refused = 0;
      matches = selector;
    },
    get refused() {
      return refused;
    },
  };
}
