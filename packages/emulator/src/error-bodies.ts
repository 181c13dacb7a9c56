/**
 * The error answers each API gives when the emulator itself refuses a request (wrong method, body
 * too large, over the body budget) or a fault rule names a status without a body: the API's own
 * error shape for that status.
 *
 * @module
 */
import { connectorErrorBody } from "./connector/error-bodies.js";
import { conventionFor, faasErrorBody } from "./faasgw-errors.js";
import { type EmulatorResponse, jsonResponse, TextBody, textResponse } from "./http-types.js";
import type { RouteInfo, RouteName } from "./routes.js";
import { oauthError } from "./sentinel.js";
import type { EmulatorState } from "./state.js";

function sentinelErrorCode(status: number): string {
  if (status === 400 || status === 413) {
    return "invalid_request";
  }
  if (status === 401) {
    return "invalid_client";
  }
  if (status === 429) {
    return "too_many_requests";
  }
  if (status === 503) {
    return "temporarily_unavailable";
  }
  return status >= 500 ? "server_error" : "access_denied";
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
    return { error: sentinelErrorCode(status), error_description: `emulated failure (status ${status})` };
  }
  if (name.startsWith("idp.") || name.startsWith("connector.")) {
    return connectorErrorBody(name.startsWith("idp.") ? "idp" : "connector", status);
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

/** 405 in the route's API's shape, with `Allow`. */
export function methodNotAllowed(
  state: EmulatorState,
  info: RouteInfo,
  params: Readonly<Record<string, string>>,
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
  if (info.api === "idp" || info.api === "connector") {
    return jsonResponse(405, connectorErrorBody(info.api, 405), allow);
  }
  return jsonResponse(405, { error: "Method Not Allowed" }, allow);
}

/**
 * The answer to a body the emulator will not read: 413 over the route's limit, 503 (with
 * `Retry-After: 1`) when the bodies in flight already fill the memory budget.
 */
export function bodyRefusal(
  state: EmulatorState,
  info: RouteInfo,
  params: Readonly<Record<string, string>>,
  reason: "too-large" | "over-budget",
): EmulatorResponse {
  if (reason === "too-large") {
    const body = defaultErrorBody(state, info.name, 413, params);
    return body instanceof TextBody
      ? textResponse(413, body.text, body.contentType)
      : jsonResponse(413, body);
  }
  if (info.api === "idp" || info.api === "connector") {
    const body = connectorErrorBody(info.api, 503) as TextBody;
    return {
      ...textResponse(503, body.text, body.contentType),
      headers: { "content-type": body.contentType, "retry-after": "1" },
    };
  }
  const body =
    info.api === "sentinel"
      ? { error: "temporarily_unavailable", error_description: "too many request bodies in flight; retry" }
      : info.api === "faasgw"
        ? faasErrorBody(
            conventionFor(state, params.accountId),
            "unavailable",
            "Too many request bodies in flight",
          )
        : { error: "Service Unavailable" };
  return jsonResponse(503, body, { "retry-after": "1" });
}
