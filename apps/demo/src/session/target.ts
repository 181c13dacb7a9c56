/**
 * What the demo talks to. Offline: an embedded emulator started here (short-lived tokens, its own
 * demo installation and lambdas, its controllable clock). Live: LivePerson's Domain API (or
 * `LP_DOMAIN_API`) with the credentials from the environment. Either way every request goes through
 * one recording `fetch` (see `http-log.ts`).
 *
 * @module
 */
import type { FetchLike, Now } from "@lpkit/core";
import { createEmulator, DEMO, type Emulator, INVOKE_SCOPE } from "@lpkit/emulator";
import type { Mode, SentinelVersion, Settings } from "../config.js";
import { createHttpLog, type HttpLog, type HttpRecord } from "./http-log.js";

/**
 * Lifetime of the tokens the embedded emulator issues, in seconds: short, so the refresh shows.
 *
 * @example
 * ```ts
 * createEmulator({ tokenTtlSec: DEMO_TOKEN_TTL_SEC });
 * ```
 */
export const DEMO_TOKEN_TTL_SEC = 60;

/**
 * LivePerson's Domain API, used in live mode unless `LP_DOMAIN_API` or `LPKIT_DOMAIN_API` is set.
 *
 * @example
 * ```ts
 * createDomainClient({ baseUrl: settings.domainApi ?? LIVEPERSON_DOMAIN_API });
 * ```
 */
export const LIVEPERSON_DOMAIN_API = "https://api.liveperson.net";

/**
 * A lambda UUID no account has, for the gateway error of step 6.
 *
 * @example
 * ```ts
 * await lp.invoke(UNKNOWN_LAMBDA_UUID, {}); // throws GatewayError (404)
 * ```
 */
export const UNKNOWN_LAMBDA_UUID = "00000000-0000-4000-8000-000000000000";

/**
 * The embedded emulator and what the emulator-only steps need from it.
 *
 * @example
 * ```ts
 * target.emulator?.emulator.clock.advance(40_000);
 * ```
 */
export interface EmulatorTarget {
  readonly emulator: Emulator;
  /** Lambda that always throws (step 6). */
  readonly failingLambdaUuid: string;
  /** Event the demo lambda is registered for (step 5). */
  readonly eventId: string;
  /** Token lifetime the emulator uses, seconds. */
  readonly tokenTtlSec: number;
}

/**
 * Everything a command needs to reach its APIs.
 *
 * @example
 * ```ts
 * const target: Target = await openTarget(settings);
 * target.http.count("domain"); // Domain API lookups so far
 * ```
 */
export interface Target {
  readonly mode: Mode;
  readonly accountId: string;
  /** `undefined` when the command needs no credentials (live `domains`, `verify`). */
  readonly clientId: string | undefined;
  readonly clientSecret: string | undefined;
  /** The lambda the demo invokes (live: `LP_LAMBDA_UUID`). */
  readonly lambdaUuid: string | undefined;
  readonly sentinelVersion: SentinelVersion;
  readonly userId: string | undefined;
  /** The payload for invocations (`LP_PAYLOAD`), if set. */
  readonly payload: unknown;
  /** Domain API base URL. */
  readonly domainApi: string;
  /** The recording `fetch` and its log. */
  readonly http: HttpLog;
  readonly fetch: FetchLike;
  /** The clock token lifetimes are judged by: the emulator's clock offline, `Date.now` live. */
  readonly now: Now;
  /** v1 keys to verify tokens with (the emulator's own); `undefined` = LivePerson's published key. */
  readonly v1Keys: readonly string[] | undefined;
  /** The emulator, offline only. */
  readonly emulator: EmulatorTarget | undefined;
  /** Values that must never be printed. */
  readonly secrets: readonly string[];
  /** Stops the emulator (offline); idempotent. */
  close(): Promise<void>;
}

/**
 * Options of {@link openTarget}.
 *
 * @example
 * ```ts
 * await openTarget(settings, { onHttp: (record) => console.error(record.method, record.url) });
 * ```
 */
export interface OpenTargetOptions {
  /** Called after each HTTP exchange (for `--debug`). */
  readonly onHttp?: ((record: HttpRecord) => void) | undefined;
}

/**
 * Opens the target: starts the embedded emulator offline, or prepares the live hosts.
 *
 * @example
 * ```ts
 * const target = await openTarget(readSettings(process.env, { mode: "emulator", required: [] }));
 * try {
 *   // … createLivePersonFunctions({ fetch: target.fetch, now: target.now, … })
 * } finally {
 *   await target.close();
 * }
 * ```
 */
export async function openTarget(settings: Settings, options: OpenTargetOptions = {}): Promise<Target> {
  if (settings.mode === "emulator") {
    return openEmulator(settings, options);
  }
  const domainApi = settings.domainApi ?? LIVEPERSON_DOMAIN_API;
  const base: FetchLike = (request) => globalThis.fetch(request);
  const http = createHttpLog(base, { onRecord: options.onHttp });
  // No wrapper: a loopback Domain API (an `lpkit-emulator`) is reached like any other, through
  // lpkit's own rules (its loopback hosts with its scheme, `*.localhost` pinned to 127.0.0.1).
  const { fetch } = http;
  return {
    mode: "live",
    accountId: settings.accountId ?? "",
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    lambdaUuid: settings.lambdaUuid,
    sentinelVersion: settings.sentinelVersion,
    userId: settings.userId,
    payload: settings.payload,
    domainApi,
    http,
    fetch,
    now: Date.now,
    // LP_V1_PUBLIC_KEY: an emulator's v1 key (or another zone's) instead of LivePerson's published one.
    v1Keys: settings.v1PublicKey === undefined ? undefined : [settings.v1PublicKey],
    emulator: undefined,
    secrets: settings.clientSecret === undefined ? [] : [settings.clientSecret],
    close: async () => {},
  };
}

async function openEmulator(settings: Settings, options: OpenTargetOptions): Promise<Target> {
  // A random secret per run, as a real one would be: the well-known demo secret shares words such as
  // "emulator" with ordinary output, and lpkit redacts every 8-character fragment of a secret.
  const clientSecret = `demo-${crypto.randomUUID()}`;
  const emulator = createEmulator({
    tokenTtlSec: DEMO_TOKEN_TTL_SEC,
    demo: true,
    apps: [{ accountId: DEMO.v2AccountId, clientId: DEMO.v2ClientId, clientSecret, scope: INVOKE_SCOPE }],
  });
  await emulator.start();
  const http = createHttpLog(emulator.fetch, { onRecord: options.onHttp });
  // The Functions V2 demo account: its faasGW host contains "fninvocations", as real V2 accounts' do.
  let closed = false;
  return {
    mode: "emulator",
    accountId: DEMO.v2AccountId,
    clientId: DEMO.v2ClientId,
    clientSecret,
    lambdaUuid: DEMO.lambdaUuid,
    sentinelVersion: settings.sentinelVersion,
    userId: settings.userId,
    payload: settings.payload,
    domainApi: emulator.domainApiUrl,
    http,
    fetch: http.fetch,
    now: () => emulator.clock.now(),
    v1Keys: [emulator.v1PublicKey],
    emulator: {
      emulator,
      failingLambdaUuid: DEMO.failingLambdaUuid,
      eventId: DEMO.eventId,
      tokenTtlSec: DEMO_TOKEN_TTL_SEC,
    },
    secrets: [clientSecret],
    async close() {
      if (!closed) {
        closed = true;
        await emulator.stop();
      }
    },
  };
}
