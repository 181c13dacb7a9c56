/**
 * What the fleet parent and its worker processes say to each other over IPC, and what a worker is
 * configured with (through the environment, `FLEET_WORKER`).
 *
 * @module
 */

/** How a worker gets its tokens. */
export type FleetClient =
  /** `createLivePersonFunctions` with `@lpkit/redis`'s store on the shared Redis. */
  | "lpkit-redis"
  /** `createLivePersonFunctions` with its default in-memory store (each process on its own). */
  | "lpkit-memory"
  /** `liveperson-functions-client@2.2.0`, each process on its own. */
  | "official";

/** A worker's configuration. */
export interface FleetWorkerConfig {
  readonly client: FleetClient;
  /** `redis://127.0.0.1:<port>` for `lpkit-redis`. */
  readonly redisUrl?: string | undefined;
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly lambdaUuid: string;
  /** `http://<emulator ip>` (port 80). */
  readonly domainApi: string;
  /** Added to this process's clock (lpkit only: its `now`): clock skew between processes. */
  readonly clockOffsetMs: number;
  /** The emulator's token lifetime, for the official client's refresh setting. */
  readonly tokenTtlSec: number;
}

/** Parent → worker. */
export type FleetCommand =
  /** Invoke every `intervalMs` (first call after a random share of it) for `durationMs`, then report. */
  | { readonly type: "run"; readonly durationMs: number; readonly intervalMs: number }
  /** One call (the cold start), answered with `once` when done. */
  | { readonly type: "once" }
  | { readonly type: "exit" };

/** What one worker saw. */
export interface FleetWorkerReport {
  readonly calls: number;
  readonly failed: number;
  /** Error codes (or names) of the failed calls, counted. */
  readonly failures: Readonly<Record<string, number>>;
  /** Slowest call, ms. */
  readonly worstMs: number;
  /** Calls slower than 1 s. */
  readonly slowCalls: number;
  /** Tokens this worker sent, by a short hash (lpkit only; the official client's are not visible). */
  readonly tokens: readonly string[];
  /** Calls that sent a token already past its JWT `exp` (lpkit only). */
  readonly expiredSent: number;
  /** Times lpkit said it fetched alone because the shared store was unavailable. */
  readonly fallbacks: number;
  /**
   * Calls (after this worker's first) that took over {@link WAIT_THRESHOLD_MS} to get their token
   * although the last token this worker sent was still valid (lpkit only).
   */
  readonly waits: number;
  /** The longest time to a token (call start → the invoke request leaves) while a valid token existed, ms. */
  readonly worstWaitMs: number;
}

/** A call counts as having waited for its token when getting one took longer than this. */
export const WAIT_THRESHOLD_MS = 100;

/** Worker → parent. */
export type FleetReply =
  | { readonly type: "ready" }
  | { readonly type: "report"; readonly report: FleetWorkerReport }
  | { readonly type: "once"; readonly ms: number; readonly failure: string | undefined }
  | { readonly type: "error"; readonly message: string };

/** The environment variable that carries a worker's {@link FleetWorkerConfig} (JSON). */
export const WORKER_CONFIG_ENV = "FLEET_WORKER";
