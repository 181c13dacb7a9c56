/**
 * `nodeTransport()`: lpkit's opt-in transport for Node, on undici's connection pools instead of
 * `fetch`. The same contract as `fetchTransport` (any status, redirects never followed, bounded
 * bodies, the signal ends the wait at once, every failure a rejection lpkit maps to its typed
 * errors), without building WHATWG `Request`s and `Response`s or streaming bodies through web
 * streams: the request goes straight to undici's dispatcher and the answer comes back as bytes.
 *
 * @module
 */
import {
  InvalidArgumentError,
  type Transport,
  type TransportRequest,
  type TransportResponse,
} from "@lpkit/core";
import { assertOptionsObject, deadlineOf, describe } from "@lpkit/core/internal";
import { Agent, type Dispatcher } from "undici";
import { DispatchHandler } from "./dispatch-handler.js";
import { splitUrl } from "./split-url.js";

/**
 * Options of {@link nodeTransport}. Every one has a default that suits lpkit's clients.
 *
 * @example
 * ```ts
 * const options: NodeTransportOptions = { connections: 16, keepAliveTimeoutMs: 10_000 };
 * ```
 */
export interface NodeTransportOptions {
  /** Connections per origin (`scheme://host:port`); more requests than this wait for a free one. Default 16. */
  connections?: number | undefined;
  /**
   * Requests in flight per connection (HTTP/1.1 pipelining). Default 1. undici pipelines only
   * idempotent requests, so this never speeds up POSTs such as invokes.
   */
  pipelining?: number | undefined;
  /** How long an idle connection is kept open when the server does not say (ms). Default 4,000. */
  keepAliveTimeoutMs?: number | undefined;
  /** Upper bound on a keep-alive time the server asks for (ms). Default 600,000. */
  keepAliveMaxTimeoutMs?: number | undefined;
  /** Time limit for opening a connection, TLS handshake included (ms). Default 10,000. */
  connectTimeoutMs?: number | undefined;
  /** TLS sessions kept per origin for resumption (faster reconnects); `0` turns resumption off. Default 100. */
  maxCachedSessions?: number | undefined;
  /** Extra CA certificates to trust (PEM), e.g. a private CA in front of LivePerson. Default: Node's. */
  ca?: string | Buffer | readonly (string | Buffer)[] | undefined;
}

/**
 * A {@link Transport} that owns connections: close it when the clients using it are done.
 *
 * @example
 * ```ts
 * const transport: NodeTransport = nodeTransport();
 * await transport.close();
 * ```
 */
export interface NodeTransport extends Transport {
  /** Lets requests in flight finish, then closes every connection; later requests fail. */
  close(): Promise<void>;
  /** Closes every connection at once; requests in flight fail. */
  destroy(): Promise<void>;
}

function count(value: unknown, name: string, fallback: number, min: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new InvalidArgumentError(
      name,
      `expected a whole number of at least ${min}, got ${describe(value)}`,
    );
  }
  return value;
}

function milliseconds(value: unknown, name: string, fallback: number): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new InvalidArgumentError(
      name,
      `expected a positive number of milliseconds, got ${describe(value)}`,
    );
  }
  return value;
}

function certificates(value: unknown): NodeTransportOptions["ca"] {
  const valid = (item: unknown) => typeof item === "string" || Buffer.isBuffer(item);
  if (value === undefined || valid(value) || (Array.isArray(value) && value.every(valid))) {
    return value as NodeTransportOptions["ca"];
  }
  throw new InvalidArgumentError(
    "ca",
    `expected PEM text, a Buffer or a list of them, got ${describe(value)}`,
  );
}

/** The undici agent for `options`: one pool per origin, timeouts left to lpkit's own deadlines. */
function createAgent(input: NodeTransportOptions): Agent {
  const options = assertOptionsObject(input);
  const ca = certificates(options.ca);
  return new Agent({
    connections: count(options.connections, "connections", 16, 1),
    pipelining: count(options.pipelining, "pipelining", 1, 1),
    keepAliveTimeout: milliseconds(options.keepAliveTimeoutMs, "keepAliveTimeoutMs", 4_000),
    keepAliveMaxTimeout: milliseconds(options.keepAliveMaxTimeoutMs, "keepAliveMaxTimeoutMs", 600_000),
    // lpkit's deadline covers headers and body; undici's own timers would only be a second clock.
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: {
      timeout: milliseconds(options.connectTimeoutMs, "connectTimeoutMs", 10_000),
      maxCachedSessions: count(options.maxCachedSessions, "maxCachedSessions", 100, 0),
      ...(ca === undefined ? {} : { ca: ca as string | Buffer | (string | Buffer)[] }),
    },
  });
}

/**
 * Creates the Node transport. Pass it as `transport` to any lpkit client or to
 * `createLivePersonFunctions`; share one per process (it keeps connections per origin) and close it
 * on shutdown. Node ≥ 20.19 only: in Bun, Deno, Workers and browsers keep the default.
 *
 * Same contract as `fetchTransport`: any status (faasGW's 901) is an answer, redirects are never
 * followed, bodies are read up to `maxBodyBytes` (`Content-Encoding` undone, as `fetch` does), the
 * request's signal ends the wait at once — also for a request still waiting for a connection — and
 * a failure rejects with undici's error, which lpkit turns into `NetworkError` naming the origin.
 *
 * @example
 * ```ts
 * import { createLivePersonFunctions } from "@lpkit/auth";
 * import { nodeTransport } from "@lpkit/node-transport";
 *
 * const transport = nodeTransport({ connections: 16 });
 * const lp = createLivePersonFunctions({ accountId, clientId, clientSecret, transport });
 * await lp.invoke(lambdaUuid, { hello: "world" });
 * await transport.close();
 * ```
 */
export function nodeTransport(options: NodeTransportOptions = {}): NodeTransport {
  const agent = createAgent(options);
  const send = (request: TransportRequest): Promise<TransportResponse> =>
    new Promise<TransportResponse>((resolve, reject) => {
      const deadline = deadlineOf(request);
      if (deadline === undefined ? request.signal.aborted : deadline.aborted) {
        reject(deadline === undefined ? request.signal.reason : deadline.reason);
        return;
      }
      const { origin, path } = splitUrl(request.url);
      const dispatch: Dispatcher.DispatchOptions = {
        origin,
        path,
        method: request.method as Dispatcher.HttpMethod,
        headers: request.headers as Record<string, string>,
        body: request.body ?? null,
      };
      agent.dispatch(dispatch, new DispatchHandler(request, resolve, reject));
    });
  return {
    send,
    close: () => agent.close(),
    destroy: () => agent.destroy(),
  };
}
