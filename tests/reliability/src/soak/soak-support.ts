/**
 * The soak's parts: the seeded fault mix, the loopback `fetch`, failure classification and the
 * figures' arithmetic (percentiles, heap, sorted counters).
 *
 * @module
 */
import { type FetchLike, isLpkitError } from "@lpkit/core";
import type { FaultRule } from "@lpkit/emulator";

/** The `p`-th percentile of sorted samples, to 0.01. */
export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) {
    return 0;
  }
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return Math.round((sorted[Math.max(0, index)] as number) * 100) / 100;
}

/** Heap in use after a garbage collection (when `--expose-gc`), in MB. */
export function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return Math.round((process.memoryUsage().heapUsed / 1024 / 1024) * 10) / 10;
}

/** A small seeded PRNG (mulberry32), for the refused connections. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The fault mix: each rule draws from its own seeded PRNG; their shares add up to `rate` per route.
 *
 * @example
 * ```ts
 * for (const rule of faultRules(0.05, 7)) emulator.fault(rule);
 * ```
 */
export function faultRules(rate: number, seed: number): FaultRule[] {
  const invoke = "faasgw.invoke" as const;
  // Shares of the invoke faults; the refused connections (0.08 of the rate) come on top, below.
  const invokeMix: [number, Omit<FaultRule, "route" | "probability" | "seed">][] = [
    [0.16, { status: 503 }],
    [0.14, { status: 429, retryAfter: 0 }],
    [0.08, { status: 429 }],
    [0.1, { kind: "reset" }],
    [0.1, { kind: "reset", afterExecution: true }],
    [0.08, { kind: "truncated-json" }],
    [0.08, { kind: "html" }],
    [0.1, { status: 401 }],
    [0.04, { kind: "hang", afterExecution: true }],
    [0.02, { kind: "malformed-json" }],
    [0.02, { kind: "empty-body", status: 502 }],
  ];
  const rules: FaultRule[] = [];
  let taken = 0;
  invokeMix.forEach(([share, rule], index) => {
    // Rules are tried in order; each one's probability is its share of what the earlier ones left.
    const probability = (share * rate) / (1 - taken);
    taken += share * rate;
    rules.push({ ...rule, route: invoke, probability, seed: seed + index });
  });
  const tokenRoutes = ["sentinel.token.v1", "sentinel.token.v2"] as const;
  const tokenMix: [number, Omit<FaultRule, "route" | "probability" | "seed">][] = [
    [0.4, { status: 503 }],
    [0.2, { status: 429, retryAfter: 1 }],
    [0.2, { kind: "reset" }],
    [0.1, { kind: "truncated-json" }],
    [0.1, { kind: "hang" }],
  ];
  taken = 0;
  tokenMix.forEach(([share, rule], index) => {
    const probability = (share * rate) / (1 - taken);
    taken += share * rate;
    rules.push({ ...rule, route: [...tokenRoutes], probability, seed: seed + 100 + index });
  });
  rules.push({ route: "domain.list", status: 500, probability: rate, seed: seed + 200 });
  return rules;
}

/** The error code of a failure, and code plus status (or network phase). */
export function classify(error: unknown): { code: string; detail: string } {
  if (!isLpkitError(error)) {
    return { code: "untyped", detail: "untyped" };
  }
  const detail =
    "status" in error
      ? `${error.code} ${error.status}`
      : "phase" in error
        ? `${error.code} ${error.phase}`
        : error.code;
  return { code: error.code, detail };
}

/**
 * A `fetch` for the hosts the emulator hands out (bare hosts become `https://…`; V2 hosts are
 * `*.localhost`): it sends them to the emulator over plain loopback HTTP with the caller's own
 * request signal. (Not `emulator.fetch`: that builds an intermediate `Request` whose signal link
 * `fetch` holds only weakly, so after a garbage collection an abort may no longer reach the inner
 * request — lpkit still ends such calls on time, but the abandoned request would stay open.)
 */
export function loopbackFetch(emulatorUrl: string): FetchLike {
  const target = new URL(emulatorUrl);
  return async (request) => {
    const url = new URL(request.url);
    url.protocol = target.protocol;
    url.host = target.host;
    const body =
      request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return globalThis.fetch(url, {
      method: request.method,
      headers: request.headers,
      body,
      signal: request.signal,
      redirect: "manual",
    });
  };
}

/** `record` with its keys in order (stable output). */
export function sortKeys(record: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
