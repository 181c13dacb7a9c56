/**
 * `createEmulator()`: the Domain API, Sentinel and faasGW on one loopback port, with counters,
 * fault rules, a controllable clock, key rotation and optional HTTPS.
 *
 * @module
 */
import http from "node:http";
import https from "node:https";
import { createAdminEndpoint } from "./admin.js";
import { BodyBudget } from "./body.js";
import { createClock } from "./clock.js";
import { createConnectorApi } from "./connector/connector-api.js";
import { ClockScheduler } from "./connector/scheduler.js";
import { ConnectorWorld } from "./connector/world.js";
import { createEmulatorFetch } from "./emulator-fetch.js";
import { keyMethods, registryMethods } from "./emulator-methods.js";
import { checkPort, initialConfiguration, settle } from "./emulator-options.js";
import type { Emulator, EmulatorOptions } from "./emulator-types.js";
import { defaultErrorBody } from "./error-bodies.js";
import { FaultSet } from "./faults.js";
import {
  type AnyServer,
  type BoundAddress,
  checkListenHost,
  closeServer,
  hostForUrl,
  listenOn,
} from "./listening.js";
import { createRequestListener } from "./server.js";
import { KeyRing } from "./signing-keys.js";
import type { AdvertisedHosts, EmulatorState } from "./state.js";
import { StatsRecorder } from "./stats.js";
import { type EmulatorCertificates, generateCertificates } from "./tls.js";
import { TokenRateLimiter } from "./token-rate-limit.js";

const NOT_RUNNING = "the emulator is not running: await emulator.start() first";

/** How long the emulator keeps an idle keep-alive connection open. */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Creates an emulator of LivePerson's Domain API, Sentinel and faasGW. Call `start()`.
 *
 * @example
 * ```ts
 * import { createEmulator, DEMO } from "@lpkit/emulator";
 *
 * const emulator = createEmulator();
 * await emulator.start();
 * const res = await fetch(`${emulator.url}/api/account/${DEMO.accountId}/service/baseURI.json?version=1.0`);
 * console.log(await res.json()); // { baseURIs: [{ service: "sentinel", … }, { service: "faasGW", … }] }
 * await emulator.stop();
 * ```
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const settings = settle(options);
  const { tokenTtlSec, keyGraceSec, lambdaTimeoutMs, host, expose, tls, wildcard, publicHost, v2FaasHost } =
    settings;
  const baseNow = options.now ?? Date.now;
  const scheduler = new ClockScheduler(() => clock.now());
  const clock = createClock(baseNow, () => scheduler.tick());
  const { accounts, apps, lambdaRegistry } = initialConfiguration(options);
  const world = new ConnectorWorld({
    now: () => clock.now(),
    scheduler,
    apps: () => apps.values(),
    agent: options.agent,
    webhookTimeoutMs: settings.webhookTimeoutMs,
    webhookSlowMs: settings.webhookSlowMs,
  });
  const stats = new StatsRecorder(world);
  const rateLimit = new TokenRateLimiter(clock, options.tokensPerMinute);
  const budget = new BodyBudget(settings.maxBufferedBodyBytes);

  let state: EmulatorState | undefined;
  let keys: KeyRing | undefined;
  let certificates: EmulatorCertificates | undefined;
  let stopController = new AbortController();
  let servers: AnyServer[] = [];
  let mainPort: number | undefined;
  let bound: BoundAddress | undefined;
  let plainUrl: string | undefined;
  const ports = new Set<number>();
  let hosts: AdvertisedHosts | undefined;

  const requireState = (): EmulatorState => {
    if (!state) {
      throw new Error(NOT_RUNNING);
    }
    return state;
  };
  const faults = new FaultSet((route, status, params) =>
    defaultErrorBody(requireState(), route, status, params),
  );
  const listener = createRequestListener({
    state: requireState,
    faults,
    maxBodyBytes: settings.maxBodyBytes,
    budget,
    onExchange: options.onExchange,
    log: options.log,
    cors: settings.cors,
    admin: settings.admin
      ? createAdminEndpoint({ faults, clock, baseNow, stats, rateLimit, budget })
      : undefined,
  });
  const createServer = (secure: boolean): AnyServer => {
    const server = secure
      ? https.createServer({ key: certificates?.key, cert: certificates?.cert }, listener)
      : http.createServer(listener);
    // Idle keep-alive connections stay open for a minute. Clients drop an idle connection a little
    // before the server's advertised timeout; with Node's 5 s default a busy machine delays the
    // client's timer past the server's, and the next request on that connection is reset. stop()
    // closes every connection anyway.
    server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    servers.push(server);
    return server;
  };
  const scheme = tls ? "https" : "http";
  const url = (): string => {
    if (mainPort === undefined) {
      throw new Error(NOT_RUNNING);
    }
    return `${scheme}://${hostForUrl(wildcard ? publicHost : host)}:${mainPort}`;
  };

  const emulatorFetch = createEmulatorFetch(() => {
    if (!plainUrl || !hosts) {
      throw new TypeError("the emulator is not running");
    }
    return {
      plainUrl,
      ports,
      hostNames: new Set(
        ["127.0.0.1", "localhost", "[::1]", hostForUrl(publicHost), v2FaasHost, hostForUrl(host)].map(
          (name) => name.toLowerCase(),
        ),
      ),
    };
  });

  const emulator: Emulator = {
    async start() {
      if (state) {
        throw new Error("the emulator is already running");
      }
      stopController = new AbortController();
      scheduler.resume();
      world.resume();
      const [ring, certs] = await Promise.all([
        keys ?? KeyRing.create(clock, keyGraceSec * 1000),
        tls ? generateCertificates([publicHost, v2FaasHost, host]) : Promise.resolve(undefined),
      ]);
      keys = ring;
      certificates = certs;
      servers = [];
      ports.clear();
      try {
        bound = await listenOn(createServer(tls), settings.port, host, expose);
        mainPort = bound.port;
        ports.add(mainPort);
        if (tls) {
          const internal = await listenOn(createServer(false), 0, "127.0.0.1", false);
          plainUrl = `http://127.0.0.1:${internal.port}`;
        } else {
          plainUrl = `http://${hostForUrl(wildcard ? "127.0.0.1" : host)}:${mainPort}`;
        }
      } catch (error) {
        await Promise.all(servers.map(closeServer));
        servers = [];
        mainPort = undefined;
        bound = undefined;
        throw error;
      }
      const defaultPort = tls ? 443 : 80;
      const suffix = mainPort === defaultPort ? "" : `:${mainPort}`;
      hosts = {
        sentinel: `${hostForUrl(publicHost)}${suffix}`,
        faasGW: `${hostForUrl(publicHost)}${suffix}`,
        faasGWV2: `${v2FaasHost}${suffix}`,
        idp: `${hostForUrl(publicHost)}${suffix}`,
        asyncMessagingEnt: `${hostForUrl(publicHost)}${suffix}`,
      };
      state = {
        clock,
        keys: ring,
        stats,
        lambdas: lambdaRegistry,
        accounts,
        apps,
        tokenTtlSec,
        lambdaTimeoutMs,
        hosts,
        tokenRateLimit: rateLimit,
        stopSignal: stopController.signal,
        connector: world,
      };
    },
    async stop() {
      stopController.abort(new Error("the emulator stopped"));
      world.stop();
      scheduler.stop();
      const closing = servers;
      servers = [];
      await Promise.all(closing.map(closeServer));
      state = undefined;
      mainPort = undefined;
      bound = undefined;
      plainUrl = undefined;
      ports.clear();
    },
    get url() {
      return url();
    },
    get domainApiUrl() {
      return url();
    },
    get address() {
      if (!bound) {
        throw new Error(NOT_RUNNING);
      }
      return { ...bound };
    },
    get adminUrl() {
      return settings.admin ? `${url()}/__lpkit` : undefined;
    },
    get hosts() {
      if (!hosts || !state) {
        throw new Error(NOT_RUNNING);
      }
      return { ...hosts };
    },
    get ca() {
      return certificates?.ca;
    },
    get v1PublicKey() {
      if (!keys) {
        throw new Error("keys are generated by start()");
      }
      return keys.v1PublicKeyPem;
    },
    get v1PublicJwk() {
      if (!keys) {
        throw new Error("keys are generated by start()");
      }
      return keys.v1PublicJwk;
    },
    clock,
    fetch: emulatorFetch,
    ...registryMethods({ accounts, apps, lambdaRegistry }, expose),
    fault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    ...keyMethods(() => keys, requireState),
    setTokenRateLimit: (perMinute) => rateLimit.set(perMinute),
    get tokenRateLimit() {
      return rateLimit.perMinute;
    },
    connector: createConnectorApi(world, scheduler, () => keys, requireState),
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    async listen(listenOptions) {
      requireState();
      const port = checkPort(listenOptions?.port);
      const secure = listenOptions.tls ?? tls;
      if (secure && !certificates) {
        throw new Error("listen: tls needs an emulator created with { tls: true }");
      }
      const listenHost = listenOptions.host ?? host;
      checkListenHost(listenHost, expose, "listen");
      const server = createServer(secure);
      const actual = await listenOn(server, port, listenHost, expose);
      ports.add(actual.port);
      return `${secure ? "https" : "http"}://${hostForUrl(listenHost)}:${actual.port}`;
    },
  };
  return emulator;
}

export type { Emulator, EmulatorOptions, ListenOptions, MintTokenOptions } from "./emulator-types.js";
