/**
 * The circuit breaker in front of a Redis connection. After `failureThreshold` consecutive
 * failures that say "the server is not answering" (deadline missed, offline, socket error) it
 * opens: commands are refused at once without being sent, so nothing piles up on a frozen socket.
 * After `openMs` one command goes through as a probe (half-open); success closes the breaker, a
 * failure opens it again for twice as long, up to `maxOpenMs`. A late reply to a command that had
 * timed out proves the server is back and lets the next command probe at once. Time comes from
 * the injected clock; the breaker sets no timers.
 *
 * @module
 */
import type { Now } from "@lpkit/core";

/**
 * `closed` = normal; `open` = refusing; `half-open` = one probe allowed or in flight.
 *
 * @example
 * ```ts
 * if (store.redis.state !== "closed") metrics.increment("redis.breaker.not-closed");
 * ```
 */
export type BreakerState = "closed" | "open" | "half-open";

/**
 * Settings of the breaker.
 *
 * @example
 * ```ts
 * const settings: BreakerOptions = { failureThreshold: 2, openMs: 1_000, maxOpenMs: 30_000 };
 * ```
 */
export interface BreakerOptions {
  /** Consecutive failures that open the breaker. Default 2. */
  failureThreshold?: number | undefined;
  /** How long it stays open the first time, in ms. Default 1000. */
  openMs?: number | undefined;
  /** The longest it stays open after repeated failed probes, in ms. Default 30 000. */
  maxOpenMs?: number | undefined;
}

/**
 * The breaker as the connection uses it.
 *
 * @example
 * ```ts
 * if (breaker.admit()) send(); else refuse();
 * ```
 */
export interface Breaker {
  readonly state: BreakerState;
  /** Whether a command may be sent now; `true` in half-open claims the single probe slot. */
  admit(): boolean;
  succeeded(): void;
  failed(): void;
  /** A reply arrived after its deadline: the server answers again. */
  lateReply(): void;
  /** When the breaker next lets a probe through (ms since the epoch); 0 when closed. */
  readonly retryAt: number;
}

/**
 * Defaults of {@link BreakerOptions}.
 *
 * @example
 * ```ts
 * createRedisConnection({ client, breaker: { ...DEFAULT_BREAKER, openMs: 500 } });
 * ```
 */
export const DEFAULT_BREAKER = { failureThreshold: 2, openMs: 1_000, maxOpenMs: 30_000 } as const;

/**
 * Creates a breaker.
 *
 * @example
 * ```ts
 * const breaker = createBreaker({ failureThreshold: 2, openMs: 1_000, maxOpenMs: 30_000 }, Date.now);
 * if (breaker.admit()) { … breaker.succeeded() / breaker.failed() … }
 * ```
 */
export function createBreaker(settings: Required<BreakerOptions>, now: Now): Breaker {
  let state: BreakerState = "closed";
  let failures = 0;
  let openFor = settings.openMs;
  let retryAt = 0;
  let probing = false;

  const open = () => {
    state = "open";
    retryAt = now() + openFor;
    openFor = Math.min(openFor * 2, settings.maxOpenMs);
    probing = false;
  };

  return {
    get state() {
      if (state === "open" && now() >= retryAt) {
        state = "half-open";
      }
      return state;
    },
    get retryAt() {
      return state === "closed" ? 0 : retryAt;
    },
    admit() {
      const current = this.state;
      if (current === "closed") {
        return true;
      }
      if (current === "half-open" && !probing) {
        probing = true;
        return true;
      }
      return false;
    },
    succeeded() {
      state = "closed";
      failures = 0;
      openFor = settings.openMs;
      retryAt = 0;
      probing = false;
    },
    failed() {
      if (state === "half-open") {
        open();
        return;
      }
      failures += 1;
      if (state === "closed" && failures >= settings.failureThreshold) {
        open();
      }
    },
    lateReply() {
      if (state === "open") {
        retryAt = Math.min(retryAt, now());
      }
    },
  };
}
