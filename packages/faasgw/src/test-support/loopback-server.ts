/**
 * Test helper: real HTTP servers on 127.0.0.1 (port 0) that record what arrives, stopped by
 * {@link closeServers} after each test.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server saw it. */
export interface SeenRequest {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingMessage["headers"];
  body: string;
}

const servers: Server[] = [];

/**
 * Starts a server that reads each request's body, records it and hands it to `handler`.
 *
 * @example
 * ```ts
 * const { baseUrl, seen } = await serve((_seen, res) => res.writeHead(200).end("{}"));
 * ```
 */
export async function serve(
  handler: (seen: SeenRequest, res: ServerResponse, req: IncomingMessage) => void,
): Promise<{ baseUrl: string; seen: SeenRequest[] }> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", () => {
      const entry = { method: req.method, url: req.url, headers: req.headers, body };
      seen.push(entry);
      handler(entry, res, req);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${port}`, seen };
}

/**
 * Stops every server started by {@link serve}, dropping open connections.
 *
 * @example
 * ```ts
 * afterEach(closeServers);
 * ```
 */
export async function closeServers(): Promise<void> {
  await Promise.all(
    servers.splice(0).map(
      (server) =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    ),
  );
}
