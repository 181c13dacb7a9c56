/**
 * What the worker process needs from a contender: one way to invoke the echo lambda.
 *
 * @module
 */
import type { BenchEnv } from "../workload.js";

/** A ready contender. */
export interface Contender {
  /** Invokes the echo lambda once and checks the answer; rejects on any failure. */
  invoke(): Promise<void>;
}

/**
 * Creates a contender the way a user's program would set it up. Hand-written contenders (raw fetch,
 * openapi-fetch) look up the hosts and fetch their one token here; the clients (lpkit, the official
 * client) do that lazily on the first invoke.
 *
 * @example
 * ```ts
 * const contender = await create(benchEnvFromProcess());
 * await contender.invoke();
 * ```
 */
export type ContenderFactory = (env: BenchEnv) => Promise<Contender>;
