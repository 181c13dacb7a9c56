/**
 * The emulated Functions invocation gateway (faasGW): invoke by UUID, invoke by event and
 * isImplemented, with bearer-token checks (signature, audience, expiry on the emulator clock,
 * the `faas.lambda.invoke` scope) and V1 or V2 error bodies depending on the account.
 *
 * @module
 */
import { INVOKE_SCOPE } from "./config.js";
import { conventionFor, type FAAS_CODES, FUNCTION_FAILED_STATUS, faasErrorBody } from "./faasgw-errors.js";
import { type EmulatorRequest, type EmulatorResponse, jsonResponse } from "./http-types.js";
import { type Envelope, parseEnvelope } from "./invocation-envelope.js";
import type { FaasConvention } from "./lambda-types.js";
import { type LambdaOutcome, type RegisteredLambda, runLambda } from "./lambdas.js";
import type { EmulatorState } from "./state.js";

/**
 * Whether a calling system's name (`externalSystem`, `LP-EventSource`) is acceptable: free text such
 * as `My CRM`, refused only when empty, over 128 characters, or holding a control character (CR and
 * LF included: C0, DEL and C1).
 */
function isSourceName(value: string): boolean {
  if (value.length === 0 || value.length > 128) {
    return false;
  }
  for (let index = 0; index < value.length; index += 1) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) {
      return false;
    }
  }
  return true;
}
const EVENT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

function checkQuery(convention: FaasConvention, request: EmulatorRequest): string | undefined {
  const versions = request.query.getAll("v");
  if (versions.length > 1 || (versions.length === 1 && versions[0] !== "1")) {
    return "the query parameter v must be 1";
  }
  if (convention === "v1" && versions.length === 0) {
    return "the query parameter v=1 is required";
  }
  const external = request.query.get("externalSystem");
  if (external !== null && !isSourceName(external)) {
    return "externalSystem must be 1-128 characters without control characters";
  }
  const source = request.headers["lp-eventsource"];
  if (source !== undefined && !isSourceName(source)) {
    return "LP-EventSource must be 1-128 characters without control characters";
  }
  for (const name of ["userId", "skillId"]) {
    // An empty value counts as absent: LivePerson's Node client sends `skillId=` on every V1 call.
    const value = request.query.get(name);
    if (value !== null && value.length > 256) {
      return `${name} must be at most 256 characters`;
    }
  }
  return undefined;
}

/** What the checks before the body decided: go on in this convention, or answer this. */
export type FaasGate = { ok: true; convention: FaasConvention } | { ok: false; response: EmulatorResponse };

/**
 * Query and bearer-token checks shared by every faasGW route. They need no body, so the pipeline
 * runs them before reading one: an unauthenticated caller never gets a large body buffered.
 */
export async function faasGate(
  state: EmulatorState,
  request: EmulatorRequest,
  params: Readonly<Record<string, string>>,
): Promise<FaasGate> {
  const accountId = params.accountId ?? "";
  const convention = conventionFor(state, accountId, request);
  const fail = (status: number, kind: keyof typeof FAAS_CODES, message: string): FaasGate => ({
    ok: false,
    response: jsonResponse(status, faasErrorBody(convention, kind, message)),
  });
  if (!/^[A-Za-z0-9]{1,64}$/.test(accountId)) {
    return fail(400, "badInput", "malformed account id");
  }
  const badQuery = checkQuery(convention, request);
  if (badQuery) {
    return fail(400, "badInput", badQuery);
  }
  const authorization = request.headers.authorization ?? "";
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!bearer) {
    return fail(401, "general", "Authentication failed: the bearer token is missing");
  }
  const check = await state.keys.check(bearer[1] as string);
  if (!check.ok) {
    const why =
      check.reason === "expired"
        ? "the token expired"
        : check.reason === "unknown-key"
          ? "the token was signed with an unknown key"
          : "the token is invalid";
    return fail(401, "general", `Authentication failed: ${why}`);
  }
  const audience = check.claims.aud;
  const audiences = Array.isArray(audience) ? audience : [audience];
  if (!audiences.includes(accountId)) {
    return fail(403, "general", "The token was issued for another account");
  }
  const scopes = typeof check.claims.scope === "string" ? check.claims.scope.split(" ") : [];
  if (!scopes.includes(INVOKE_SCOPE)) {
    return fail(403, "general", `The caller lacks the privilege to invoke functions (scope ${INVOKE_SCOPE})`);
  }
  if (!state.accounts.has(accountId)) {
    return fail(404, "general", "Unknown account");
  }
  return { ok: true, convention };
}

function httpHeadersForLambda(request: EmulatorRequest): Record<string, string> {
  const { authorization: _authorization, ...rest } = request.headers;
  return rest;
}

async function execute(
  state: EmulatorState,
  request: EmulatorRequest,
  lambda: RegisteredLambda,
  envelope: Envelope,
  accountId: string,
  convention: FaasConvention,
  eventId: string | undefined,
): Promise<LambdaOutcome> {
  state.stats.execution(lambda.uuid);
  return runLambda(
    lambda,
    envelope.payload,
    {
      accountId,
      lambdaUuid: lambda.uuid,
      eventId,
      headers: envelope.headers,
      httpHeaders: httpHeadersForLambda(request),
      timestamp: envelope.timestamp,
      convention,
      source: request.query.get("externalSystem") ?? request.headers["lp-eventsource"],
      userId: request.query.get("userId") || undefined,
      skillId: request.query.get("skillId") || undefined,
      requestId: request.headers["x-request-id"],
    },
    { now: state.clock.now, defaultTimeoutMs: state.lambdaTimeoutMs, stopSignal: state.stopSignal },
  );
}

function failureResponse(convention: FaasConvention, outcome: Extract<LambdaOutcome, { ok: false }>) {
  const kind =
    outcome.failure === "timeout"
      ? "timeout"
      : outcome.failure === "runtime-error"
        ? "runtimeError"
        : "threw";
  return jsonResponse(FUNCTION_FAILED_STATUS, faasErrorBody(convention, kind, outcome.message, outcome.logs));
}

function successStatus(convention: FaasConvention): number {
  return convention === "v2" ? 202 : 200;
}

/** `POST /api/account/{accountId}/lambdas/{lambdaUuid}/invoke`, after {@link faasGate} passed. */
export async function handleInvoke(
  state: EmulatorState,
  request: EmulatorRequest,
  params: Readonly<Record<string, string>>,
  convention: FaasConvention,
): Promise<EmulatorResponse> {
  const accountId = params.accountId ?? "";
  const lambda = state.lambdas.find(accountId, params.lambdaUuid ?? "");
  if (!lambda) {
    return jsonResponse(
      404,
      faasErrorBody(convention, "notFound", "The function does not exist or is not deployed"),
    );
  }
  const envelope = parseEnvelope(request);
  if (typeof envelope === "string") {
    return jsonResponse(400, faasErrorBody(convention, "badInput", envelope));
  }
  const outcome = await execute(state, request, lambda, envelope, accountId, convention, undefined);
  return outcome.ok
    ? jsonResponse(successStatus(convention), outcome.value)
    : failureResponse(convention, outcome);
}

/**
 * `POST /api/account/{accountId}/events/{eventId}/invoke`: runs every lambda of the event at once.
 * One lambda: its result. Several: the list of their results in registration order. Any failure:
 * 901 with the first failure.
 */
export async function handleInvokeEvent(
  state: EmulatorState,
  request: EmulatorRequest,
  params: Readonly<Record<string, string>>,
  convention: FaasConvention,
): Promise<EmulatorResponse> {
  const accountId = params.accountId ?? "";
  const eventId = params.eventId ?? "";
  if (!EVENT_ID.test(eventId)) {
    return jsonResponse(400, faasErrorBody(convention, "badInput", "malformed event id"));
  }
  const lambdas = state.lambdas.forEvent(accountId, eventId);
  if (lambdas.length === 0) {
    return jsonResponse(
      404,
      faasErrorBody(convention, "notFound", "No function is registered for this event"),
    );
  }
  const envelope = parseEnvelope(request);
  if (typeof envelope === "string") {
    return jsonResponse(400, faasErrorBody(convention, "badInput", envelope));
  }
  const outcomes = await Promise.all(
    lambdas.map((lambda) => execute(state, request, lambda, envelope, accountId, convention, eventId)),
  );
  const failed = outcomes.find((outcome): outcome is Extract<LambdaOutcome, { ok: false }> => !outcome.ok);
  if (failed) {
    return failureResponse(convention, failed);
  }
  const values = outcomes.map((outcome) => (outcome.ok ? outcome.value : null));
  return jsonResponse(successStatus(convention), values.length === 1 ? values[0] : values);
}

/** `GET /api/account/{accountId}/events/{eventId}/isImplemented`, after {@link faasGate} passed. */
export function handleIsImplemented(
  state: EmulatorState,
  params: Readonly<Record<string, string>>,
  convention: FaasConvention,
): EmulatorResponse {
  const accountId = params.accountId ?? "";
  if (!EVENT_ID.test(params.eventId ?? "")) {
    return jsonResponse(400, faasErrorBody(convention, "badInput", "malformed event id"));
  }
  return jsonResponse(200, {
    implemented: state.lambdas.forEvent(accountId, params.eventId ?? "").length > 0,
  });
}
