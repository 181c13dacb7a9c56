/**
 * The shapes of a guarded connection: its options, its counters and the interface the stores use.
 * The implementation is `connection.ts`.
 *
 * @module
 */
import type { Now } from "@lpkit/core";
import type { BreakerOptions, BreakerState } from "./breaker.js";
import type { RedisReply, SupportedRedisClient } from "./client.js";
import type { LuaScript } from "./scripts.js";

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

/**
 * Per-command extras.
 *
 * @example
 * ```ts
 * await redis.command("lease", ["SET", key, id, "NX", "PX", "3000"], { onLateReply: (r) => r === "OK" && undo() });
 * ```
 */
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
