/**
 * Step 7: the numbers — HTTP calls per API, tokens fetched, Domain API lookups, latency p50/p99 —
 * from the demo's own record of every exchange, checked (offline) against the emulator's counters.
 *
 * @module
 */
import { formatMs, plural, roundMs, table } from "../output/format.js";
import type { ApiKind, HttpRecord } from "../session/http-log.js";
import { type LatencySummary, summarizeLatency } from "../stats.js";
import type { DemoStep } from "./types.js";

const API_LABELS: Record<ApiKind, string> = {
  domain: "Domain API",
  "sentinel-token": "Sentinel token",
  "sentinel-jwks": "Sentinel JWKS",
  faasgw: "faasGW",
  other: "other",
};

function latencyText(summary: LatencySummary): string {
  return `p50 ${formatMs(summary.p50)} · p99 ${formatMs(summary.p99)}`;
}

function roundedLatency(summary: LatencySummary): Record<string, number | undefined> {
  const round = (value: number | undefined) => (value === undefined ? undefined : roundMs(value));
  return {
    count: summary.count,
    p50: round(summary.p50),
    p99: round(summary.p99),
    min: round(summary.min),
    max: round(summary.max),
  };
}

/**
 * The numbers the summary reports (also returned in `--json`).
 *
 * @example
 * ```ts
 * const { tokensFetched, latency }: DemoNumbers = demoNumbers(records, invocationMs);
 * ```
 */
export interface DemoNumbers {
  readonly calls: number;
  readonly callsByApi: Partial<Record<ApiKind, number>>;
  readonly tokensFetched: number;
  readonly domainLookups: number;
  readonly invocations: number;
  readonly failedCalls: number;
  readonly latency: LatencySummary;
  readonly invocationLatency: LatencySummary;
}

/**
 * Computes the summary numbers from the recorded exchanges and invocation latencies.
 *
 * @example
 * ```ts
 * const numbers = demoNumbers(target.http.records(), state.invocationMs);
 * numbers.tokensFetched; // 2
 * ```
 */
export function demoNumbers(records: readonly HttpRecord[], invocationMs: readonly number[]): DemoNumbers {
  const callsByApi: Partial<Record<ApiKind, number>> = {};
  for (const record of records) {
    callsByApi[record.api] = (callsByApi[record.api] ?? 0) + 1;
  }
  return {
    calls: records.length,
    callsByApi,
    tokensFetched: records.filter((r) => r.api === "sentinel-token" && r.status === 200).length,
    domainLookups: callsByApi.domain ?? 0,
    invocations: invocationMs.length,
    failedCalls: records.filter((r) => r.status === undefined || r.status >= 400).length,
    latency: summarizeLatency(records.map((r) => r.durationMs)),
    invocationLatency: summarizeLatency(invocationMs),
  };
}

/**
 * Reports the numbers and checks them against what the walk-through should have needed.
 *
 * @example
 * ```ts
 * await summaryStep.run(context, recorder);
 * ```
 */
export const summaryStep: DemoStep = {
  id: "summary",
  title: "Summary: calls, tokens fetched, domain lookups, latency",
  essential: false,
  async run({ target, state }, out) {
    const records = target.http.records();
    const numbers = demoNumbers(records, state.invocationMs);
    const rows = (Object.keys(API_LABELS) as ApiKind[])
      .filter((api) => (numbers.callsByApi[api] ?? 0) > 0)
      .map((api) => {
        const latency = summarizeLatency(records.filter((r) => r.api === api).map((r) => r.durationMs));
        return [API_LABELS[api], String(numbers.callsByApi[api]), latencyText(latency)];
      });
    out.say(
      `${plural(numbers.calls, "HTTP call")} · ${plural(numbers.tokensFetched, "token")} fetched · ${plural(numbers.domainLookups, "Domain API lookup")} · ${plural(numbers.invocations, "invocation")} (${state.expectedFailures} failing on purpose)`,
      ...table(rows).map((line) => `  ${line}`),
      `latency, all HTTP calls:        ${latencyText(numbers.latency)}`,
      `latency, invocations (client):  ${latencyText(numbers.invocationLatency)}`,
    );
    out.detail("calls", numbers.calls);
    out.detail("callsByApi", numbers.callsByApi);
    out.detail("tokensFetched", numbers.tokensFetched);
    out.detail("domainLookups", numbers.domainLookups);
    out.detail("invocations", numbers.invocations);
    out.detail("failedCalls", numbers.failedCalls);
    out.detail("expectedFailures", state.expectedFailures);
    out.detail("latencyMs", roundedLatency(numbers.latency));
    out.detail("invocationLatencyMs", roundedLatency(numbers.invocationLatency));

    const expectedTokens = 1 + (state.refreshed ? 1 : 0);
    out.check(
      `${plural(expectedTokens, "token request")} for the whole run`,
      (numbers.callsByApi["sentinel-token"] ?? 0) === expectedTokens &&
        numbers.tokensFetched === expectedTokens,
      plural(numbers.callsByApi["sentinel-token"] ?? 0, "request"),
    );
    out.check(
      "one Domain API lookup for the whole run",
      numbers.domainLookups === 1,
      `${numbers.domainLookups}`,
    );
    out.check(
      "no call failed except those meant to",
      numbers.failedCalls === state.expectedFailures,
      `${numbers.failedCalls} failed, ${state.expectedFailures} meant to`,
    );
    const emulator = target.emulator?.emulator;
    if (emulator) {
      const stats = emulator.stats();
      out.check(
        "the emulator saw exactly these calls",
        stats.requests.total === numbers.calls &&
          stats.domainLookups.total === numbers.domainLookups &&
          stats.tokens.issued === numbers.tokensFetched,
        `emulator: ${plural(stats.requests.total, "request")}, ${plural(stats.domainLookups.total, "lookup")}, ${plural(stats.tokens.issued, "token")} issued`,
      );
    }
  },
};
