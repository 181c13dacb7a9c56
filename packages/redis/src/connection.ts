/**
 * A guarded Redis connection: every command gets its own deadline (node-redis's own timeout does
 * not bound a command already written to the socket), a circuit breaker stops sending to a server
 * that does not answer, and a cap on pending commands keeps a frozen server from collecting an
 * unbounded pile. Every failure is a `StoreError` naming the operation, never a key's value.
 * Scripts go out as `EVALSHA`, falling back to `EVAL` once per `NOSCRIPT`.
 *
 * @module
 */
import { InvalidArgumentError, type Now, StoreError } from "@lpkit/core";
import { assertOptionsObject, describeAs, optionalFunction, optionalWholeNumber } from "@lpkit/core/internal";
import { type BreakerOptions, createBreaker, DEFAULT_BREAKER } from "./breaker.js";
import {
  isClientTimeout,
  type RedisReply,
  replyErrorCode,
  type SupportedRedisClient,
  toRedisClient,
} from "./client.js";
import type {
  CommandOptions,
  RedisConnection,
  RedisConnectionOptions,
  RedisConnectionStats,
} from "./connection-types.js";
import { scriptSha } from "./scripts.js";

export type { CommandOptions, RedisConnection, RedisConnectionOptions, RedisConnectionStats };

const CONNECTION = Symbol.for("@lpkit/redis.connection");

/**
 * Whether `value` was made by {@link createRedisConnection}.
 *
 * @example
 * ```ts
 * const redis = isRedisConnection(given) ? given : createRedisConnection({ client: given });
 * ```
 */
export function isRedisConnection(value: unknown): value is RedisConnection {
  return typeof value === "object" && value !== null && CONNECTION in value;
}

/**
 * Wraps a connected client with deadlines, a circuit breaker and a pending-command cap.
 *
 * @example
 * ```ts
 * import { createClient } from "redis";
 * const client = await createClient(nodeRedisOptions({ url: "redis://127.0.0.1:6379" })).connect();
 * const redis = createRedisConnection({ client, commandTimeoutMs: 1_000 });
 * ```
 */
export function createRedisConnection(options: RedisConnectionOptions): RedisConnection {
  assertOptionsObject(options);
  const client = toRedisClient(options.client);
  const timeoutMs = optionalWholeNumber(options.commandTimeoutMs, "commandTimeoutMs", 1_000, 1, 60_000);
  const maxPending = optionalWholeNumber(options.maxPending, "maxPending", 32, 1, 100_000);
  const now = optionalFunction<Now>(options.now, "now") ?? Date.now;
  const b = options.breaker === undefined ? {} : assertOptionsObject(options.breaker, "breaker");
  const breaker = createBreaker(
    {
      failureThreshold: optionalWholeNumber(
        b.failureThreshold,
        "breaker.failureThreshold",
        DEFAULT_BREAKER.failureThreshold,
        1,
        1_000,
      ),
      openMs: optionalWholeNumber(b.openMs, "breaker.openMs", DEFAULT_BREAKER.openMs, 1, 3_600_000),
      maxOpenMs: optionalWholeNumber(
        b.maxOpenMs,
        "breaker.maxOpenMs",
        DEFAULT_BREAKER.maxOpenMs,
        1,
        3_600_000,
      ),
    },
    now,
  );
  const counts = {
    sent: 0,
    timeouts: 0,
    offline: 0,
    refused: 0,
    overloaded: 0,
    errorReplies: 0,
    pending: 0,
    abandoned: 0,
    maxAbandoned: 0,
    lateReplies: 0,
  };

  const refuse = (operation: string, reason: "offline" | "overloaded" | "circuit-open"): Promise<never> => {
    const why = {
      offline: "the Redis client is not connected",
      overloaded: `${maxPending} Redis commands are already pending`,
      "circuit-open": `the Redis circuit is open after repeated failures (next try in ${Math.max(0, breaker.retryAt - now())} ms)`,
    }[reason];
    return Promise.reject(new StoreError(`${why}; \`${operation}\` was not sent`, { reason, operation }));
  };

  let wasOffline = false;
  const command = (
    operation: string,
    args: readonly string[],
    extra: CommandOptions = {},
  ): Promise<RedisReply> => {
    const ready = client.isReady ? client.isReady() : true;
    if (ready && wasOffline) {
      breaker.lateReply(); // the client reconnected: probe now rather than at the end of the open time
    }
    wasOffline = !ready;
    if (!ready) {
      counts.offline += 1;
      breaker.failed();
      return refuse(operation, "offline");
    }
    if (counts.pending >= maxPending) {
      counts.overloaded += 1;
      if (counts.abandoned > 0) {
        breaker.failed(); // the pile is there because the server stopped answering
      }
      return refuse(operation, "overloaded");
    }
    if (!extra.bypassBreaker && !breaker.admit()) {
      counts.refused += 1;
      return refuse(operation, "circuit-open");
    }
    counts.sent += 1;
    counts.pending += 1;
    let timedOut = false;
    let replied = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sent: Promise<RedisReply>;
    try {
      sent = Promise.resolve(client.command(args)); // written now, in call order
    } catch (error) {
      sent = Promise.reject(error);
    }
    const settle = () => {
      replied = true;
      counts.pending -= 1;
      if (timedOut) {
        counts.abandoned -= 1;
        counts.lateReplies += 1;
        breaker.lateReply();
      }
    };
    sent.then(
      (reply) => {
        settle();
        if (timedOut) {
          extra.onLateReply?.(reply);
        }
      },
      () => settle(),
    );
    const deadline = new Promise<never>((_, reject) => {
      // A process starved of CPU (a fleet booting on a small machine) runs its timers before it
      // reads the socket: the reply may be waiting. Give the I/O phase one turn (a 0 ms timer runs
      // after the next poll phase) before calling the command late, so starvation alone is not a timeout.
      const expire = () => {
        if (replied) {
          return;
        }
        timedOut = true;
        counts.timeouts += 1;
        counts.abandoned += 1;
        counts.maxAbandoned = Math.max(counts.maxAbandoned, counts.abandoned);
        breaker.failed();
        reject(
          new StoreError(`Redis did not answer \`${operation}\` within ${timeoutMs} ms`, {
            reason: "timeout",
            operation,
            timeoutMs,
          }),
        );
      };
      timer = setTimeout(() => setTimeout(expire, 0), timeoutMs);
    });
    return Promise.race([sent, deadline]).then(
      (reply) => {
        clearTimeout(timer);
        breaker.succeeded();
        return reply;
      },
      (error: unknown) => {
        clearTimeout(timer);
        if (error instanceof StoreError) {
          throw error;
        }
        const redisCode = replyErrorCode(error);
        if (redisCode !== undefined) {
          counts.errorReplies += 1;
          breaker.succeeded(); // the server answered
          throw new StoreError(`Redis answered \`${operation}\` with ${redisCode}`, {
            reason: "command",
            operation,
            redisCode,
          });
        }
        breaker.failed();
        if (isClientTimeout(error)) {
          counts.timeouts += 1;
          throw new StoreError(`the Redis client timed out \`${operation}\``, {
            reason: "timeout",
            operation,
          });
        }
        counts.offline += 1;
        throw new StoreError(`the Redis connection failed during \`${operation}\``, {
          reason: "offline",
          operation,
        });
      },
    );
  };

  const script: RedisConnection["script"] = async (operation, lua, keys, args, extra) => {
    const tail = [String(keys.length), ...keys, ...args];
    try {
      return await command(operation, ["EVALSHA", await scriptSha(lua), ...tail], extra);
    } catch (error) {
      if (error instanceof StoreError && error.redisCode === "NOSCRIPT") {
        return command(operation, ["EVAL", lua.source, ...tail], extra);
      }
      throw error;
    }
  };

  const connection: RedisConnection = {
    command,
    script,
    get state() {
      return breaker.state;
    },
    stats: () => ({ state: breaker.state, ...counts }),
  };
  Object.defineProperty(connection, CONNECTION, { value: true });
  return describeAs(connection, () => ({ kind: "RedisConnection", timeoutMs, ...connection.stats() }));
}

/**
 * The connection a store uses: `redis` itself when it is a connection (then deadline and breaker
 * settings belong to it), else a new connection around the client `redis`.
 *
 * @example
 * ```ts
 * const redis = connectionFrom({ redis: client, commandTimeoutMs: 500 });
 * ```
 */
export function connectionFrom(options: {
  redis: RedisConnection | SupportedRedisClient;
  commandTimeoutMs?: number | undefined;
  breaker?: BreakerOptions | undefined;
  now?: Now | undefined;
}): RedisConnection {
  if (isRedisConnection(options.redis)) {
    if (options.commandTimeoutMs !== undefined || options.breaker !== undefined) {
      throw new InvalidArgumentError(
        "commandTimeoutMs",
        "set deadlines and the breaker on the connection instead",
      );
    }
    return options.redis;
  }
  return createRedisConnection({
    client: options.redis,
    commandTimeoutMs: options.commandTimeoutMs,
    breaker: options.breaker,
    now: options.now,
  });
}
