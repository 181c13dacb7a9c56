/**
 * What the emulator's route handlers share: the configured accounts and apps, the lambdas, the
 * keys, the clock, the counters and the hosts the Domain API hands out.
 *
 * @module
 */
import type { EmulatorClock } from "./clock.js";
import type { FunctionsVersion } from "./config.js";
import type { WebhookSettings } from "./connector/webhook-config.js";
import type { ConnectorWorld } from "./connector/world.js";
import type { LambdaRegistry } from "./lambdas.js";
import type { KeyRing } from "./signing-keys.js";
import type { StatsRecorder } from "./stats.js";
import type { TokenRateLimiter } from "./token-rate-limit.js";

/**
 * An account after its definition was checked.
 *
 * @example
 * ```ts
 * emulator.accounts().map((account) => `${account.id} (${account.functions})`);
 * ```
 */
export interface AccountState {
  readonly id: string;
  readonly functions: FunctionsVersion;
  readonly services: Readonly<Record<string, string | null>>;
}

/**
 * An app installation after its definition was checked.
 *
 * @example
 * ```ts
 * const [app] = emulator.apps(); // { accountId, clientId, clientSecret, scope }
 * ```
 */
export interface AppState {
  readonly accountId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string;
  /** The checked `capabilities.webhooks` (Connector API deliveries), if any. */
  readonly webhooks: WebhookSettings | undefined;
}

/**
 * The bare hosts (host or host:port, no scheme) the Domain API returns.
 *
 * @example
 * ```ts
 * const { sentinel, faasGW, faasGWV2 } = emulator.hosts; // "127.0.0.1:41234", …, "fninvocations.localhost:41234"
 * ```
 */
export interface AdvertisedHosts {
  /** Sentinel host of every account. */
  readonly sentinel: string;
  /** faasGW host of Functions V1 accounts. */
  readonly faasGW: string;
  /** faasGW host of Functions V2 accounts (contains `fninvocations`). */
  readonly faasGWV2: string;
  /** The IdP (ConsumerJWS) host of every account. */
  readonly idp: string;
  /** The Send API host of every account (service `asyncMessagingEnt`). */
  readonly asyncMessagingEnt: string;
}

/** Shared state of a running emulator. */
export interface EmulatorState {
  readonly clock: EmulatorClock;
  readonly keys: KeyRing;
  readonly stats: StatsRecorder;
  readonly lambdas: LambdaRegistry;
  readonly accounts: ReadonlyMap<string, AccountState>;
  /** Apps by client id. */
  readonly apps: ReadonlyMap<string, AppState>;
  readonly tokenTtlSec: number;
  readonly lambdaTimeoutMs: number;
  readonly hosts: AdvertisedHosts;
  /** Sentinel's per-client token rate limit. */
  readonly tokenRateLimit: TokenRateLimiter;
  /** Aborted when the emulator stops. */
  readonly stopSignal: AbortSignal;
  /** The Connector API: consumers, conversations, the agent, webhook deliveries. */
  readonly connector: ConnectorWorld;
}
