/**
 * The public shape of an emulator: the options of `createEmulator()` and the object it returns.
 *
 * @module
 */
import type { EmulatorClock } from "./clock.js";
import type { EmulatorAccount, EmulatorApp } from "./config.js";
import type { EmulatorAgent } from "./connector/agent.js";
import type { EmulatorConnector } from "./connector/connector-api.js";
import type { EmulatorFetch } from "./emulator-fetch.js";
import type { ExchangeHook } from "./exchange.js";
import type { FaultHandle, FaultRule } from "./faults.js";
import type { EmulatorLambda, LambdaHandler, LambdaOptions } from "./lambda-types.js";
import type { RegisteredLambda } from "./lambdas.js";
import type { BoundAddress } from "./listening.js";
import type { RequestLogger } from "./request-log.js";
import type { PublicJwk, RotateOptions, TokenVersion } from "./signing-keys.js";
import type { AccountState, AdvertisedHosts, AppState } from "./state.js";
import type { EmulatorStats } from "./stats.js";

/**
 * Options of {@link createEmulator}; everything is optional.
 *
 * @example
 * ```ts
 * const options: EmulatorOptions = { tls: true, tokenTtlSec: 120, lambdaTimeoutMs: 1_000 };
 * const emulator = createEmulator(options);
 * ```
 */
export interface EmulatorOptions {
  /** Accounts the Domain API knows. */
  accounts?: readonly EmulatorAccount[] | undefined;
  /** App installations Sentinel issues tokens to. */
  apps?: readonly EmulatorApp[] | undefined;
  /** Lambdas faasGW runs. */
  lambdas?: readonly EmulatorLambda[] | undefined;
  /**
   * Add the {@link DEMO} accounts, apps and lambdas. Default: `true` when none of `accounts`,
   * `apps` and `lambdas` is given, else `false`.
   */
  demo?: boolean | undefined;
  /** Token lifetime in seconds (`exp - iat`, and V2's `expires_in`). Default 3600. */
  tokenTtlSec?: number | undefined;
  /** How long a rotated-out V2 key stays in the JWKS and accepted, seconds. Default `tokenTtlSec`. */
  keyGraceSec?: number | undefined;
  /** Execution time limit of lambdas without their own, ms. Default 30 000. */
  lambdaTimeoutMs?: number | undefined;
  /** Serve HTTPS with a certificate generated at start. Default `false`. */
  tls?: boolean | undefined;
  /**
   * Interface to listen on. Default `127.0.0.1`. Anything but a loopback address (`127.0.0.0/8`,
   * `::1`) or `localhost` — a wildcard such as `0.0.0.0`, or a LAN address — is refused unless
   * `expose` is `true`.
   */
  host?: string | undefined;
  /**
   * Allow a `host` other machines can reach (and `listen()` on one). The emulator's credentials are
   * made up, but anyone who reaches it can get tokens and run its lambdas. Default `false`.
   */
  expose?: boolean | undefined;
  /** Port; `0` (default) picks a free one. */
  port?: number | undefined;
  /** Host name the Domain API hands out. Default: `host` (or `127.0.0.1` when `host` is a wildcard). */
  publicHost?: string | undefined;
  /**
   * Host name of Functions V2 faasGW entries; must contain `fninvocations` or `functions` (how
   * LivePerson's Node client spots V2). Default `fninvocations.localhost`.
   */
  v2FaasHost?: string | undefined;
  /** Base time source of the emulator clock, ms since the epoch. Default `Date.now`. */
  now?: (() => number) | undefined;
  /**
   * Largest invocation body accepted, bytes (larger: 413, unread). Routes without a payload (token
   * forms, GETs) accept at most 64 KiB. Default 5 MiB.
   */
  maxBodyBytes?: number | undefined;
  /**
   * Memory budget of all request bodies being read or handled at once, bytes. A body that does not
   * fit is answered 503 with `Retry-After: 1` without being read. Default 16 MiB.
   */
  maxBufferedBodyBytes?: number | undefined;
  /**
   * Sentinel's rate limit: tokens each client id may get in any minute of emulator time; more are
   * answered 429 with `Retry-After`. Default: no limit. Change it with `setTokenRateLimit`.
   */
  tokensPerMinute?: number | undefined;
  /**
   * Origins (`"http://localhost:5173"`, or `"*"`) whose browser pages may call the emulator: CORS
   * preflights are answered and answers carry `Access-Control-Allow-Origin`. Default: none
   * (a preflight is answered 405, as by LivePerson's gateway).
   */
  cors?: string | readonly string[] | undefined;
  /**
   * Serve the admin endpoint under `/__lpkit/` (faults, clock, counters, rate limit) to loopback
   * peers. Default `false` (the `lpkit-emulator` command turns it on).
   */
  admin?: boolean | undefined;
  /** Called with every request and answer (conformance recording, debugging). */
  onExchange?: ExchangeHook | undefined;
  /** Called once per request with a line that holds nothing secret (route, status, time taken). */
  log?: RequestLogger | undefined;
  /** The agent answering consumers in Connector API conversations. Default: {@link echoAgent}. */
  agent?: EmulatorAgent | undefined;
  /** Time limit of one webhook delivery, ms (LivePerson: 5 s). Default 5 000. */
  webhookTimeoutMs?: number | undefined;
  /** Webhook answers slower than this count as slow (LivePerson's 2.5 s target), ms. Default 2 500. */
  webhookSlowMs?: number | undefined;
}

/**
 * Options of {@link Emulator.listen}.
 *
 * @example
 * ```ts
 * await emulator.listen({ port: 80, tls: false }); // e.g. for a client that hard-codes http:// on port 80
 * ```
 */
export interface ListenOptions {
  port: number;
  /** Default: the emulator's `host`. Not loopback: needs the emulator's `expose: true`. */
  host?: string | undefined;
  /** Default: whether the emulator itself uses TLS. */
  tls?: boolean | undefined;
}

/**
 * Options of {@link Emulator.mintToken}.
 *
 * @example
 * ```ts
 * const expired = await emulator.mintToken({ accountId: "12345678", ttlSec: -60 });
 * ```
 */
export interface MintTokenOptions {
  accountId: string;
  /** `azp`; default `emulator-test-client`. */
  clientId?: string | undefined;
  /** Default `faas.lambda.invoke`. */
  scope?: string | undefined;
  /** Lifetime in seconds (may be negative for an already expired token). Default `tokenTtlSec`. */
  ttlSec?: number | undefined;
  /** Signing key: `v1` static or `v2` JWKS (default). */
  version?: TokenVersion | undefined;
}

/**
 * A running (or ready to run) emulator.
 *
 * @example
 * ```ts
 * const emulator: Emulator = createEmulator();
 * await emulator.start();
 * console.log(emulator.url, emulator.stats().requests.total);
 * await emulator.stop();
 * ```
 */
export interface Emulator {
  /** Generates keys (and certificates with `tls`), then listens. Resolves when ready. */
  start(): Promise<void>;
  /** Closes every listener and connection; running lambdas see their signal aborted. */
  stop(): Promise<void>;
  /** Base URL, e.g. `http://127.0.0.1:41234` (after `start`). */
  readonly url: string;
  /** Base URL of the Domain API: the same server. */
  readonly domainApiUrl: string;
  /** The address the main listener is actually bound to (e.g. `0.0.0.0` when exposed). */
  readonly address: BoundAddress;
  /** Base URL of the admin endpoint (`…/__lpkit`), when `admin` is on. */
  readonly adminUrl: string | undefined;
  /** The hosts the Domain API returns (bare, as LivePerson returns them). */
  readonly hosts: AdvertisedHosts;
  /** The CA certificate (PEM) to trust when `tls` is on. */
  readonly ca: string | undefined;
  /** The V1 static signing key's public half, SPKI PEM (V1 tokens are not covered by the JWKS). */
  readonly v1PublicKey: string;
  /** The V1 static public key as a JWK. */
  readonly v1PublicJwk: PublicJwk;
  /** The emulator clock (token `iat`/`exp` and their checks). */
  readonly clock: EmulatorClock;
  /**
   * A `fetch` that reaches only this emulator: any URL whose host is one the emulator hands out
   * (with its port) goes to the emulator over plain HTTP, whatever its scheme, so bare Domain API
   * hosts work without trusting a CA or resolving `*.localhost`. Other URLs fail with a TypeError.
   */
  readonly fetch: EmulatorFetch;
  /** Adds or replaces an account. */
  registerAccount(account: EmulatorAccount): void;
  /** Adds or replaces an app installation (by client id). */
  registerApp(app: EmulatorApp): void;
  /** Adds or replaces a lambda; `TPayload` types the payload the handler expects. */
  registerLambda<TPayload = unknown>(
    uuid: string,
    handler: LambdaHandler<TPayload>,
    options?: LambdaOptions,
  ): void;
  /** Removes a lambda; returns whether it existed. */
  unregisterLambda(uuid: string): boolean;
  /** The registered lambdas. */
  lambdas(): readonly RegisteredLambda[];
  /** The accounts. */
  accounts(): readonly AccountState[];
  /** The app installations (secrets included: they are the emulator's own). */
  apps(): readonly AppState[];
  /** Adds a fault rule. */
  fault(rule: FaultRule): FaultHandle;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** Makes a new V2 signing key current; returns its `kid`. */
  rotateKeys(options?: RotateOptions): Promise<string>;
  /** The JWKS the emulator currently publishes. */
  jwks(): { keys: PublicJwk[] };
  /** Signs a token directly (e.g. with another scope or already expired) without a token request. */
  mintToken(options: MintTokenOptions): Promise<string>;
  /** Sets Sentinel's rate limit (tokens per client per minute of emulator time); `undefined` lifts it. */
  setTokenRateLimit(tokensPerMinute: number | undefined): void;
  /** The current Sentinel rate limit, or `undefined`. */
  readonly tokenRateLimit: number | undefined;
  /** A snapshot of the counters. */
  stats(): EmulatorStats;
  /** Sets every counter to zero. */
  resetStats(): void;
  /** Serves the same emulator on one more port (e.g. plain HTTP on port 80); returns its URL. */
  listen(options: ListenOptions): Promise<string>;
  /** The Connector API: conversations, the agent, webhook faults and deliveries. */
  readonly connector: EmulatorConnector;
}
