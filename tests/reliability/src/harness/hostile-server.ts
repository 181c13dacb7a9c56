/**
 * A loopback HTTP server that answers the way no well-behaved API does: bodies that never end,
 * bodies far larger than any real answer, answers that trickle in forever, deeply nested JSON.
 * It counts what it managed to send, so tests can prove that a client stopped reading.
 *
 * @module
 */
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * What the server answers to every request:
 * - `endless`: 200 JSON, no `Content-Length`, 64 KiB chunks for as long as the client reads;
 * - `declared-huge`: 200 with `Content-Length: 1 GiB`, a first chunk, then nothing;
 * - `trickle`: 200 JSON headers, then one byte every 25 ms, never finishing;
 * - `silent`: never answers at all;
 * - `nested`: 200 (or `status`) with `depth` nested arrays — small, valid, absurdly deep JSON.
 */
export type HostileMode =
  | { kind: "endless" }
  | { kind: "declared-huge" }
  | { kind: "trickle" }
  | { kind: "silent" }
  | { kind: "nested"; depth: number; status?: number; wrap?: (nested: string) => string };

/** A running hostile server. */
export interface HostileServer {
  /** `http://127.0.0.1:<port>` (loopback, so lpkit allows plain http). */
  readonly url: string;
  /** Sets what the next requests get. */
  answer(mode: HostileMode): void;
  /** Bytes written to clients since the last `answer`. */
  readonly bytesSent: number;
  /** Requests received since the last `answer`. */
  readonly requests: number;
  /** Responses whose connection the client closed before they ended, since the last `answer`. */
  readonly abandoned: number;
  close(): Promise<void>;
}

const CHUNK = Buffer.alloc(64 * 1024, 0x20);

function endless(res: ServerResponse, count: (n: number) => void): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.write("[");
  count(1);
  const pump = () => {
    while (!res.destroyed) {
      count(CHUNK.length);
      if (!res.write(CHUNK)) {
        res.once("drain", pump);
        return;
      }
    }
  };
  pump();
}

/**
 * Starts a hostile server on a free loopback port.
 *
 * @example
 * ```ts
 * const server = await startHostileServer();
 * server.answer({ kind: "endless" });
 * await createDomainClient({ baseUrl: server.url }).listServices("1"); // UnexpectedResponseError
 * ```
 */
export async function startHostileServer(): Promise<HostileServer> {
  let mode: HostileMode = { kind: "silent" };
  let bytesSent = 0;
  let requests = 0;
  let abandoned = 0;
  const timers = new Set<NodeJS.Timeout>();
  const count = (n: number) => {
    bytesSent += n;
  };
  const server: Server = createServer((req, res) => {
    requests += 1;
    req.resume();
    res.on("close", () => {
      if (!res.writableEnded) {
        abandoned += 1;
      }
    });
    switch (mode.kind) {
      case "endless":
        endless(res, count);
        return;
      case "declared-huge":
        res.writeHead(200, { "content-type": "application/json", "content-length": String(1024 ** 3) });
        res.write(CHUNK);
        count(CHUNK.length);
        return;
      case "trickle": {
        res.writeHead(200, { "content-type": "application/json" });
        const timer = setInterval(() => {
          if (res.destroyed) {
            clearInterval(timer);
            timers.delete(timer);
            return;
          }
          res.write(" ");
          count(1);
        }, 25);
        timers.add(timer);
        return;
      }
      case "silent":
        return;
      case "nested": {
        const nested = `${"[".repeat(mode.depth)}${"]".repeat(mode.depth)}`;
        const body = mode.wrap ? mode.wrap(nested) : nested;
        res.writeHead(mode.status ?? 200, { "content-type": "application/json" });
        res.end(body);
        count(Buffer.byteLength(body));
        return;
      }
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    answer(next) {
      mode = next;
      bytesSent = 0;
      requests = 0;
      abandoned = 0;
    },
    get bytesSent() {
      return bytesSent;
    },
    get requests() {
      return requests;
    },
    get abandoned() {
      return abandoned;
    },
    close() {
      for (const timer of timers) {
        clearInterval(timer);
      }
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
