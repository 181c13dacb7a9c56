/**
 * `createEmulator()`: the Domain API, Sentinel and faasGW on one loopback port, with counters,
 * fault rules, a controllable clock, key rotation and optional HTTPS.
 *
 * @module
 */
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { createClock } from "./clock.js";
import {
  checkAccountId,
  demoAccounts,
  demoApps,
  demoLambdas,
  normaliseAccount,
  normaliseApp,
} from "./config.js";
import { createEmulatorFetch } from "./emulator-fetch.js";
import type { Emulator, EmulatorOptions } from "./emulator-types.js";
import { FaultSet } from "./faults.js";
import type { LambdaHandler } from "./lambda-types.js";
import { DEFAULT_LAMBDA_TIMEOUT_MS, LambdaRegistry, toRegisteredLambda } from "./lambdas.js";
import { issueToken } from "./sentinel.js";
import { createRequestListener, DEFAULT_MAX_BODY_BYTES, defaultErrorBody } from "./server.js";
import { KeyRing } from "./signing-keys.js";
import type { AccountState, AdvertisedHosts, AppState, EmulatorState } from "./state.js";
import { StatsRecorder } from "./stats.js";
import { type EmulatorCertificates, generateCertificates } from "./tls.js";

function hostForUrl(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

function checkNumber(value: number | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new TypeError(`createEmulator: ${name} must be a number of at least ${min}`);
  }
  return value;
}

type AnyServer = http.Server | https.Server;

function listenOn(server: AnyServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: AnyServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

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
  const tokenTtlSec = checkNumber(options.tokenTtlSec, "tokenTtlSec", 3600, 1);
  const keyGraceSec = checkNumber(options.keyGraceSec, "keyGraceSec", tokenTtlSec);
  const lambdaTimeoutMs = checkNumber(
    options.lambdaTimeoutMs,
    "lambdaTimeoutMs",
    DEFAULT_LAMBDA_TIMEOUT_MS,
    1,
  );
  const maxBodyBytes = checkNumber(options.maxBodyBytes, "maxBodyBytes", DEFAULT_MAX_BODY_BYTES, 1);
  const requestedPort = checkNumber(options.port, "port", 0);
  const host = options.host ?? "127.0.0.1";
  const tls = options.tls === true;
  const wildcard = host === "0.0.0.0" || host === "::";
  const publicHost = options.publicHost ?? (wildcard ? "127.0.0.1" : host);
  const v2FaasHost = options.v2FaasHost ?? "fninvocations.localhost";
  if (!v2FaasHost.includes("fninvocations")) {
    throw new TypeError(
      "createEmulator: v2FaasHost must contain fninvocations (that is how clients spot V2)",
    );
  }
  const clock = createClock(options.now ?? Date.now);
  const stats = new StatsRecorder();
  const lambdaRegistry = new LambdaRegistry();
  const accounts = new Map<string, AccountState>();
  const apps = new Map<string, AppState>();
  const useDemo = options.demo ?? (!options.accounts && !options.apps && !options.lambdas);
  for (const account of [...(useDemo ? demoAccounts() : []), ...(options.accounts ?? [])]) {
    const normalised = normaliseAccount(account);
    accounts.set(normalised.id, normalised);
  }
  for (const app of [...(useDemo ? demoApps() : []), ...(options.apps ?? [])]) {
    const normalised = normaliseApp(app);
    apps.set(normalised.clientId, normalised);
  }
  for (const lambda of [...(useDemo ? demoLambdas() : []), ...(options.lambdas ?? [])]) {
    lambdaRegistry.registerDefinition(lambda);
  }

  let state: EmulatorState | undefined;
  let keys: KeyRing | undefined;
  let certificates: EmulatorCertificates | undefined;
  let stopController = new AbortController();
  let servers: AnyServer[] = [];
  let mainPort: number | undefined;
  let plainUrl: string | undefined;
  const ports = new Set<number>();
  let hosts: AdvertisedHosts | undefined;

  const requireState = (): EmulatorState => {
    if (!state) {
      throw new Error("the emulator is not running: await emulator.start() first");
    }
    return state;
  };
  const faults = new FaultSet((route, status, params) =>
    defaultErrorBody(requireState(), route, status, params),
  );
  const listener = createRequestListener({
    state: requireState,
    faults,
    maxBodyBytes,
    onExchange: options.onExchange,
  });
  const createServer = (secure: boolean): AnyServer => {
    const server = secure
      ? https.createServer({ key: certificates?.key, cert: certificates?.cert }, listener)
      : http.createServer(listener);
    server.keepAliveTimeout = 5_000;
    servers.push(server);
    return server;
  };
  const scheme = tls ? "https" : "http";
  const url = (): string => {
    if (mainPort === undefined) {
      throw new Error("the emulator is not running: await emulator.start() first");
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
      hostNames: new Set([
        "127.0.0.1",
        "localhost",
        "[::1]",
        hostForUrl(publicHost),
        v2FaasHost,
        hostForUrl(host),
      ]),
    };
  });

  const emulator: Emulator = {
    async start() {
      if (state) {
        throw new Error("the emulator is already running");
      }
      stopController = new AbortController();
      const [ring, certs] = await Promise.all([
        keys ?? KeyRing.create(clock, keyGraceSec * 1000),
        tls ? generateCertificates([publicHost, v2FaasHost, host]) : Promise.resolve(undefined),
      ]);
      keys = ring;
      certificates = certs;
      servers = [];
      ports.clear();
      try {
        mainPort = await listenOn(createServer(tls), requestedPort, host);
        ports.add(mainPort);
        if (tls) {
          const internal = await listenOn(createServer(false), 0, "127.0.0.1");
          plainUrl = `http://127.0.0.1:${internal}`;
        } else {
          plainUrl = `http://${hostForUrl(wildcard ? "127.0.0.1" : host)}:${mainPort}`;
        }
      } catch (error) {
        await Promise.all(servers.map(closeServer));
        servers = [];
        mainPort = undefined;
        throw error;
      }
      const defaultPort = tls ? 443 : 80;
      const suffix = mainPort === defaultPort ? "" : `:${mainPort}`;
      hosts = {
        sentinel: `${hostForUrl(publicHost)}${suffix}`,
        faasGW: `${hostForUrl(publicHost)}${suffix}`,
        faasGWV2: `${v2FaasHost}${suffix}`,
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
        stopSignal: stopController.signal,
      };
    },
    async stop() {
      stopController.abort(new Error("the emulator stopped"));
      const closing = servers;
      servers = [];
      await Promise.all(closing.map(closeServer));
      state = undefined;
      mainPort = undefined;
      plainUrl = undefined;
      ports.clear();
    },
    get url() {
      return url();
    },
    get domainApiUrl() {
      return url();
    },
    get hosts() {
      if (!hosts || !state) {
        throw new Error("the emulator is not running: await emulator.start() first");
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
    registerAccount(account) {
      const normalised = normaliseAccount(account);
      accounts.set(normalised.id, normalised);
    },
    registerApp(app) {
      const normalised = normaliseApp(app);
      apps.set(normalised.clientId, normalised);
    },
    registerLambda(uuid, handler, lambdaOptions) {
      lambdaRegistry.register(toRegisteredLambda(uuid, handler as LambdaHandler, lambdaOptions));
    },
    unregisterLambda(uuid) {
      return lambdaRegistry.unregister(uuid);
    },
    lambdas: () => lambdaRegistry.list(),
    accounts: () => [...accounts.values()],
    apps: () => [...apps.values()],
    fault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    async rotateKeys(rotateOptions) {
      if (!keys) {
        throw new Error("keys are generated by start()");
      }
      return keys.rotate(rotateOptions);
    },
    jwks() {
      if (!keys) {
        throw new Error("keys are generated by start()");
      }
      return keys.jwks();
    },
    async mintToken(mint) {
      const accountId = checkAccountId(mint?.accountId, "mintToken");
      return issueToken(requireState(), {
        app: {
          accountId,
          clientId: mint.clientId ?? "emulator-test-client",
          scope: mint.scope ?? "faas.lambda.invoke",
        },
        version: mint.version ?? "v2",
        ttlSec: mint.ttlSec,
      });
    },
    stats: () => stats.snapshot(),
    resetStats: () => stats.reset(),
    async listen(listenOptions) {
      requireState();
      const port = checkNumber(listenOptions?.port, "port", 0);
      const secure = listenOptions.tls ?? tls;
      if (secure && !certificates) {
        throw new Error("listen: tls needs an emulator created with { tls: true }");
      }
      const listenHost = listenOptions.host ?? host;
      const server = createServer(secure);
      const actual = await listenOn(server, port, listenHost);
      ports.add(actual);
      return `${secure ? "https" : "http"}://${hostForUrl(listenHost)}:${actual}`;
    },
  };
  return emulator;
}

export type { Emulator, EmulatorOptions, ListenOptions, MintTokenOptions } from "./emulator-types.js";
