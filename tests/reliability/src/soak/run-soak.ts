/**
 * The soak: many invocations through `createLivePersonFunctions` against the emulator, at a fixed
 * concurrency, with seeded random faults on every API, short-lived tokens on a virtual clock (so
 * tokens rotate many times), signing-key rotations, and a lambda that records every execution — to
 * count duplicate executions (the target is zero), typed failures by code, token requests, heap
 * growth and latency.
 *
 * @module
 */
import { createLivePersonFunctions } from "@lpkit/auth";
import type { FetchLike } from "@lpkit/core";
import { createEmulator, DEMO } from "@lpkit/emulator";
import { closedPort } from "../harness/refused.js";
import { createVirtualClock } from "../harness/virtual-clock.js";
import { classify, faultRules, heapMb, loopbackFetch, percentile, prng, sortKeys } from "./soak-support.js";

export { faultRules } from "./soak-support.js";

/** Settings of one soak run. */
export interface SoakOptions {
  /** Invocations to make. */
  invokes: number;
  /** Invocations in flight at once. */
  concurrency: number;
  /** Share of requests (on every route) that meet an injected fault, 0–1. */
  faultRate: number;
  /** Seed of every fault rule's PRNG and of the refused connections. */
  seed: number;
  /** Token lifetime the emulator issues, seconds. */
  tokenTtlSec: number;
  /** Virtual time that passes per invocation started, ms (drives token expiry and rotation). */
  virtualMsPerInvoke: number;
  /** Per-attempt time limit (faasGW and Sentinel), ms: what a "hang" fault costs. */
  timeoutMs: number;
  /** Rotate the emulator's signing key after this much virtual time, ms (0 = never). */
  keyRotationEveryMs: number;
  /** Called every `progressEvery` finished invocations. */
  onProgress?: ((done: number, total: number) => void) | undefined;
  progressEvery?: number | undefined;
}

/** What a soak run measured. */
export interface SoakFigures {
  options: Omit<SoakOptions, "onProgress" | "progressEvery">;
  invokes: number;
  succeeded: number;
  failed: number;
  /** Failures that were not lpkit errors (target 0). */
  untypedFailures: number;
  /** Failures by error code. */
  failuresByCode: Record<string, number>;
  /** Failures by code and HTTP status (or phase), e.g. `ERR_FAAS_GATEWAY 503`. */
  failuresByDetail: Record<string, number>;
  /** Lambda executions in total. */
  executions: number;
  /** Invocation ids whose function ran more than once (target 0). */
  duplicateExecutions: number;
  /** Successful calls whose answer did not belong to them (target 0). */
  crossedAnswers: number;
  /** Failed calls whose function did run (the caller could not know; never retried). */
  failedButRan: number;
  /** Token requests that reached Sentinel. */
  tokenRequests: number;
  tokensIssued: number;
  /** Distinct tokens the invocations carried, minus the first of each of the two apps. */
  tokenRotations: number;
  signingKeyRotations: number;
  /** Requests the emulator answered with a fault, plus refused connections. */
  faultsInjected: number;
  refusedConnections: number;
  /** faasGW invoke requests per invocation (retries and 401 replays included). */
  invokeRequestsPerCall: number;
  domainLookups: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /**
   * Heap used (after full GC) once `warmupInvokes` were done and at the end; `growth` is end − start,
   * `growthPer100k` the same scaled to 100,000 invokes (the figure the < 5 MB target means).
   */
  heapMb: { start: number; end: number; growth: number; warmupInvokes: number; growthPer100k: number };
  durationMs: number;
  invokesPerSecond: number;
  virtualMinutes: number;
  /** Whether `global.gc` was available (heap figures are after a full GC when it was). */
  gcExposed: boolean;
}

/** The lambda the soak invokes: it records each execution by the invocation id it was given. */
export const SOAK_LAMBDA = "50a50a50-50a5-4a50-8a50-50a50a50a50a";

/**
 * Runs one soak and returns its figures. Starts and stops its own emulator.
 *
 * @example
 * ```ts
 * const figures = await runSoak({ ...SHORT_SOAK });
 * console.log(figures.duplicateExecutions); // 0
 * ```
 */
export async function runSoak(options: SoakOptions): Promise<SoakFigures> {
  const { onProgress, progressEvery = 10_000, ...settings } = options;
  const clock = createVirtualClock();
  const authorizations = new Set<string>();
  const emulator = createEmulator({
    tokenTtlSec: settings.tokenTtlSec,
    now: clock.now,
    onExchange(exchange) {
      if (exchange.route === "faasgw.invoke") {
        const authorization = exchange.request.headers.authorization;
        if (authorization) {
          // The last 12 characters of the token's signature: distinct per token, and (under 13
          // characters) copied rather than sliced, so the set never holds whole tokens on the heap.
          authorizations.add(authorization.slice(-12));
        }
      }
    },
  });
  await emulator.start();
  // Bookkeeping is preallocated, so the heap figures show lpkit and the emulator, not the harness.
  const executionsById = new Uint8Array(settings.invokes);
  const failedIds = new Uint8Array(settings.invokes);
  emulator.registerLambda<{ id: number }>(SOAK_LAMBDA, ({ id }) => {
    executionsById[id] = Math.min(255, (executionsById[id] ?? 0) + 1);
    return { id };
  });
  for (const rule of faultRules(settings.faultRate, settings.seed)) {
    emulator.fault(rule);
  }
  // Refused connections: the request never leaves the machine (a real ECONNREFUSED).
  const port = await closedPort();
  const refuseRandom = prng(settings.seed + 300);
  const refuseShare = 0.08 * settings.faultRate;
  let refused = 0;
  const toEmulator = loopbackFetch(emulator.url);
  const fetch: FetchLike = (request) => {
    if (request.url.includes("/invoke") && refuseRandom() < refuseShare) {
      refused += 1;
      return globalThis.fetch(`http://127.0.0.1:${port}/`, { signal: request.signal });
    }
    return toEmulator(request);
  };
  const functions = (
    [
      [DEMO.accountId, DEMO.clientId, DEMO.clientSecret, "v1"],
      [DEMO.v2AccountId, DEMO.v2ClientId, DEMO.v2ClientSecret, "v2"],
    ] as const
  ).map(([accountId, clientId, clientSecret, version]) =>
    createLivePersonFunctions({
      accountId,
      clientId,
      clientSecret,
      // Functions V1 account with Sentinel v1 tokens (static key), V2 account with v2 tokens (JWKS).
      version,
      v1Query: version === "v1" ? "1.0" : undefined,
      domainApi: { baseUrl: emulator.domainApiUrl },
      tokens: { timeoutMs: settings.timeoutMs },
      faas: { timeoutMs: settings.timeoutMs },
      fetch,
      now: clock.now,
      sleep: async () => {},
    }),
  );
  const latencies = new Float64Array(settings.invokes);
  const failuresByCode: Record<string, number> = {};
  const failuresByDetail: Record<string, number> = {};
  let failed = 0;
  let untypedFailures = 0;
  let succeeded = 0;
  let crossedAnswers = 0;
  let next = 0;
  let done = 0;
  let keyRotations = 0;
  let nextKeyRotation = clock.now() + settings.keyRotationEveryMs;
  const heapStart = { value: 0 };
  // The heap is first read after a warm-up of a tenth of the run (at most 10,000 invokes): by then the
  // one-off growth (compiled code, caches filled once) is behind, and what follows is per-invoke growth.
  const heapWarmup = Math.min(10_000, Math.max(1, Math.floor(settings.invokes / 10)));

  const worker = async () => {
    for (;;) {
      const id = next++;
      if (id >= settings.invokes) {
        return;
      }
      clock.advance(settings.virtualMsPerInvoke);
      if (settings.keyRotationEveryMs > 0 && clock.now() >= nextKeyRotation) {
        nextKeyRotation += settings.keyRotationEveryMs;
        keyRotations += 1;
        await emulator.rotateKeys();
      }
      const started = performance.now();
      try {
        const lp = functions[id % 2] as (typeof functions)[number];
        const result = await lp.invoke<{ id: number }>(SOAK_LAMBDA, { id });
        succeeded += 1;
        if (result.data?.id !== id) {
          crossedAnswers += 1;
        }
      } catch (error) {
        failed += 1;
        failedIds[id] = 1;
        const { code, detail } = classify(error);
        if (code === "untyped") {
          untypedFailures += 1;
        }
        failuresByCode[code] = (failuresByCode[code] ?? 0) + 1;
        failuresByDetail[detail] = (failuresByDetail[detail] ?? 0) + 1;
      }
      latencies[id] = performance.now() - started;
      done += 1;
      if (done === heapWarmup) {
        heapStart.value = heapMb();
      }
      if (onProgress && done % progressEvery === 0) {
        onProgress(done, settings.invokes);
      }
    }
  };

  const startedAt = performance.now();
  const virtualStart = clock.now();
  try {
    await Promise.all(Array.from({ length: settings.concurrency }, worker));
  } finally {
    for (const lp of functions) {
      lp.dispose();
    }
  }
  const durationMs = performance.now() - startedAt;
  const heapEnd = heapMb();
  const perInvokeMb = (heapEnd - heapStart.value) / Math.max(1, settings.invokes - heapWarmup);
  const stats = emulator.stats();
  await emulator.stop();

  let failedButRan = 0;
  let duplicateExecutions = 0;
  let executions = 0;
  for (let id = 0; id < settings.invokes; id++) {
    const count = executionsById[id] ?? 0;
    executions += count;
    if (count > 1) {
      duplicateExecutions += 1;
    }
    if (failedIds[id] === 1 && count > 0) {
      failedButRan += 1;
    }
  }
  const sorted = latencies.slice().sort();
  const route = (name: keyof typeof stats.requests.byRoute) => stats.requests.byRoute[name]?.total ?? 0;
  return {
    options: settings,
    invokes: settings.invokes,
    succeeded,
    failed,
    untypedFailures,
    failuresByCode: sortKeys(failuresByCode),
    failuresByDetail: sortKeys(failuresByDetail),
    executions,
    duplicateExecutions,
    crossedAnswers,
    failedButRan,
    tokenRequests: route("sentinel.token.v1") + route("sentinel.token.v2"),
    tokensIssued: stats.tokens.issued,
    tokenRotations: Math.max(0, authorizations.size - 2),
    signingKeyRotations: keyRotations,
    faultsInjected: stats.faults.applied + refused,
    refusedConnections: refused,
    invokeRequestsPerCall: Math.round((route("faasgw.invoke") / settings.invokes) * 1000) / 1000,
    domainLookups: stats.domainLookups.total,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: percentile(sorted, 100),
    },
    heapMb: {
      start: heapStart.value,
      end: heapEnd,
      growth: Math.round((heapEnd - heapStart.value) * 10) / 10,
      warmupInvokes: heapWarmup,
      growthPer100k: Math.round(perInvokeMb * 1_000_000) / 10,
    },
    durationMs: Math.round(durationMs),
    invokesPerSecond: Math.round(settings.invokes / (durationMs / 1000)),
    virtualMinutes: Math.round((clock.now() - virtualStart) / 60_000),
    gcExposed: typeof (globalThis as { gc?: unknown }).gc === "function",
  };
}

/** The full soak the issue asks for (`pnpm soak`). */
export const FULL_SOAK: Omit<SoakOptions, "onProgress"> = {
  invokes: 100_000,
  concurrency: 32,
  faultRate: 0.05,
  seed: 20_260_101,
  tokenTtlSec: 60,
  virtualMsPerInvoke: 25,
  timeoutMs: 2_000,
  keyRotationEveryMs: 20 * 60_000,
};

/** The shortened soak that runs in the test suite. */
export const SHORT_SOAK: Omit<SoakOptions, "onProgress"> = {
  ...FULL_SOAK,
  invokes: 2_000,
  virtualMsPerInvoke: 150,
  keyRotationEveryMs: 2 * 60_000,
  // In the test suite the machine may be busy: a deadline of 2 s would time out calls that met no
  // fault at all. 10 s keeps timeouts to the injected hangs (about a dozen, in parallel lanes).
  timeoutMs: 10_000,
};
