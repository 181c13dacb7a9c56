/**
 * The Connector API's fault-matrix harness: one emulator per test file (on a virtual clock), and per
 * scenario a fresh `createLivePersonConnector` wired to it as an application would wire it, with
 * recorded sleeps, logs and events, request counters, and a leak check over everything the facade
 * throws, logs or emits — the client secret, every AppJWT and every ConsumerJWS the emulator issued
 * (and every 8-character piece of them) must appear nowhere.
 *
 * @module
 */
import {
  type AuthEvent,
  createLivePersonConnector,
  type LivePersonConnector,
  type LivePersonConnectorOptions,
} from "@lpkit/auth";
import type { FetchLike } from "@lpkit/core";
import { CONSUMER_SCOPE, DEMO, type Emulator, type RouteName } from "@lpkit/emulator";
import { it } from "vitest";
import type { LeakCheck } from "./leak-check.js";
import type { VirtualClock } from "./virtual-clock.js";
import type { LogLine } from "./world.js";
import {
  assertNoLeaksIn,
  createRecorders,
  observedOutcomes,
  tokensInBody,
  useSharedEmulator,
} from "./world-base.js";

/** One scenario's view of the facade and the emulator. */
export interface ConnectorWorld {
  readonly emulator: Emulator;
  readonly clock: VirtualClock;
  readonly connector: LivePersonConnector;
  /** Every back-off the facade asked to sleep, in ms (nothing really waits). */
  readonly sleeps: number[];
  readonly logs: LogLine[];
  readonly events: AuthEvent[];
  readonly leaks: LeakCheck;
  /** Requests that reached the emulator on `route`. */
  requests(route: RouteName): number;
  /** Texts consumers published, as the emulator counted them (each once: the duplicate check). */
  messages(): number;
  /** Awaits `promise`, which must reject; returns the error (observed by the leak check). */
  failure(promise: Promise<unknown>): Promise<Error>;
  /** Awaits `promise`, which must resolve; returns the value (observed by the leak check). */
  success<T>(promise: Promise<T>): Promise<T>;
}

/** How a scenario's facade is wired. */
export interface ConnectorWorldOptions {
  /** Wraps the transport, e.g. to refuse the first connection. */
  wrapFetch?: ((inner: FetchLike) => FetchLike) | undefined;
  sendApi?: LivePersonConnectorOptions["sendApi"];
  idp?: LivePersonConnectorOptions["idp"];
}

/** The shared emulator of one test file and a way to get a fresh world. */
export interface ConnectorEnv {
  readonly emulator: Emulator;
  world(options?: ConnectorWorldOptions): ConnectorWorld;
}

/**
 * Starts one emulator for the test file and stops it afterwards.
 *
 * @example
 * ```ts
 * const env = useConnectorEmulator();
 * connectorScenario(env, "SEND 503 → not retried", async (w) => { … });
 * ```
 */
export function useConnectorEmulator(): ConnectorEnv {
  // An app of its own with a random secret: the demo secret shares words ("emulator") with file paths.
  const app = {
    accountId: DEMO.accountId,
    clientId: crypto.randomUUID(),
    clientSecret: `Mx-${crypto.randomUUID().replaceAll("-", "")}-Qz`,
    scope: CONSUMER_SCOPE,
  };
  const shared = useSharedEmulator(
    { demo: true },
    (exchange) => tokensInBody(exchange.response?.body, ["access_token", "token"]),
    (emulator) => emulator.registerApp(app),
  );
  const { emulator, clock } = shared;
  return {
    emulator,
    world(options = {}) {
      emulator.connector.setAgent(() => {}); // a silent agent: nothing but the scenario's own traffic
      const leaks = shared.begin([app.clientSecret], [app.clientId, DEMO.accountId]);
      return createWorld(emulator, clock, leaks, app, options);
    },
  };
}

function createWorld(
  emulator: Emulator,
  clock: VirtualClock,
  leaks: LeakCheck,
  app: { accountId: string; clientId: string; clientSecret: string },
  options: ConnectorWorldOptions,
): ConnectorWorld {
  const base: FetchLike = (request) => emulator.fetch(request);
  const recorded = createRecorders();
  const connector = createLivePersonConnector({
    accountId: app.accountId,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    domainApi: { baseUrl: emulator.domainApiUrl },
    fetch: options.wrapFetch ? options.wrapFetch(base) : base,
    sendApi: options.sendApi,
    idp: options.idp,
    now: clock.now,
    sleep: recorded.sleep,
    random: () => 0.5,
    logger: recorded.logger,
    onEvent: recorded.onEvent,
  });
  return {
    emulator,
    clock,
    connector,
    sleeps: recorded.sleeps,
    logs: recorded.logs,
    events: recorded.events,
    leaks,
    requests: (route) => emulator.stats().requests.byRoute[route]?.total ?? 0,
    messages: () => emulator.stats().connector.messages.fromConsumers,
    ...observedOutcomes(leaks),
  };
}

/**
 * Declares one Connector scenario: a fresh world, the body, then the leak check over everything
 * observed, the logs, the events and the facade itself.
 *
 * @example
 * ```ts
 * connectorScenario(env, "IdP 503 once → retried, 2 requests", async (w) => { … });
 * ```
 */
export function connectorScenario(
  env: ConnectorEnv,
  name: string,
  body: (world: ConnectorWorld) => Promise<void>,
  options?: ConnectorWorldOptions,
): void {
  it(name, async () => {
    const world = env.world(options);
    try {
      await body(world);
      assertNoLeaksIn(world.leaks, world, ["LivePersonConnector", world.connector], 1);
    } finally {
      world.connector.dispose();
      world.emulator.clearFaults();
      world.emulator.connector.setAgent(undefined);
    }
  });
}
