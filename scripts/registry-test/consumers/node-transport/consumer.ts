// Consumer of @lpkit/node-transport, type-checked (never run) under nodenext and bundler resolution.
import { type NodeTransport, type NodeTransportOptions, nodeTransport } from "@lpkit/node-transport";

const options: NodeTransportOptions = { connections: 8, keepAliveTimeoutMs: 10_000, maxCachedSessions: 0 };
const transport: NodeTransport = nodeTransport(options);

export async function status(url: string): Promise<number> {
  const response = await transport.send({
    method: "GET",
    url,
    headers: { accept: "application/json" },
    signal: AbortSignal.timeout(5_000),
    maxBodyBytes: 1 << 20,
  });
  const body: string | undefined = response.body;
  return body === undefined ? -1 : response.status;
}

export const shutdown: () => Promise<void> = () => transport.close();

// @ts-expect-error connections is a number
nodeTransport({ connections: "8" });
