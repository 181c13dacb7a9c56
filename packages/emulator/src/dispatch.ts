/**
 * Which handler serves a route, what is checked before its body is read (faasGW's bearer token),
 * how large its body may be, and what is counted when a request arrives.
 *
 * @module
 */
import { SMALL_BODY_BYTES } from "./body.js";
import { type ConnectorCaller, idpGate, sendApiGate } from "./connector/auth-check.js";
import { handleConsumerJws } from "./connector/idp-route.js";
import { handleConversation, handleSend } from "./connector/send-route.js";
import { handleDomainList, handleDomainSingle } from "./domain-api.js";
import { faasGate, handleInvoke, handleInvokeEvent, handleIsImplemented } from "./faasgw.js";
import type { EmulatorRequest, EmulatorResponse } from "./http-types.js";
import type { RouteInfo, RouteName } from "./routes.js";
import { handleJwks, handleTokenRequest } from "./sentinel.js";
import type { EmulatorState } from "./state.js";

/** What the checks before the body allow: go on (with faasGW's convention, the Connector API's caller), or answer now. */
export type Precheck =
  | { readonly convention?: "v1" | "v2"; readonly caller?: ConnectorCaller }
  | { readonly refuse: EmulatorResponse };

/**
 * The checks a route makes before its body is read: faasGW's query and bearer token, the
 * Connector API's AppJWT (and, on the Send API, the ConsumerJWS).
 */
export async function precheck(
  state: EmulatorState,
  info: RouteInfo,
  request: EmulatorRequest,
  params: Readonly<Record<string, string>>,
): Promise<Precheck> {
  if (info.api === "idp" || info.api === "connector") {
    const gate =
      info.api === "idp"
        ? await idpGate(state, request.headers, params.accountId ?? "")
        : await sendApiGate(state, request.headers, params.accountId ?? "");
    return "refuse" in gate ? gate : { caller: gate.caller };
  }
  if (info.api !== "faasgw") {
    return {};
  }
  const gate = await faasGate(state, request, params);
  return gate.ok ? { convention: gate.convention } : { refuse: gate.response };
}

/** Runs the route's handler on the whole request. */
export function dispatch(
  state: EmulatorState,
  info: RouteInfo,
  request: EmulatorRequest,
  params: Record<string, string>,
  convention: "v1" | "v2",
  caller?: ConnectorCaller,
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
      return handleInvoke(state, request, params, convention);
    case "faasgw.invokeEvent":
      return handleInvokeEvent(state, request, params, convention);
    case "faasgw.isImplemented":
      return handleIsImplemented(state, params, convention);
    case "idp.consumerJws":
      return handleConsumerJws(state, request, params);
    case "connector.conversation":
      return handleConversation(state, request, params, caller as ConnectorCaller);
    case "connector.send":
      return handleSend(state, request, params, caller as ConnectorCaller);
  }
}

/** Largest body of a route: `maxBodyBytes` for invocations, 64 KiB at most for the rest. */
export function bodyLimit(info: RouteInfo, maxBodyBytes: number): number {
  return info.name === "faasgw.invoke" || info.name === "faasgw.invokeEvent"
    ? maxBodyBytes
    : Math.min(maxBodyBytes, SMALL_BODY_BYTES);
}

/** Counts a request for a lambda, an event or a domain lookup on arrival. */
export function countArrival(
  state: EmulatorState,
  name: RouteName,
  params: Readonly<Record<string, string>>,
): void {
  if (name === "domain.list" || name === "domain.single") {
    state.stats.domainLookup(params.accountId ?? "");
  } else if (name === "faasgw.invoke") {
    state.stats.invocation({ lambdaUuid: (params.lambdaUuid ?? "").toLowerCase() });
  } else if (name === "faasgw.invokeEvent") {
    state.stats.invocation({ eventId: params.eventId ?? "" });
  }
}
