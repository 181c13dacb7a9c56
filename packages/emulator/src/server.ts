/**
 * The emulator's request pipeline: read the request, find the route, count it, apply a fault
 * rule if one matches, run the route, write the answer and report the exchange.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { handleDomainList, handleDomainSingle } from "./domain-api.js";
import type { ExchangeHook } from "./exchange.js";
import { handleInvoke, handleInvokeEvent, handleIsImplemented } from "./faasgw.js";
import { conventionFor, faasErrorBody } from "./faasgw-errors.js";
import { type ChosenFault, type FaultSet, replacesAnswer } from "./faults.js";
import { type EmulatorRequest, type EmulatorResponse, jsonResponse } from "./http-types.js";
import { matchRoute, type RouteInfo, type RouteName } from "./routes.js";
import { handleJwks, handleTokenRequest, oauthError } from "./sentinel.js";
import type { EmulatorState } from "./state.js";

/** Largest request body the emulator reads (bytes). */
export const DEFAULT_MAX_BODY_BYTES = 5 * 1024 * 1024;

/** What the pipeline needs besides the shared state. */
export interface PipelineOptions {
  readonly state: () => EmulatorState;
  readonly faults: FaultSet;
  readonly maxBodyBytes: number;
  readonly onExchange: ExchangeHook | undefined;
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) {
      throw new BodyTooLarge("request body too large");
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) {
      headers[name] = Array.isArray(value) ? value.join(", ") : value;
    }
  }
  return headers;
}

function route(
  state: EmulatorState,
  info: RouteInfo,
  request: EmulatorRequest,
  params: Record<string, string>,
) {
  switch (info.name) {
    case "domain.list":
      return handleDomainList(state, request, params);
    case "domain.single":
      return handleDomainSingle(state, request, params);
    case "sentinel.token.v1":
      return handleTokenRequest(state, request, params, "v1");
    case "sentinel.token.v2":
      return handleTokenRequest(state, request, params, "v2");
    case "sentinel.jwks":
      return handleJwks(state);
    case "faasgw.invoke":
      return handleInvoke(state, request, params);
    case "faasgw.invokeEvent":
      return handleInvokeEvent(state, request, params);
    case "faasgw.isImplemented":
      return handleIsImplemented(state, request, params);
  }
}

/** The body an API sends for an error status when a fault rule names none. */
export function defaultErrorBody(
  state: EmulatorState,
  name: RouteName,
  status: number,
  params: Readonly<Record<string, string>>,
): unknown {
  if (name.startsWith("domain.")) {
    return { error: status === 404 ? "Not Found" : status < 500 ? "Bad Request" : "Internal Server Error" };
  }
  if (name.startsWith("sentinel.")) {
    const error =
      status === 400 || status === 413
        ? "invalid_request"
        : status === 401
          ? "invalid_client"
          : status === 429
            ? "too_many_requests"
            : status === 503
              ? "temporarily_unavailable"
              : status >= 500
                ? "server_error"
                : "access_denied";
    return { error, error_description: `emulated failure (status ${status})` };
  }
  const convention = conventionFor(state, params.accountId);
  if (status === 901) {
    return faasErrorBody(
      convention,
      "threw",
      "Function Invocation failed due to an issue caused by customer coding",
      [],
    );
  }
  if (status === 503 || status === 502) {
    return faasErrorBody(convention, "unavailable", "The invocation service is unavailable");
  }
  if (status === 429) {
    return faasErrorBody(convention, "general", "Rate limit exceeded");
  }
  return faasErrorBody(
    convention,
    status === 400 ? "badInput" : "general",
    `emulated failure (status ${status})`,
  );
}

function methodNotAllowed(
  state: EmulatorState,
  info: RouteInfo,
  params: Record<string, string>,
): EmulatorResponse {
  const allow = { allow: info.method === "GET" ? "GET, HEAD" : info.method };
  if (info.api === "faasgw") {
    const body = faasErrorBody(conventionFor(state, params.accountId), "general", "Method not allowed");
    return jsonResponse(405, body, allow);
  }
  if (info.api === "sentinel") {
    const denied = oauthError(405, "invalid_request", "method not allowed");
    return { ...denied, headers: { ...denied.headers, ...allow } };
  }
  return jsonResponse(405, { error: "Method Not Allowed" }, allow);
}

function resetSocket(res: ServerResponse): void {
  const socket = res.socket as (ServerResponse["socket"] & { resetAndDestroy?: () => void }) | null;
  if (!socket) {
    return;
  }
  try {
    if (typeof socket.resetAndDestroy === "function" && !("encrypted" in socket)) {
      socket.resetAndDestroy();
      return;
    }
  } catch {
    // fall through to a plain destroy
  }
  socket.destroy();
}

function write(req: IncomingMessage, res: ServerResponse, response: EmulatorResponse): void {
  if (res.destroyed || res.headersSent) {
    return;
  }
  const body = Buffer.from(response.body, "utf8");
  res.writeHead(response.status, { ...response.headers, "content-length": String(body.length) });
  res.end(req.method === "HEAD" ? undefined : body);
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
    void handle(options, req, res).catch(() => {
      if (!res.headersSent && !res.destroyed) {
        write(req, res, jsonResponse(500, { error: "server_error", error_description: "emulator failure" }));
      }
    });
  };
}

async function handle(options: PipelineOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = performance.now();
  const state = options.state();
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const match = matchRoute(req.method ?? "GET", url.pathname);
  const info = match.kind === "none" ? undefined : match.route;
  let fault: ChosenFault | undefined;
  let request: EmulatorRequest = {
    method: req.method ?? "GET",
    path: url.pathname,
    search: url.search,
    query: url.searchParams,
    headers: flattenHeaders(req),
    body: "",
  };
  const report = (response: EmulatorResponse | undefined, outcome: "answered" | "reset" | "hang") => {
    state.stats.answered(
      info?.name ?? "unknown",
      response ? response.status : outcome === "hang" ? "hang" : "reset",
    );
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
      });
    } catch {
      // a failing hook must not break the emulator
    }
  };
  const send = (response: EmulatorResponse) => {
    write(req, res, response);
    report(response, "answered");
  };

  state.stats.request(info?.name ?? "unknown");
  try {
    request = { ...request, body: await readBody(req, options.maxBodyBytes) };
  } catch (error) {
    if (error instanceof BodyTooLarge) {
      const body = info
        ? defaultErrorBody(state, info.name, 413, match.kind === "none" ? {} : match.params)
        : { error: "Payload Too Large" };
      send(jsonResponse(413, body, { connection: "close" }));
    }
    return;
  }
  if (match.kind === "none") {
    send(jsonResponse(404, { error: "Not Found", message: `the emulator serves no ${request.path}` }));
    return;
  }
  const { route: routeInfo, params } = match;
  if (match.kind === "method-not-allowed") {
    send(methodNotAllowed(state, routeInfo, { ...params }));
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
      finish(undefined);
      return;
    }
  }
  const real = await route(state, routeInfo, request, { ...params });
  if (fault?.afterExecution) {
    await delay();
  }
  finish(real);
}

function countArrival(state: EmulatorState, name: RouteName, params: Readonly<Record<string, string>>): void {
  if (name === "domain.list" || name === "domain.single") {
    state.stats.domainLookup(params.accountId ?? "");
  } else if (name === "faasgw.invoke") {
    state.stats.invocation({ lambdaUuid: (params.lambdaUuid ?? "").toLowerCase() });
  } else if (name === "faasgw.invokeEvent") {
    state.stats.invocation({ eventId: params.eventId ?? "" });
  }
}
