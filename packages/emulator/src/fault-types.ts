/**
 * The shapes of fault rules: what a rule matches, what it does, and the handle `emulator.fault()`
 * returns.
 *
 * @module
 */
import type { EmulatorResponse } from "./http-types.js";
import type { RouteName } from "./routes.js";

/**
 * What a fault does:
 * - `status`: answer `status` with `body` (JSON unless a string) and `headers`;
 * - `latency`: only delay (`latencyMs`), then answer normally;
 * - `malformed-json`: a JSON content type with a body that is not JSON (default status 200);
 * - `truncated-json`: the route's real answer cut in half (the route runs first);
 * - `empty-body`: no body at all (default status 200); on an error status labelled `text/plain`,
 *   as proxies send it;
 * - `html`: an HTML error page as a proxy sends it (default status 502);
 * - `wrong-content-type`: the route's real answer labelled `text/plain` (the route runs first);
 * - `reset`: the connection is reset without an answer;
 * - `hang`: no answer ever (until the client gives up or the emulator stops).
 *
 * @example
 * ```ts
 * emulator.fault({ route: "faasgw.invoke", kind: "reset", afterExecution: true, times: 1 });
 * ```
 */
export type FaultKind =
  | "status"
  | "latency"
  | "malformed-json"
  | "truncated-json"
  | "empty-body"
  | "html"
  | "wrong-content-type"
  | "reset"
  | "hang";

/**
 * Narrows a rule to requests with these path parameters.
 *
 * @example
 * ```ts
 * emulator.fault({ route: "faasgw.invoke", match: { lambdaUuid }, status: 504 });
 * ```
 */
export interface FaultMatch {
  accountId?: string | undefined;
  lambdaUuid?: string | undefined;
  eventId?: string | undefined;
  serviceName?: string | undefined;
}

/**
 * A fault rule, as passed to `emulator.fault(rule)`.
 *
 * @example
 * ```ts
 * const rule: FaultRule = { route: "sentinel.token.v2", status: 429, retryAfter: 1, probability: 0.1, seed: 7 };
 * emulator.fault(rule);
 * ```
 */
export interface FaultRule {
  /** Route name(s) the rule applies to, or `"*"` for every route. */
  route: RouteName | readonly RouteName[] | "*";
  /** Only requests whose path parameters equal these. */
  match?: FaultMatch | undefined;
  /** What to do; default `"status"` when `status` is set, else `"latency"`. */
  kind?: FaultKind | undefined;
  /** Status to answer (kind `status`; optional for `malformed-json`, `empty-body`, `html`). */
  status?: number | undefined;
  /** Body for kind `status`: a string is sent as is, anything else as JSON. Default: the API's own error body for that status. */
  body?: unknown;
  /** Extra response headers. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Adds `Retry-After` (seconds, or an HTTP date string). */
  retryAfter?: number | string | undefined;
  /** Delay in ms before the fault takes effect (real time). */
  latencyMs?: number | undefined;
  /**
   * Let the route do its work first (run the function, issue the token), then apply the fault —
   * e.g. a reset after the lambda ran, to prove whether a client retries non-idempotent calls.
   * Always on for `truncated-json` and `wrong-content-type`.
   */
  afterExecution?: boolean | undefined;
  /** Apply to the next N matching requests only, then remove the rule. Default: unlimited. */
  times?: number | undefined;
  /** Apply to this share (0–1) of matching requests, drawn from a PRNG seeded with `seed`. Default 1. */
  probability?: number | undefined;
  /** Seed of the rule's PRNG; default 1. */
  seed?: number | undefined;
}

/**
 * A fault rule that was added; remove it when done.
 *
 * @example
 * ```ts
 * const handle = emulator.fault({ route: "domain.list", status: 500 });
 * // … later
 * console.log(handle.hits);
 * handle.remove();
 * ```
 */
export interface FaultHandle {
  /** The rule's id (as the admin endpoint lists it). */
  readonly id: number;
  /** How many requests the rule has affected so far. */
  readonly hits: number;
  /** Whether the rule is still in force (not removed, `times` not used up). */
  readonly active: boolean;
  /** Takes the rule out. */
  remove(): void;
}

/** A fault chosen for one request. */
export interface ChosenFault {
  readonly kind: FaultKind;
  readonly latencyMs: number;
  readonly afterExecution: boolean;
  /** Builds the answer; `real` is the route's answer when it ran. */
  respond(real: EmulatorResponse | undefined): EmulatorResponse;
}

/** Builds the API's own error body for a status when a rule gives none. */
export type DefaultErrorBody = (
  route: RouteName,
  status: number,
  params: Readonly<Record<string, string>>,
) => unknown;
