/**
 * Renders the generated sections of `RELIABILITY.md` from the test list and the soak figures.
 * Output depends only on the inputs (no dates, no durations of the test run), so regenerating
 * without changes gives the same file.
 *
 * @module
 */
import type { SoakFigures } from "../soak/run-soak.js";
import type { TestCase } from "./vitest-results.js";

/** Fault-matrix files, in the order data flows: discovery, tokens, keys, invocation, the Connector API. */
const API_OF_FILE: Record<string, string> = {
  "domain.test.ts": "Domain API",
  "sentinel.test.ts": "Sentinel (v1 and v2 token endpoints)",
  "jwks.test.ts": "JWKS",
  "faasgw.test.ts": "faasGW",
  "connector.test.ts": "Connector API (IdP and Send API)",
  "webhooks.test.ts": "Connector API webhooks (lpkit's receiver, the emulator's deliveries)",
  "webhook-delivery.test.ts": "Connector API webhooks (lpkit's receiver, the emulator's deliveries)",
};
const API_ORDER = Object.values(API_OF_FILE);

function fileName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function statusMark(status: string): string {
  return status === "passed" ? "✅" : `❌ ${status}`;
}

/**
 * The fault-matrix section: the scenario count, a count per API, and every scenario by name.
 *
 * @example
 * ```ts
 * renderFaultMatrix(tests).startsWith("**72 scenarios**"); // true for 72 scenarios
 * ```
 */
export function renderFaultMatrix(tests: readonly TestCase[]): string {
  const scenarios = tests.filter((t) => t.file.includes("fault-matrix/"));
  const passed = scenarios.filter((t) => t.status === "passed").length;
  const grouped = new Map<string, TestCase[]>();
  for (const scenario of scenarios) {
    const api = API_OF_FILE[fileName(scenario.file)] ?? fileName(scenario.file);
    grouped.set(api, [...(grouped.get(api) ?? []), scenario]);
  }
  const rank = (api: string) => (API_ORDER.includes(api) ? API_ORDER.indexOf(api) : API_ORDER.length);
  const byApi = new Map([...grouped].sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)));
  const lines = [
    `**${scenarios.length} scenarios**, ${passed} passing (generated from the test list of \`tests/reliability/src/fault-matrix/\`).`,
    "",
    "| API | scenarios |",
    "| --- | ---: |",
    ...[...byApi].map(([api, list]) => `| ${api} | ${list.length} |`),
    "",
  ];
  for (const [api, list] of byApi) {
    lines.push(`### ${api}`);
    let group: string | undefined;
    for (const scenario of list) {
      const heading = scenario.groups.join(" › ");
      if (heading !== group) {
        lines.push("", ...(heading === "" ? [] : [`*${heading}*`, ""]));
        group = heading;
      }
      lines.push(`- ${statusMark(scenario.status)} ${scenario.title}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/**
 * The hostile-input section: every property and hostile-answer test by name, grouped by file.
 *
 * @example
 * ```ts
 * renderHostile(tests).includes("alg: none"); // true
 * ```
 */
export function renderHostile(tests: readonly TestCase[]): string {
  const hostile = tests.filter((t) => t.file.includes("hostile/"));
  const byFile = new Map<string, TestCase[]>();
  for (const test of hostile) {
    byFile.set(test.file, [...(byFile.get(test.file) ?? []), test]);
  }
  const properties = hostile.filter((t) => t.file.includes(".property.")).length;
  const lines = [
    `**${hostile.length} hostile-input tests**, ${hostile.filter((t) => t.status === "passed").length} passing; ${properties} of them property-based (fast-check, 100 generated cases each unless noted).`,
    "",
  ];
  for (const [file, list] of byFile) {
    lines.push(`#### \`${file.replace(/^src\//, "")}\``, "");
    for (const test of list) {
      const group = test.groups.length > 0 ? `${test.groups.join(" › ")} › ` : "";
      lines.push(`- ${statusMark(test.status)} ${group}${test.title}`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** The error codes the soak table always lists (0 when absent), so its rows never change. */
export const SOAK_CODES = [
  "ERR_FAAS_GATEWAY",
  "ERR_FAAS_FUNCTION",
  "ERR_NETWORK",
  "ERR_TIMEOUT",
  "ERR_ABORTED",
  "ERR_UNEXPECTED_RESPONSE",
  "ERR_TOKEN_REQUEST",
  "ERR_DOMAIN_API",
  "untyped",
] as const;

/** `+1.2` or `-0.4`: a change, with its sign. */
function signed(value: number): string {
  return `${value >= 0 ? "+" : ""}${value}`;
}

function fmt(value: number): string {
  return value.toLocaleString("en-US");
}

/**
 * The soak section: settings, outcome, failures by code, tokens, heap and latency, in a fixed layout.
 *
 * @example
 * ```ts
 * renderSoak(figures).includes("| duplicate executions | 0 |"); // true when none happened
 * ```
 */
export function renderSoak(figures: SoakFigures, command: string): string {
  const o = figures.options;
  const pct = (n: number) => `${((n / figures.invokes) * 100).toFixed(2)} %`;
  const lines = [
    `Produced by \`${command}\` (${fmt(o.invokes)} invokes, concurrency ${o.concurrency}, ${(o.faultRate * 100).toFixed(0)} % seeded faults, seed ${o.seed}; tokens live ${o.tokenTtlSec} s on a virtual clock that moves ${o.virtualMsPerInvoke} ms per invoke; per-attempt timeout ${fmt(o.timeoutMs)} ms).`,
    "",
    "| figure | value |",
    "| --- | ---: |",
    `| invokes | ${fmt(figures.invokes)} |`,
    `| succeeded | ${fmt(figures.succeeded)} (${pct(figures.succeeded)}) |`,
    `| failed with a typed error | ${fmt(figures.failed - figures.untypedFailures)} (${pct(figures.failed - figures.untypedFailures)}) |`,
    `| failed with an untyped error | ${fmt(figures.untypedFailures)} |`,
    `| **duplicate executions** | **${fmt(figures.duplicateExecutions)}** |`,
    `| answers delivered to the wrong caller | ${fmt(figures.crossedAnswers)} |`,
    `| failed calls whose function ran (reset/timeout after execution; never retried) | ${fmt(figures.failedButRan)} |`,
    `| faults injected (emulator rules + refused connections) | ${fmt(figures.faultsInjected)} (${fmt(figures.refusedConnections)} refused) |`,
    `| faasGW requests per invoke (retries and 401 replays included) | ${figures.invokeRequestsPerCall.toFixed(3)} |`,
    `| token rotations (distinct tokens used − 1) | ${fmt(figures.tokenRotations)} |`,
    `| token requests to Sentinel | ${fmt(figures.tokenRequests)} (${fmt(figures.tokensIssued)} issued) |`,
    `| signing-key rotations | ${fmt(figures.signingKeyRotations)} |`,
    `| Domain API lookups | ${fmt(figures.domainLookups)} |`,
    `| latency p50 / p90 / p99 / max | ${figures.latencyMs.p50} / ${figures.latencyMs.p90} / ${figures.latencyMs.p99} / ${figures.latencyMs.max} ms |`,
    `| heap after ${fmt(figures.heapMb.warmupInvokes)} invokes → at the end${figures.gcExposed ? " (after full GC)" : ""} | ${figures.heapMb.start} → ${figures.heapMb.end} MB (${signed(figures.heapMb.growth)} MB) |`,
    `| **heap growth per 100,000 invokes** (target < 5 MB) | **${signed(figures.heapMb.growthPer100k)} MB** |`,
    `| duration | ${(figures.durationMs / 1000).toFixed(1)} s (${fmt(figures.invokesPerSecond)} invokes/s, ${fmt(figures.virtualMinutes)} virtual minutes) |`,
    "",
    "Typed failures by code:",
    "",
    "| code | failures |",
    "| --- | ---: |",
    ...SOAK_CODES.map((code) => `| \`${code}\` | ${fmt(figures.failuresByCode[code] ?? 0)} |`),
    "",
    `By code and status (or network phase): ${
      Object.entries(figures.failuresByDetail)
        .map(([detail, count]) => `\`${detail}\` ${fmt(count)}`)
        .join(", ") || "none"
    }.`,
  ];
  return lines.join("\n");
}
