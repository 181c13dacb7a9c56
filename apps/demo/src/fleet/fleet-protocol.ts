/**
 * What `lpkit-demo fleet` and its worker processes say to each other (IPC), and a worker's settings
 * (environment variable {@link FLEET_WORKER_ENV}, JSON).
 *
 * @module
 */

/** A worker's settings. */
export interface FleetWorkerSettings {
  readonly index: number;
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly lambdaUuid: string;
  readonly domainApi: string;
  /** Share tokens through this Redis; each process alone when undefined. */
  readonly redisUrl: string | undefined;
  readonly calls: number;
}

/** What a worker did. */
export interface FleetWorkerResult {
  readonly index: number;
  readonly pid: number;
  readonly invokes: number;
  readonly failed: number;
  /** A short SHA-256 fingerprint of each distinct token sent (never the token). */
  readonly tokens: readonly string[];
  /** Token requests this process sent to Sentinel itself. */
  readonly tokenRequests: number;
  /** The error code of the first failure, if any. */
  readonly firstError: string | undefined;
}

/** Parent → worker: `go` (the barrier is lifted). Worker → parent: `ready`, then `done`. */
export type FleetMessage =
  | { readonly type: "go" }
  | { readonly type: "ready" }
  | { readonly type: "done"; readonly result: FleetWorkerResult }
  | { readonly type: "failed"; readonly message: string };

/** The environment variable carrying {@link FleetWorkerSettings}. */
export const FLEET_WORKER_ENV = "LPKIT_DEMO_FLEET_WORKER";
