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
  type AuthLogger,
  createLivePersonConnector,
  type LivePersonConnector,
  type LivePersonConnectorOptions,
} from "@lpkit/auth";
import type { FetchLike } from "@lpkit/core";
import { CONSUMER_SCOPE, createEmulator, DEMO, type Emulator, type RouteName } from "@lpkit/emulator";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createLeakCheck, type LeakCheck } from "./leak-check.js";
import { createVirtualClock, type VirtualClock } from "./virtual-clock.js";
import type { LogLine } from "./world.js";

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
  const clock = createVirtualClock();
  let current: LeakCheck | undefined;
  // An app of its own with a random secret: the demo secret shares words ("emulator") with file paths.
  const app = {
    accountId: DEMO.accountId,
    clientId: crypto.randomUUID(),
    clientSecret: `Mx-${crypto.randomUUID().replaceAll("-", "")}-Qz`,
    scope: CONSUMER_SCOPE,
  };
  const emulator = createEmulator({
    demo: true,
    now: clock.now,
    onExchange(exchange) {
      const body = exchange.response?.body;
      if (!current || body === undefined) {
        return;
      }
      try {
        const json = JSON.parse(body) as { access_token?: unknown; token?: unknown };
        for (const token of [json.access_token, json.token]) {
          if (typeof token === "string") {
            current.addSecret(token);
          }
        }
      } catch {
        // not a token answer
      }
    },
  });
  beforeAll(async () => {
    await emulator.start();
    emulator.registerApp(app);
  });
  afterAll(() => emulator.stop());
  return {
    emulator,
    world(options = {}) {
      emulator.clearFaults();
      emulator.resetStats();
      emulator.connector.setAgent(() => {}); // a silent agent: nothing but the scenario's own traffic
      emulator.clock.set(clock.now());
      const leaks = createLeakCheck([app.clientSecret]);
      leaks.addPublic(app.clientId);
      leaks.addPublic(DEMO.accountId);
      current = leaks;
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
  const sleeps: number[] = [];
  const logs: LogLine[] = [];
  const events: AuthEvent[] = [];
  const log =
    (level: LogLine["level"]) =>
    (message: string, fields?: unknown): void => {
      logs.push({ level, message, fields });
    };
  const logger: AuthLogger = {
    debug: log("debug"),
    info: log("info"),
    warn: log("warn"),
    error: log("error"),
  };
  const connector = createLivePersonConnector({
    accountId: app.accountId,
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    domainApi: { baseUrl: emulator.domainApiUrl },
    fetch: options.wrapFetch ? options.wrapFetch(base) : base,
    sendApi: options.sendApi,
    idp: options.idp,
    now: clock.now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    logger,
    onEvent: (event) => events.push(event),
  });
  return {
    emulator,
    clock,
    connector,
    sleeps,
    logs,
    events,
    leaks,
    requests: (route) => emulator.stats().requests.byRoute[route]?.total ?? 0,
    messages: () => emulator.stats().connector.messages.fromConsumers,
    async failure(promise) {
      try {
        leaks.observe("unexpected result", await promise);
      } catch (error) {
        leaks.observe("thrown error", error);
        if (!(error instanceof Error)) {
          throw new Error(`expected an Error to be thrown, got ${typeof error}`);
        }
        return error;
      }
      throw new Error("expected the call to fail, but it succeeded");
    },
    async success(promise) {
      const value = await promise;
      leaks.observe("result", value);
      return value;
    },
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
      world.leaks.observe("log lines", world.logs);
      world.leaks.observe("events", world.events);
      world.leaks.observe("LivePersonConnector", world.connector);
      expect(world.leaks.size.secrets, "the leak check knows the secrets to look for").toBeGreaterThanOrEqual(
        1,
      );
      expect(world.leaks.findings()).toEqual([]);
    } finally {
      world.connector.dispose();
      world.emulator.clearFaults();
      world.emulator.connector.setAgent(undefined);
    }
  });
}
