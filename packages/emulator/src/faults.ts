/**
 * Faults on demand: rules that make a route answer with an error status, slowly, with broken
 * or truncated JSON, an empty body, an HTML error page, the wrong content type, a reset
 * connection, or not at all — for the next N requests or a seeded share of them.
 *
 * @module
 */
import type { ChosenFault, DefaultErrorBody, FaultHandle, FaultKind, FaultRule } from "./fault-types.js";
import {
  type EmulatorResponse,
  JSON_CONTENT_TYPE,
  jsonResponse,
  TextBody,
  textResponse,
} from "./http-types.js";
import { seededRandom } from "./prng.js";
import { ROUTE_NAMES, type RouteName } from "./routes.js";

export type {
  ChosenFault,
  DefaultErrorBody,
  FaultHandle,
  FaultKind,
  FaultMatch,
  FaultRule,
} from "./fault-types.js";

const NEEDS_REAL_ANSWER = new Set<FaultKind>(["truncated-json", "wrong-content-type"]);

/**
 * Whether a fault kind answers instead of the route (so a fault applied before execution means
 * the route never runs). `latency`, `truncated-json` and `wrong-content-type` need the route's answer.
 */
export function replacesAnswer(kind: FaultKind): boolean {
  return kind !== "latency" && !NEEDS_REAL_ANSWER.has(kind);
}
const KINDS = new Set<FaultKind>([
  "status",
  "latency",
  "malformed-json",
  "truncated-json",
  "empty-body",
  "html",
  "wrong-content-type",
  "reset",
  "hang",
]);

interface ActiveRule {
  readonly id: number;
  readonly routes: ReadonlySet<RouteName>;
  readonly rule: FaultRule;
  readonly kind: FaultKind;
  readonly random: () => number;
  remaining: number;
  hits: number;
  removed: boolean;
}

function htmlPage(status: number): string {
  const title = `${status} ${status === 502 ? "Bad Gateway" : status === 503 ? "Service Temporarily Unavailable" : status === 504 ? "Gateway Time-out" : "Error"}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function checkRule(rule: FaultRule): { routes: Set<RouteName>; kind: FaultKind } {
  if (!rule || typeof rule !== "object") {
    throw new TypeError("fault: expected a rule object");
  }
  const names = rule.route === "*" ? ROUTE_NAMES : typeof rule.route === "string" ? [rule.route] : rule.route;
  if (!Array.isArray(names) || names.length === 0) {
    throw new TypeError('fault: route must be a route name, a list of them, or "*"');
  }
  for (const name of names) {
    if (!ROUTE_NAMES.includes(name)) {
      throw new TypeError(`fault: unknown route ${String(name)} (known: ${ROUTE_NAMES.join(", ")})`);
    }
  }
  const kind =
    rule.kind ??
    (rule.status !== undefined ? "status" : rule.latencyMs !== undefined ? "latency" : undefined);
  if (kind === undefined || !KINDS.has(kind)) {
    throw new TypeError("fault: give a kind, a status or a latencyMs");
  }
  if (kind === "status" && rule.status === undefined) {
    throw new TypeError('fault: kind "status" needs a status');
  }
  if (
    rule.status !== undefined &&
    (!Number.isInteger(rule.status) || rule.status < 100 || rule.status > 999)
  ) {
    throw new TypeError("fault: status must be an integer from 100 to 999");
  }
  for (const [key, value] of [
    ["latencyMs", rule.latencyMs],
    ["times", rule.times],
  ] as const) {
    if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
      throw new TypeError(`fault: ${key} must be a non-negative number`);
    }
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    throw new TypeError("fault: probability must be between 0 and 1");
  }
  return { routes: new Set(names), kind };
}

/** A rule in force, as the admin endpoint lists it. */
export interface ListedFault {
  readonly id: number;
  readonly rule: FaultRule;
  readonly hits: number;
  /** Requests it still applies to (`null`: unlimited). */
  readonly remaining: number | null;
}

/** The emulator's fault rules, first added first applied. */
export class FaultSet {
  #rules: ActiveRule[] = [];
  #nextId = 1;
  readonly #defaultBody: DefaultErrorBody;

  constructor(defaultBody: DefaultErrorBody) {
    this.#defaultBody = defaultBody;
  }

  /**
   * Adds a rule.
   *
   * @example
   * ```ts
   * const handle = faults.add({ route: "sentinel.token.v2", status: 503, retryAfter: 2, times: 1 });
   * ```
   */
  add(rule: FaultRule): FaultHandle {
    const { routes, kind } = checkRule(rule);
    const active: ActiveRule = {
      id: this.#nextId++,
      routes,
      rule: { ...rule, match: rule.match ? { ...rule.match } : undefined },
      kind,
      random: seededRandom(rule.seed ?? 1),
      remaining: rule.times ?? Number.POSITIVE_INFINITY,
      hits: 0,
      removed: false,
    };
    this.#rules.push(active);
    const remove = () => {
      active.removed = true;
      this.#rules = this.#rules.filter((candidate) => candidate !== active);
    };
    return {
      id: active.id,
      get hits() {
        return active.hits;
      },
      get active() {
        return !active.removed && active.remaining > 0;
      },
      remove,
    };
  }

  /** The rules in force, in the order they apply. */
  list(): ListedFault[] {
    return this.#rules.map((active) => ({
      id: active.id,
      rule: { ...active.rule },
      hits: active.hits,
      remaining: Number.isFinite(active.remaining) ? active.remaining : null,
    }));
  }

  /** Removes the rule with this id; returns whether there was one. */
  remove(id: number): boolean {
    const active = this.#rules.find((candidate) => candidate.id === id);
    if (!active) {
      return false;
    }
    active.removed = true;
    this.#rules = this.#rules.filter((candidate) => candidate !== active);
    return true;
  }

  /** Removes every rule. */
  clear(): void {
    for (const rule of this.#rules) {
      rule.removed = true;
    }
    this.#rules = [];
  }

  /** Picks the fault for a request, if any rule applies; consumes one of its `times`. */
  choose(route: RouteName, params: Readonly<Record<string, string>>): ChosenFault | undefined {
    for (const active of this.#rules) {
      if (!active.routes.has(route) || active.remaining <= 0) {
        continue;
      }
      const match = active.rule.match ?? {};
      const matches = Object.entries(match).every(
        ([key, value]) =>
          value === undefined ||
          (Object.hasOwn(params, key) && params[key]?.toLowerCase() === String(value).toLowerCase()),
      );
      if (!matches) {
        continue;
      }
      if (active.rule.probability !== undefined && active.random() >= active.rule.probability) {
        continue;
      }
      active.remaining -= 1;
      active.hits += 1;
      if (active.remaining <= 0) {
        active.removed = true;
        this.#rules = this.#rules.filter((candidate) => candidate !== active);
      }
      return this.#toChosen(active, route, params);
    }
    return undefined;
  }

  #toChosen(active: ActiveRule, route: RouteName, params: Readonly<Record<string, string>>): ChosenFault {
    const { rule, kind } = active;
    const extra: Record<string, string> = {};
    for (const [key, value] of Object.entries(rule.headers ?? {})) {
      extra[key.toLowerCase()] = value;
    }
    if (rule.retryAfter !== undefined) {
      extra["retry-after"] = String(rule.retryAfter);
    }
    const withExtra = (response: EmulatorResponse): EmulatorResponse => ({
      ...response,
      headers: { ...response.headers, ...extra },
    });
    const defaultBody = this.#defaultBody;
    return {
      kind,
      latencyMs: rule.latencyMs ?? 0,
      afterExecution: NEEDS_REAL_ANSWER.has(kind) || rule.afterExecution === true,
      respond(real) {
        switch (kind) {
          case "status": {
            const status = rule.status as number;
            if (typeof rule.body === "string") {
              return withExtra(textResponse(status, rule.body, "text/plain;charset=utf-8"));
            }
            const body = rule.body === undefined ? defaultBody(route, status, params) : rule.body;
            return withExtra(
              body instanceof TextBody
                ? textResponse(status, body.text, body.contentType)
                : jsonResponse(status, body),
            );
          }
          case "malformed-json":
            return withExtra({
              status: rule.status ?? real?.status ?? 200,
              headers: { "content-type": JSON_CONTENT_TYPE },
              body: '{"access_token": "eyJhbGciOiJSUzI1NiJ9.e30.", "token_type": Bearer, }',
            });
          case "truncated-json": {
            const source = real?.body ?? "";
            const cut = source.length > 1 ? source.slice(0, Math.ceil(source.length / 2)) : "{";
            return withExtra({
              status: rule.status ?? real?.status ?? 200,
              headers: { ...(real?.headers ?? {}), "content-type": JSON_CONTENT_TYPE },
              body: cut,
            });
          }
          case "empty-body": {
            // A proxy's bare error answer is labelled text/plain (the specs document it); an empty
            // success answer has no content type at all (broken on purpose).
            const status = rule.status ?? 200;
            const headers: Record<string, string> =
              status >= 400 ? { "content-type": "text/plain;charset=utf-8" } : {};
            return withExtra({ status, headers, body: "" });
          }
          case "html": {
            const status = rule.status ?? 502;
            return withExtra(textResponse(status, htmlPage(status), "text/html"));
          }
          case "wrong-content-type":
            return withExtra({
              status: rule.status ?? real?.status ?? 200,
              headers: { ...(real?.headers ?? {}), "content-type": "text/plain;charset=utf-8" },
              body: real?.body ?? "",
            });
          default:
            return withExtra(real ?? textResponse(500, ""));
        }
      },
    };
  }
}
