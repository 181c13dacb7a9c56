/**
 * The fault-matrix harness: one emulator per test file (on a virtual clock), and per scenario a
 * fresh "world" — lpkit wired to the emulator the way an application would wire it
 * (`createLivePersonFunctions`), with recorded sleeps, logs and events, request counters and a
 * leak check over everything lpkit throws, logs or emits.
 *
 * @module
 */
import {
  type AuthEvent,
  createLivePersonFunctions,
  type FunctionsFaasOptions,
  type LivePersonFunctions,
  type LivePersonFunctionsOptions,
} from "@lpkit/auth";
import type { FetchLike } from "@lpkit/core";
import { DEMO, type Emulator, type EmulatorOptions, type RouteName } from "@lpkit/emulator";
import type { LeakCheck } from "./leak-check.js";
import type { VirtualClock } from "./virtual-clock.js";
import {
  assertNoLeaksIn,
  createRecorders,
  type LogLine,
  observedOutcomes,
  tokensInBody,
  useSharedEmulator,
} from "./world-base.js";

export type { LogLine } from "./world-base.js";

/** Every client secret of the demo apps: none may ever show up in lpkit's output. */
export const DEMO_SECRETS: readonly string[] = [DEMO.clientSecret, DEMO.v2ClientSecret];

/** How a scenario's lpkit is wired. */
export interface WorldOptions {
  /** Functions convention of the account: `v1` = `DEMO.accountId`, `v2` = `DEMO.v2AccountId`. Default `v1`. */
  account?: "v1" | "v2" | undefined;
  /** Sentinel token API version. Default `v2`. */
  sentinel?: "v1" | "v2" | undefined;
  /** `v` on the v1 token path. */
  v1Query?: "1.0" | "2.0" | undefined;
  /** faasGW client options. */
  faas?: FunctionsFaasOptions | undefined;
  /** Token manager options. */
  tokens?: LivePersonFunctionsOptions["tokens"];
  /** Domain resolver options (besides the emulator's base URL). */
  domainApi?: LivePersonFunctionsOptions["domainApi"];
  /** Wraps the transport, e.g. to refuse the first connection. */
  wrapFetch?: ((inner: FetchLike) => FetchLike) | undefined;
  /** Use this client secret instead of the app's (e.g. a wrong one); it is registered as a secret. */
  clientSecret?: string | undefined;
}

/** One scenario's view of lpkit and the emulator. */
export interface World {
  readonly emulator: Emulator;
  readonly clock: VirtualClock;
  readonly lp: LivePersonFunctions;
  readonly account: { accountId: string; clientId: string; clientSecret: string };
  /** The transport lpkit uses (the emulator's `fetch`, possibly wrapped). */
  readonly fetch: FetchLike;
  /** Every back-off lpkit asked to sleep, in ms (nothing really waits). */
  readonly sleeps: number[];
  readonly logs: LogLine[];
  readonly events: AuthEvent[];
  readonly leaks: LeakCheck;
  /** Requests that reached the emulator on `route`. */
  requests(route: RouteName): number;
  /** Answers on `route` with `status` (`"reset"` and `"hang"` included). */
  answered(route: RouteName, status: number | "reset" | "hang"): number;
  /** Handler runs of a lambda (default the demo echo lambda) that started. */
  executions(lambdaUuid?: string): number;
  /** Tokens Sentinel issued. */
  tokensIssued(): number;
  /** Signs a token directly and registers it as a secret. */
  mint(options?: { ttlSec?: number; version?: "v1" | "v2"; scope?: string }): Promise<string>;
  /** Awaits `promise`, which must reject; returns the error (observed by the leak check). */
  failure(promise: Promise<unknown>): Promise<Error>;
  /** Awaits `promise`, which must resolve; returns the value (observed by the leak check). */
  success<T>(promise: Promise<T>): Promise<T>;
  /** Asserts that no secret appears in anything observed, the logs, the events or lpkit's own objects. */
  assertNoLeaks(): void;
}

/** The shared emulator of one test file. */
export interface EmulatorEnv {
  readonly emulator: Emulator;
  readonly clock: VirtualClock;
  /** A fresh world: faults cleared, counters at zero, the emulator clock in line with lpkit's. */
  world(options?: WorldOptions): World;
}

/**
 * Starts one emulator for the test file (in `beforeAll`) and stops it afterwards.
 *
 * @example
 * ```ts
 * const env = useEmulator();
 * it("…", async () => {
 *   const w = env.world();
 *   await w.success(w.lp.invoke(DEMO.lambdaUuid, {}));
 * });
 * ```
 */
export function useEmulator(options: Omit<EmulatorOptions, "now" | "onExchange"> = {}): EmulatorEnv {
  const shared = useSharedEmulator(options, (exchange) => [
    /^Bearer\s+(\S+)/i.exec(exchange.request.headers.authorization ?? "")?.[1],
    ...(exchange.route?.startsWith("sentinel.token")
      ? tokensInBody(exchange.response?.body, ["access_token"])
      : []),
  ]);
  const { emulator, clock } = shared;
  return {
    emulator,
    clock,
    world(worldOptions = {}) {
      // Public values the demo secrets share fragments with: client ids, account ids, the minted azp.
      const leaks = shared.begin(DEMO_SECRETS, [
        DEMO.clientId,
        DEMO.v2ClientId,
        DEMO.accountId,
        DEMO.v2AccountId,
        "emulator-test-client",
      ]);
      return createWorld(emulator, clock, leaks, worldOptions);
    },
  };
}

function createWorld(
  emulator: Emulator,
  clock: VirtualClock,
  leaks: LeakCheck,
  options: WorldOptions,
): World {
  const demo =
    options.account === "v2"
      ? { accountId: DEMO.v2AccountId, clientId: DEMO.v2ClientId, clientSecret: DEMO.v2ClientSecret }
      : { accountId: DEMO.accountId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret };
  const account = { ...demo, clientSecret: options.clientSecret ?? demo.clientSecret };
  leaks.addSecret(account.clientSecret);
  const base: FetchLike = (request) => emulator.fetch(request);
  const fetch = options.wrapFetch ? options.wrapFetch(base) : base;
  const recorded = createRecorders();
  const lp = createLivePersonFunctions({
    ...account,
    version: options.sentinel ?? "v2",
    v1Query: options.v1Query,
    domainApi: { ...options.domainApi, baseUrl: emulator.domainApiUrl },
    tokens: options.tokens,
    faas: options.faas,
    fetch,
    now: clock.now,
    sleep: recorded.sleep,
    random: () => 0.5,
    logger: recorded.logger,
    onEvent: recorded.onEvent,
  });
  const stats = () => emulator.stats();
  const world: World = {
    emulator,
    clock,
    lp,
    account,
    fetch,
    sleeps: recorded.sleeps,
    logs: recorded.logs,
    events: recorded.events,
    leaks,
    requests: (route) => stats().requests.byRoute[route]?.total ?? 0,
    answered: (route, status) => stats().requests.byRoute[route]?.byStatus[String(status)] ?? 0,
    executions: (lambdaUuid = DEMO.lambdaUuid) => stats().executions.byLambda[lambdaUuid] ?? 0,
    tokensIssued: () => stats().tokens.issued,
    async mint(mintOptions = {}) {
      const token = await emulator.mintToken({ accountId: account.accountId, ...mintOptions });
      leaks.addSecret(token);
      return token;
    },
    ...observedOutcomes(leaks),
    assertNoLeaks() {
      assertNoLeaksIn(leaks, recorded, ["LivePersonFunctions", lp], 2);
    },
  };
  return world;
}
