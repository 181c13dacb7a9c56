/**
 * The minimal client `@lpkit/redis` needs — send one command, say whether the connection is up —
 * and adapters that turn a node-redis client or an ioredis instance into it. No Redis library is
 * imported here: the adapters are structural, so the package works with whichever client (and
 * version) the application already has, with its own TLS, ACL and reconnect settings.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";

/**
 * A reply as both clients return it (RESP2 semantics; scripts always answer in RESP2).
 *
 * @example
 * ```ts
 * const reply: RedisReply = await client.command(["GET", "key"]); // "value" | null
 * ```
 */
export type RedisReply = string | number | null | Uint8Array | readonly RedisReply[];

/**
 * The one interface a store talks to. `command` resolves the server's reply, or rejects: with an
 * error whose `message` starts with the server's error code (`WRONGTYPE …`, `NOSCRIPT …`) when the
 * server answered an error, with anything else when the connection failed.
 *
 * @example
 * ```ts
 * const client: RedisClientLike = {
 *   command: (args) => myClient.send(args),
 *   isReady: () => myClient.connected,
 * };
 * ```
 */
export interface RedisClientLike {
  /** Sends one command, e.g. `["SET", key, value, "PX", "5000", "NX"]`. */
  command(args: readonly string[]): Promise<RedisReply>;
  /** `false` while the connection is down; commands are then refused without being sent. */
  isReady?(): boolean;
}

/**
 * The part of a node-redis (`redis` 4–6) client the adapter uses.
 *
 * @example
 * ```ts
 * const client: NodeRedisClientLike = createClient({ url });
 * ```
 */
export interface NodeRedisClientLike {
  sendCommand(args: readonly string[]): Promise<unknown>;
  readonly isReady: boolean;
}

/**
 * The part of an ioredis instance the adapter uses.
 *
 * @example
 * ```ts
 * const client: IoredisClientLike = new Redis(url);
 * ```
 */
export interface IoredisClientLike {
  call(command: string, args: string[]): Promise<unknown>;
  readonly status: string;
}

/**
 * Any client {@link toRedisClient} accepts.
 *
 * @example
 * ```ts
 * const client: SupportedRedisClient = new Redis(url); // or createClient({ url }), or { command }
 * ```
 */
export type SupportedRedisClient = RedisClientLike | NodeRedisClientLike | IoredisClientLike;

function normalize(reply: unknown): RedisReply {
  if (reply === null || reply === undefined) {
    return null;
  }
  if (typeof reply === "string" || typeof reply === "number") {
    return reply;
  }
  if (reply instanceof Uint8Array) {
    return new TextDecoder().decode(reply);
  }
  if (Array.isArray(reply)) {
    return reply.map(normalize);
  }
  if (typeof reply === "bigint") {
    return Number(reply);
  }
  return String(reply);
}

/**
 * Adapts a node-redis client (`createClient(...)` from `redis` 4, 5 or 6).
 *
 * @example
 * ```ts
 * import { createClient } from "redis";
 * const client = fromNodeRedis(await createClient(nodeRedisOptions({ url })).connect());
 * ```
 */
export function fromNodeRedis(client: NodeRedisClientLike): RedisClientLike {
  if (!client || typeof client.sendCommand !== "function") {
    throw new InvalidArgumentError("client", "expected a node-redis client (with sendCommand)");
  }
  return {
    command: async (args) => normalize(await client.sendCommand(args)),
    isReady: () => client.isReady,
  };
}

/**
 * Adapts an ioredis instance (`new Redis(...)`, ioredis 5 or 6).
 *
 * @example
 * ```ts
 * import { Redis } from "ioredis";
 * const client = fromIoredis(new Redis(url, ioredisOptions()));
 * ```
 */
export function fromIoredis(client: IoredisClientLike): RedisClientLike {
  if (!client || typeof client.call !== "function") {
    throw new InvalidArgumentError("client", "expected an ioredis instance (with call)");
  }
  return {
    command: async ([name, ...rest]) => normalize(await client.call(name ?? "", rest)),
    isReady: () => client.status === "ready",
  };
}

/**
 * Turns whatever client was given into a {@link RedisClientLike}: a node-redis client (has
 * `sendCommand` and `isReady`), an ioredis instance (has `call` and `status`) or one already (has
 * `command`).
 *
 * @example
 * ```ts
 * const client = toRedisClient(createClient({ url })); // same as fromNodeRedis(...)
 * ```
 */
export function toRedisClient(client: unknown, name = "client"): RedisClientLike {
  const c = client as Partial<RedisClientLike & NodeRedisClientLike & IoredisClientLike> | null;
  if (c && typeof c === "object") {
    // Library clients first: both also have a `command` method (Redis's COMMAND command).
    if (typeof c.sendCommand === "function" && typeof c.isReady === "boolean") {
      return fromNodeRedis(c as NodeRedisClientLike);
    }
    if (typeof c.call === "function" && typeof c.status === "string") {
      return fromIoredis(c as IoredisClientLike);
    }
    if (typeof c.command === "function") {
      if (c.isReady !== undefined && typeof c.isReady !== "function") {
        throw new InvalidArgumentError(`${name}.isReady`, "expected a function returning a boolean");
      }
      return c as RedisClientLike;
    }
  }
  throw new InvalidArgumentError(
    name,
    "expected a node-redis client, an ioredis instance or { command(args), isReady?() }",
  );
}

/**
 * Whether `error` is a client library's own command timeout (ioredis `commandTimeout`: "Command timed
 * out"; node-redis `TimeoutError` for a command that waited too long to be written).
 *
 * @example
 * ```ts
 * isClientTimeout(new Error("Command timed out")); // true
 * ```
 */
export function isClientTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) {
    return false;
  }
  for (let p = Object.getPrototypeOf(error); p && p !== Error.prototype; p = Object.getPrototypeOf(p)) {
    if ((p as { constructor?: { name?: string } }).constructor?.name === "TimeoutError") {
      return true;
    }
  }
  return error.message === "Command timed out";
}

/**
 * The server's error code when `error` is an error reply (`WRONGTYPE`, `NOSCRIPT`, …), else `undefined`.
 *
 * @example
 * ```ts
 * replyErrorCode(new Error("WRONGTYPE Operation against a key")); // "WRONGTYPE"
 * ```
 */
export function replyErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) {
    return undefined;
  }
  let isReply = false;
  for (let p = Object.getPrototypeOf(error); p && p !== Error.prototype; p = Object.getPrototypeOf(p)) {
    const ctor = (p as { constructor?: { name?: string } }).constructor?.name;
    if (ctor === "ErrorReply" || ctor === "ReplyError") {
      isReply = true;
    }
  }
  const match = /^([A-Z][A-Z0-9_]{1,31})(?: |$)/.exec(error.message);
  // Node's own socket errors carry an errno code (ECONNREFUSED) and never count as a reply.
  const errno = (error as { code?: unknown }).code;
  if (!match || (!isReply && typeof errno === "string" && /^E[A-Z]+$/.test(errno))) {
    return undefined;
  }
  return match[1];
}
