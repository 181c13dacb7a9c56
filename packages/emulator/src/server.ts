/**
 * The emulator's request pipeline: find the route, count it, apply a fault rule if one matches,
 * check the caller (faasGW's bearer token) **before** reading any body, read the body within the
 * route's limit and the shared memory budget, run the route, write the answer and report it.
 * A request refused before its body is read is answered with `Connection: close`, so the rest of
 * the body is never read.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { ADMIN_PREFIX, type AdminEndpoint } from "./admin.js";
import { type BodyBudget, leaveBody, leaveBodyUnread, readBody, SMALL_BODY_BYTES } from "./body.js";
import type { CorsPolicy } from "./cors.js";
import { bodyLimit, countArrival, dispatch, precheck } from "./dispatch.js";
import { bodyRefusal, methodNotAllowed } from "./error-bodies.js";
import type { ExchangeHook } from "./exchange.js";
import { type ChosenFault, type FaultSet, replacesAnswer } from "./faults.js";
import { type EmulatorRequest, type EmulatorResponse, jsonResponse } from "./http-types.js";
import { loggedParams, type RequestLogEntry, type RequestLogger } from "./request-log.js";
import { matchRoute, type RouteInfo } from "./routes.js";
import type { EmulatorState } from "./state.js";
import { resetSocket, writeResponse } from "./write.js";

/** What the pipeline needs besides the shared state. */
export interface PipelineOptions {
  readonly state: () => EmulatorState;
  readonly faults: FaultSet;
  /** Largest body of an invoke route. */
  readonly maxBodyBytes: number;
  /** Memory budget of all bodies in flight. */
  readonly budget: BodyBudget;
  readonly onExchange: ExchangeHook | undefined;
  readonly log: RequestLogger | undefined;
  readonly cors: CorsPolicy | undefined;
  readonly admin: AdminEndpoint | undefined;
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      // An own key even for a header named "__proto__".
      Object.defineProperty(headers, name, {
        value: Array.isArray(value) ? value.join(", ") : value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return headers;
}

/**
 * Creates the `request` listener shared by every server the emulator runs.
 *
 * @example
 * ```ts
 * http.createServer(createRequestListener(options)).listen(0);
 * ```
 */
export function createRequestListener(options: PipelineOptions) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    let reserved = 0;
    res.once("close", () => options.budget.give(reserved));
    const onReserved = (bytes: number) => {
      reserved += bytes;
    };
    void handle(options, req, res, onReserved).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        const failure = jsonResponse(500, { error: "server_error", error_description: "emulator failure" });
        writeResponse(
          req,
          res,
          failure,
          leaveBody(req, () => undefined),
        );
      }
    });
  };
}

async function handle(
  options: PipelineOptions,
  req: IncomingMessage,
  res: ServerResponse,
  onReserved: (bytes: number) => void,
): Promise<void> {
  const time = Date.now();
  const started = performance.now();
  const state = options.state();
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const corsHeaders = options.cors?.headersFor(req.headers.origin) ?? {};
  const logLine = (entry: Omit<RequestLogEntry, "time" | "method" | "durationMs">) => {
    try {
      options.log?.({ time, method: req.method ?? "GET", durationMs: performance.now() - started, ...entry });
    } catch {
      // a failing logger must not break the emulator
    }
  };

  if (options.admin && url.pathname.startsWith(ADMIN_PREFIX)) {
    // Before CORS: the admin endpoint never answers a preflight, so no page can write to it.
    const answer = await options.admin.handle(req, url, onReserved);
    writeResponse(req, res, answer.response, answer.bodyUnread);
    logLine({
      route: "admin",
      status: answer.response.status,
      params: {},
      fault: undefined,
      bodyUnread: answer.bodyUnread,
    });
    return;
  }
  const match = matchRoute(req.method ?? "GET", url.pathname);
  // Preflights are answered for the API's own paths only.
  const preflight = match.kind === "none" ? undefined : options.cors?.preflight(req);
  if (preflight) {
    writeResponse(
      req,
      res,
      preflight,
      leaveBody(req, () => undefined),
    );
    logLine({
      route: "preflight",
      status: preflight.status,
      params: {},
      fault: undefined,
      bodyUnread: false,
    });
    return;
  }
  const info = match.kind === "none" ? undefined : match.route;
  const params = match.kind === "none" ? {} : { ...match.params };
  let fault: ChosenFault | undefined;
  let bodyUnread = false;
  let request: EmulatorRequest = {
    method: req.method ?? "GET",
    path: url.pathname,
    search: url.search,
    query: url.searchParams,
    headers: flattenHeaders(req),
    body: "",
  };
  const report = (response: EmulatorResponse | undefined, outcome: "answered" | "reset" | "hang") => {
    const status = response ? response.status : outcome === "hang" ? "hang" : "reset";
    state.stats.answered(info?.name ?? "unknown", status);
    if (bodyUnread) {
      state.stats.bodyRefusedUnread();
    }
    logLine({
      route: info?.name ?? "unknown",
      status,
      params: loggedParams(params),
      fault: fault?.kind,
      bodyUnread,
    });
    try {
      options.onExchange?.({
        route: info?.name,
        api: info?.api,
        operationId: info?.operationId,
        request,
        response,
        outcome,
        fault: fault?.kind,
        durationMs: performance.now() - started,
        bodyUnread,
      });
    } catch {
      // a failing hook must not break the emulator
    }
  };
  const send = (response: EmulatorResponse) => {
    const answer = { ...response, headers: { ...response.headers, ...corsHeaders } };
    writeResponse(req, res, answer, bodyUnread);
    report(answer, "answered");
  };
  /** Reads the body; on a refusal answers it and returns `undefined`. */
  const body = async (routeInfo: RouteInfo): Promise<string | undefined> => {
    const outcome = await readBody(req, {
      limit: bodyLimit(routeInfo, options.maxBodyBytes),
      budget: options.budget,
      onBytes: (bytes) => state.stats.bodyBytes(bytes),
      onReserved,
    });
    if (outcome.ok) {
      return outcome.body;
    }
    if (outcome.reason !== "aborted") {
      bodyUnread = true;
      state.stats.bodyRefused(outcome.reason);
      send(bodyRefusal(state, routeInfo, params, outcome.reason));
    }
    return undefined;
  };

  /**
   * Before answering without the body: a small body of known length is read into the record (so
   * the connection stays usable and closing it cannot reset the answer); a large or chunked one is
   * left unread, and the answer closes the connection.
   */
  const settleBody = async (): Promise<void> => {
    if (!leaveBodyUnread(req)) {
      const outcome = await readBody(req, {
        limit: SMALL_BODY_BYTES,
        budget: options.budget,
        onBytes: (bytes) => state.stats.bodyBytes(bytes),
        onReserved,
      });
      bodyUnread = !outcome.ok;
      request = { ...request, body: outcome.ok ? outcome.body : "" };
      return;
    }
    bodyUnread = true;
  };

  state.stats.request(info?.name ?? "unknown");
  if (match.kind === "none") {
    await settleBody();
    send(jsonResponse(404, { error: "Not Found", message: `the emulator serves no ${request.path}` }));
    return;
  }
  const routeInfo = match.route;
  if (match.kind === "method-not-allowed") {
    await settleBody();
    send(methodNotAllowed(state, routeInfo, params));
    return;
  }
  countArrival(state, routeInfo.name, params);

  fault = options.faults.choose(routeInfo.name, params);
  if (fault) {
    state.stats.fault(routeInfo.name);
  }
  const delay = async () => {
    if (fault && fault.latencyMs > 0) {
      await sleep(fault.latencyMs, undefined, { signal: state.stopSignal });
    }
  };
  const finish = (real: EmulatorResponse | undefined) => {
    if (!fault) {
      send(real as EmulatorResponse);
    } else if (fault.kind === "reset") {
      resetSocket(res);
      report(undefined, "reset");
    } else if (fault.kind === "hang") {
      report(undefined, "hang");
    } else {
      send(fault.respond(real));
    }
  };

  if (fault && !fault.afterExecution) {
    await delay();
    if (replacesAnswer(fault.kind)) {
      const text = await body(routeInfo);
      if (text !== undefined) {
        request = { ...request, body: text };
        finish(undefined);
      }
      return;
    }
  }
  const checked = await precheck(state, routeInfo, request, params);
  let real: EmulatorResponse;
  if ("refuse" in checked) {
    await settleBody();
    real = checked.refuse;
  } else {
    const text = await body(routeInfo);
    if (text === undefined) {
      return;
    }
    request = { ...request, body: text };
    real = await dispatch(state, routeInfo, request, params, checked.convention ?? "v1", checked.caller);
  }
  if (fault?.afterExecution) {
    await delay();
  }
  finish(real);
}
