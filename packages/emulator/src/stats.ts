/**
 * Counters for everything the emulator does, so tests and benchmarks can assert on them:
 * requests per route and status, domain lookups, tokens issued per app and version,
 * invocations (requests for a lambda) and executions (the handler actually ran) per lambda.
 *
 * @module
 */
import { type ConnectorStats, emptyConnectorStats } from "./connector/connector-stats.js";
import type { RouteName } from "./routes.js";
import type { TokenVersion } from "./signing-keys.js";

/**
 * Requests seen on one route.
 *
 * @example
 * ```ts
 * const stats: RouteStats | undefined = emulator.stats().requests.byRoute["faasgw.invoke"];
 * ```
 */
export interface RouteStats {
  total: number;
  /** Count per answered status (`"200"`, `"901"`, …) or `"reset"` / `"hang"` for faults without one. */
  byStatus: Record<string, number>;
}

/**
 * A snapshot of the emulator's counters (a plain copy: later requests do not change it).
 *
 * @example
 * ```ts
 * const { executions } = emulator.stats();
 * expect(executions.byLambda[lambdaUuid]).toBe(1); // ran exactly once
 * ```
 */
export interface EmulatorStats {
  requests: {
    total: number;
    byRoute: Partial<Record<RouteName | "unknown", RouteStats>>;
  };
  domainLookups: {
    total: number;
    byAccount: Record<string, number>;
  };
  tokens: {
    /** Tokens issued. */
    issued: number;
    /** Token requests refused (400/401). */
    rejected: number;
    /** Token requests answered 429 by the Sentinel rate limit (`tokensPerMinute`). */
    rateLimited: number;
    byVersion: Record<TokenVersion, number>;
    byClient: Record<string, Record<TokenVersion, number>>;
    /** Rate-limited token requests per client id. */
    rateLimitedByClient: Record<string, number>;
  };
  invocations: {
    /** Invoke requests that named a lambda or event (counted on arrival, whatever the outcome). */
    total: number;
    byLambda: Record<string, number>;
    byEvent: Record<string, number>;
  };
  executions: {
    /** Handler runs that started: the number that matters for exactly-once checks. */
    total: number;
    byLambda: Record<string, number>;
  };
  faults: {
    applied: number;
    byRoute: Partial<Record<RouteName, number>>;
  };
  bodies: {
    /** Request body bytes the emulator read. */
    bytesRead: number;
    /** Requests answered without reading the body they announced (refused before it). */
    refusedUnread: number;
    /** Bodies over their route's size limit (413). */
    tooLarge: number;
    /** Bodies refused because the bodies in flight filled the memory budget (503). */
    overBudget: number;
  };
  /** The Connector API: ConsumerJWS issued, conversations, sends, messages, webhook deliveries. */
  connector: ConnectorStats;
}

function empty(): EmulatorStats {
  return {
    requests: { total: 0, byRoute: {} },
    domainLookups: { total: 0, byAccount: {} },
    tokens: {
      issued: 0,
      rejected: 0,
      rateLimited: 0,
      byVersion: { v1: 0, v2: 0 },
      byClient: {},
      rateLimitedByClient: {},
    },
    invocations: { total: 0, byLambda: {}, byEvent: {} },
    executions: { total: 0, byLambda: {} },
    faults: { applied: 0, byRoute: {} },
    bodies: { bytesRead: 0, refusedUnread: 0, tooLarge: 0, overBudget: 0 },
    connector: emptyConnectorStats(),
  };
}

/** An own-key write: a key such as `"__proto__"` or `"constructor"` (an event id) stays a plain key. */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

function ownCount<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function bump(record: Record<string, number>, key: string): void {
  setOwn(record, key, (ownCount(record, key) ?? 0) + 1);
}

/** The mutable counters behind `emulator.stats()`. */
export class StatsRecorder {
  #stats = empty();
  readonly #connector: { readonly stats: ConnectorStats; resetStats(): void } | undefined;

  /** `connector` keeps the Connector API's counters (they live with its state). */
  constructor(connector?: { readonly stats: ConnectorStats; resetStats(): void }) {
    this.#connector = connector;
  }

  /** A deep copy of the counters. */
  snapshot(): EmulatorStats {
    const copy = structuredClone(this.#stats);
    if (this.#connector) {
      copy.connector = structuredClone(this.#connector.stats);
    }
    return copy;
  }

  /** Sets every counter back to zero. */
  reset(): void {
    this.#stats = empty();
    this.#connector?.resetStats();
  }

  request(route: RouteName | "unknown"): void {
    this.#stats.requests.total += 1;
    this.#stats.requests.byRoute[route] ??= { total: 0, byStatus: {} };
    (this.#stats.requests.byRoute[route] as RouteStats).total += 1;
  }

  answered(route: RouteName | "unknown", status: number | "reset" | "hang"): void {
    this.#stats.requests.byRoute[route] ??= { total: 0, byStatus: {} };
    bump((this.#stats.requests.byRoute[route] as RouteStats).byStatus, String(status));
  }

  domainLookup(accountId: string): void {
    this.#stats.domainLookups.total += 1;
    bump(this.#stats.domainLookups.byAccount, accountId);
  }

  tokenIssued(clientId: string, version: TokenVersion): void {
    this.#stats.tokens.issued += 1;
    this.#stats.tokens.byVersion[version] += 1;
    const perClient = ownCount(this.#stats.tokens.byClient, clientId) ?? { v1: 0, v2: 0 };
    perClient[version] += 1;
    setOwn(this.#stats.tokens.byClient, clientId, perClient);
  }

  tokenRejected(): void {
    this.#stats.tokens.rejected += 1;
  }

  tokenRateLimited(clientId: string): void {
    this.#stats.tokens.rateLimited += 1;
    bump(this.#stats.tokens.rateLimitedByClient, clientId);
  }

  bodyBytes(bytes: number): void {
    this.#stats.bodies.bytesRead += bytes;
  }

  bodyRefusedUnread(): void {
    this.#stats.bodies.refusedUnread += 1;
  }

  bodyRefused(reason: "too-large" | "over-budget"): void {
    if (reason === "too-large") {
      this.#stats.bodies.tooLarge += 1;
    } else {
      this.#stats.bodies.overBudget += 1;
    }
  }

  invocation(target: { lambdaUuid: string } | { eventId: string }): void {
    this.#stats.invocations.total += 1;
    if ("lambdaUuid" in target) {
      bump(this.#stats.invocations.byLambda, target.lambdaUuid);
    } else {
      bump(this.#stats.invocations.byEvent, target.eventId);
    }
  }

  execution(lambdaUuid: string): void {
    this.#stats.executions.total += 1;
    bump(this.#stats.executions.byLambda, lambdaUuid);
  }

  fault(route: RouteName): void {
    this.#stats.faults.applied += 1;
    this.#stats.faults.byRoute[route] = (this.#stats.faults.byRoute[route] ?? 0) + 1;
  }
}
