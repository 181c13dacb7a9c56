/**
 * Recommended client settings for a shared token store, for node-redis and ioredis. Both clients'
 * defaults queue commands while disconnected (they run late — a queued `SET NX` takes a lease
 * nobody waits for) and node-redis's default reconnect strategy gives up for good after a socket
 * timeout. Anything you pass wins over these values.
 *
 * @module
 */

function reconnectDelay(retries: number): number {
  // Exponential from 50 ms, capped at 2 s, plus up to 200 ms of jitter; never gives up.
  return Math.min(50 * 2 ** Math.min(retries, 16), 2_000) + Math.floor(Math.random() * 200);
}

/**
 * The socket settings {@link nodeRedisOptions} adds.
 *
 * @example
 * ```ts
 * const { socketTimeout }: RecommendedNodeRedisSocket = nodeRedisOptions().socket;
 * ```
 */
export interface RecommendedNodeRedisSocket {
  connectTimeout: number;
  socketTimeout: number;
  reconnectStrategy: (retries: number, cause: Error) => number;
}

/**
 * The client settings {@link nodeRedisOptions} adds.
 *
 * @example
 * ```ts
 * const { disableOfflineQueue }: RecommendedNodeRedis = nodeRedisOptions();
 * ```
 */
export interface RecommendedNodeRedis {
  disableOfflineQueue: boolean;
  pingInterval: number;
}

/**
 * What {@link nodeRedisOptions} accepts: any node-redis client options.
 *
 * @example
 * ```ts
 * const input: NodeRedisOptionsInput = { url: "redis://127.0.0.1:6379", socket: { tls: false } };
 * ```
 */
export interface NodeRedisOptionsInput {
  socket?: { tls?: boolean; [option: string]: unknown } | undefined;
  [option: string]: unknown;
}

/**
 * What {@link nodeRedisOptions} returns for input `T`.
 *
 * @example
 * ```ts
 * const options: NodeRedisOptionsWith<{ url: string }> = nodeRedisOptions({ url });
 * ```
 */
export type NodeRedisOptionsWith<T> = Omit<T, "socket"> &
  RecommendedNodeRedis & {
    socket: T extends { socket?: infer S }
      ? RecommendedNodeRedisSocket & NonNullable<S>
      : RecommendedNodeRedisSocket;
  };

/**
 * node-redis (`createClient`) options for a shared store: commands fail at once while offline
 * (`disableOfflineQueue`), a `PING` every 2 s keeps an idle socket busy so that `socketTimeout`
 * (5 s without any traffic) only tears down a socket to a frozen server, and reconnection never
 * stops (the default strategy stops after a socket timeout). `connectTimeout` 2 s.
 *
 * @example
 * ```ts
 * import { createClient } from "redis";
 * const client = createClient(nodeRedisOptions({ url: "redis://127.0.0.1:6379" }));
 * client.on("error", () => {}); // node-redis throws unhandled "error" events; log them instead
 * await client.connect();
 * ```
 */
export function nodeRedisOptions<T extends NodeRedisOptionsInput = Record<never, never>>(
  options: T = {} as T,
): NodeRedisOptionsWith<T> {
  const socket: RecommendedNodeRedisSocket = {
    connectTimeout: 2_000,
    socketTimeout: 5_000,
    reconnectStrategy: (retries) => reconnectDelay(retries),
  };
  return {
    disableOfflineQueue: true,
    pingInterval: 2_000,
    ...options,
    socket: { ...socket, ...(options.socket ?? {}) },
  } as unknown as NodeRedisOptionsWith<T>;
}

/**
 * The settings {@link ioredisOptions} adds.
 *
 * @example
 * ```ts
 * const { enableOfflineQueue }: RecommendedIoredis = ioredisOptions();
 * ```
 */
export interface RecommendedIoredis {
  enableOfflineQueue: boolean;
  commandTimeout: number;
  maxRetriesPerRequest: number;
  autoResendUnfulfilledCommands: boolean;
  connectTimeout: number;
  retryStrategy: (times: number) => number;
}

/**
 * ioredis (`new Redis(...)`) options for a shared store: no offline queue, one retry per request, no
 * automatic re-sending of commands that were in flight when the connection dropped (a re-sent
 * `SET NX` would run late), `connectTimeout` 2 s, reconnection that never stops. `commandTimeout` is
 * only a 10 s backstop: the store's connection enforces its own, shorter deadline and still sees a
 * late reply (a late "OK" to a lease is undone at once), which ioredis drops once its timeout fired.
 *
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * const client = new Redis("redis://127.0.0.1:6379", ioredisOptions());
 * ```
 */
export function ioredisOptions<T extends { [option: string]: unknown } = Record<never, never>>(
  options: T = {} as T,
): RecommendedIoredis & T {
  return {
    enableOfflineQueue: false,
    commandTimeout: 10_000,
    maxRetriesPerRequest: 1,
    autoResendUnfulfilledCommands: false,
    connectTimeout: 2_000,
    retryStrategy: (times: number) => reconnectDelay(times),
    ...options,
  };
}
