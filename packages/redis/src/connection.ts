/**
 * A guarded Redis connection: every command gets its own deadline (node-redis's own timeout does
 * not bound a command already written to the socket), a circuit breaker stops sending to a server
 * that does not answer, and a cap on pending commands keeps a frozen server from collecting an
 * unbounded pile. Every failure is a `StoreError` naming the operation, never a key's value.
 * Scripts go out as `EVALSHA`, falling back to `EVAL` once per `NOSCRIPT`.
 *
 * @module
 */
import { type Now, StoreError } from "@lpkit/core";
import { type BreakerOptions, type BreakerState, createBreaker, DEFAULT_BREAKER } from "./breaker.js";
import { type RedisReply, replyErrorCode, type SupportedRedisClient, toRedisClient } from "./client.js";
import { type LuaScript, scriptSha } from "./scripts.js";
import { describeAs, optionalFunction, optionalPositiveInt, optionsObject } from "./validate.js";

/**
 * Options of {@link createRedisConnection}.
 *
 * @example
 * ```ts
 * const options: RedisConnectionOptions = { client: nodeRedisClient, commandTimeoutMs: 1_000 };
 * ```
 */
export interface RedisConnectionOptions {
  /** A node-redis client, an ioredis instance or a {@link RedisClientLike}. Connect it yourself. */
  client: SupportedRedisClient;
  /** Deadline of each command, in ms. Default 1000 (shorter turns CPU contention into failures). */
  commandTimeoutMs?: number | undefined;
  /** Commands that may be in flight or past their deadline at once; more are refused. Default 32. */
  maxPending?: number | undefined;
  /** The circuit breaker. Default `{ failureThreshold: 2, openMs: 1000, maxOpenMs: 30000 }`. */
  breaker?: BreakerOptions | undefined;
  /** The clock the breaker uses. Default `Date.now`. */
  now?: Now | undefined;
}

/**
 * Counters of a connection, for dashboards and tests.
 *
 * @example
 * ```ts
 * const { state, timeouts, refused } = connection.stats();
 * ```
 */
export interface RedisConnectionStats {
  readonly state: BreakerState;
  /** Commands sent to the client. */
  readonly sent: number;
  /** Commands that missed their deadline. */
  readonly timeouts: number;
  /** Commands not sent because the client was not connected. */
  readonly offline: number;
  /** Commands not sent because the breaker was open. */
  readonly refused: number;
  /** Commands not sent because `maxPending` were pending. */
  readonly overloaded: number;
  /** Error replies (`WRONGTYPE`, `OOM`, …). */
  readonly errorReplies: number;
  /** Commands sent and not settled yet (in flight or past their deadline). */
  readonly pending: number;
  /** Of those, how many are past their deadline right now. */
  readonly abandoned: number;
  /** The most commands ever past their deadline at once. */
  readonly maxAbandoned: number;
  /** Replies (or failures) that arrived after their deadline. */
  readonly lateReplies: number;
}

/** Per-command extras. */
export interface CommandOptions {
  /** Called with the reply if it arrives after the deadline (e.g. to undo a lease). */
  onLateReply?: ((reply: RedisReply) => void) | undefined;
  /** Send even while the breaker is open (only for clean-up after a late reply). */
  bypassBreaker?: boolean | undefined;
}

/**
 * A guarded connection shared by the stores of this package.
 *
 * @example
 * ```ts
 * const redis = createRedisConnection({ client });
 * const tokens = createRedisTokenStore({ redis });
 * const domains = createRedisCache({ redis, namespace: "domains" });
 * ```
 */
export interface RedisConnection {
  /** Sends one command under the deadline and the breaker; `operation` names it in errors. */
  command(operation: string, args: readonly string[], options?: CommandOptions): Promise<RedisReply>;
  /** Runs a Lua script (`EVALSHA`, then `EVAL` on `NOSCRIPT`). */
  script(
    operation: string,
    script: LuaScript,
    keys: readonly string[],
    args: readonly string[],
    options?: CommandOptions,
  ): Promise<RedisReply>;
  /** The breaker's state right now. */
  readonly state: BreakerState;
  stats(): RedisConnectionStats;
}

const CONNECTION = Symbol.for("@lpkit/redis.connection");

/** Whether `value` was made by {@link createRedisConnection}. */
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
  optionsObject(options);
  const client = toRedisClient(options.client);
  const timeoutMs = optionalPositiveInt(options.commandTimeoutMs, "commandTimeoutMs", 1_000, 60_000);
  const maxPending = optionalPositiveInt(options.maxPending, "maxPending", 32, 100_000);
  const now = optionalFunction(options.now, "now") ?? Date.now;
  const b = options.breaker === undefined ? {} : optionsObject(options.breaker, "breaker");
  const breaker = createBreaker(
    {
      failureThreshold: optionalPositiveInt(
        b.failureThreshold,
        "breaker.failureThreshold",
        DEFAULT_BREAKER.failureThreshold,
        1_000,
      ),
      openMs: optionalPositiveInt(b.openMs, "breaker.openMs", DEFAULT_BREAKER.openMs, 3_600_000),
      maxOpenMs: optionalPositiveInt(b.maxOpenMs, "breaker.maxOpenMs", DEFAULT_BREAKER.maxOpenMs, 3_600_000),
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

  const command = (
    operation: string,
    args: readonly string[],
    extra: CommandOptions = {},
  ): Promise<RedisReply> => {
    if (!extra.bypassBreaker && !breaker.admit()) {
      counts.refused += 1;
      return refuse(operation, "circuit-open");
    }
    if (client.isReady && !client.isReady()) {
      counts.offline += 1;
      breaker.failed();
      return refuse(operation, "offline");
    }
    if (counts.pending >= maxPending) {
      counts.overloaded += 1;
      breaker.failed();
      return refuse(operation, "overloaded");
    }
    counts.sent += 1;
    counts.pending += 1;
    let timedOut = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let sent: Promise<RedisReply>;
    try {
      sent = Promise.resolve(client.command(args)); // written now, in call order
    } catch (error) {
      sent = Promise.reject(error);
    }
    const settle = () => {
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
      timer = setTimeout(() => {
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
      }, timeoutMs);
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
        counts.offline += 1;
        breaker.failed();
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
