/**
 * Fault rules written on a command line: `--fault <route>:<key>=<value>,…` (or a JSON rule), e.g.
 * `--fault faasgw.invoke:status=503,retryAfter=2,times=1` or `--fault '*:latencyMs=200'`.
 *
 * @module
 */
import type { FaultRule } from "./faults.js";
import { ROUTE_NAMES, type RouteName } from "./routes.js";

const NUMBER_KEYS = new Set(["status", "latencyMs", "times", "probability", "seed"]);
const MATCH_KEYS = new Set(["accountId", "lambdaUuid", "eventId", "serviceName"]);
const STRING_KEYS = new Set(["kind", "body"]);

function parseValue(key: string, raw: string): unknown {
  if (NUMBER_KEYS.has(key)) {
    const value = Number(raw);
    if (raw === "" || !Number.isFinite(value)) {
      throw new TypeError(`--fault: ${key} must be a number, not ${JSON.stringify(raw)}`);
    }
    return value;
  }
  if (key === "afterExecution") {
    if (raw !== "true" && raw !== "false") {
      throw new TypeError("--fault: afterExecution must be true or false");
    }
    return raw === "true";
  }
  if (key === "retryAfter") {
    return /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  return raw;
}

/**
 * Parses one `--fault` value into a rule (checked later by `emulator.fault`).
 *
 * @example
 * ```ts
 * parseFaultSpec("sentinel.token.v2:status=429,retryAfter=5,times=2");
 * // { route: "sentinel.token.v2", status: 429, retryAfter: 5, times: 2 }
 * ```
 */
export function parseFaultSpec(text: string): FaultRule {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    try {
      return JSON.parse(trimmed) as FaultRule;
    } catch (error) {
      throw new TypeError(`--fault: not valid JSON (${(error as Error).message})`);
    }
  }
  const colon = trimmed.indexOf(":");
  const routePart = colon === -1 ? trimmed : trimmed.slice(0, colon);
  const routes = routePart.split("+").map((name) => name.trim());
  for (const name of routes) {
    if (name !== "*" && !ROUTE_NAMES.includes(name as RouteName)) {
      throw new TypeError(
        `--fault: unknown route ${JSON.stringify(name)} (known: *, ${ROUTE_NAMES.join(", ")})`,
      );
    }
  }
  if (routes.includes("*") && routes.length > 1) {
    throw new TypeError("--fault: * cannot be combined with other routes");
  }
  const rule: Record<string, unknown> = {
    route: routes.length === 1 ? routes[0] : routes,
  };
  const match: Record<string, string> = {};
  const settings = colon === -1 ? "" : trimmed.slice(colon + 1);
  for (const pair of settings.split(",").filter((part) => part.trim() !== "")) {
    const equals = pair.indexOf("=");
    if (equals === -1) {
      throw new TypeError(`--fault: expected key=value, not ${JSON.stringify(pair)}`);
    }
    const key = pair.slice(0, equals).trim();
    const raw = pair.slice(equals + 1).trim();
    if (MATCH_KEYS.has(key)) {
      match[key] = raw;
    } else if (
      NUMBER_KEYS.has(key) ||
      STRING_KEYS.has(key) ||
      key === "afterExecution" ||
      key === "retryAfter"
    ) {
      rule[key] = parseValue(key, raw);
    } else {
      throw new TypeError(
        `--fault: unknown key ${JSON.stringify(key)} (known: kind, status, body, retryAfter, latencyMs, afterExecution, times, probability, seed, ${[...MATCH_KEYS].join(", ")})`,
      );
    }
  }
  if (Object.keys(match).length > 0) {
    rule.match = match;
  }
  return rule as unknown as FaultRule;
}
