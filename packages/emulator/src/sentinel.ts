/**
 * The emulated Sentinel: client-credentials token endpoints (V1 path with `v=1.0` or `v=2.0`,
 * V2 path) answering OAuth 2.0 style errors, and the JWKS endpoint.
 *
 * @module
 */
import { timingSafeEqual } from "node:crypto";
import { type EmulatorRequest, type EmulatorResponse, jsonResponse, mediaType } from "./http-types.js";
import type { TokenVersion } from "./signing-keys.js";
import type { AppState, EmulatorState } from "./state.js";

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" } as const;

/** The OAuth 2.0 error answer (RFC 6749 §5.2), never echoing what was sent. */
export function oauthError(status: number, error: string, description: string): EmulatorResponse {
  return jsonResponse(status, { error, error_description: description }, NO_STORE);
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Claims and signing scheme of a token the emulator issues. */
export interface TokenSpec {
  readonly app: Pick<AppState, "accountId" | "clientId" | "scope">;
  readonly version: TokenVersion;
  /** Lifetime in seconds; default the emulator's token TTL. */
  readonly ttlSec?: number | undefined;
}

/** Signs a token for an app with the emulator clock's `iat` and `exp = iat + ttl`. */
export async function issueToken(state: EmulatorState, spec: TokenSpec): Promise<string> {
  const iat = Math.floor(state.clock.now() / 1000);
  return state.keys.sign(
    {
      aud: spec.app.accountId,
      azp: spec.app.clientId,
      scope: spec.app.scope,
      iss: "Sentinel",
      exp: iat + (spec.ttlSec ?? state.tokenTtlSec),
      iat,
    },
    spec.version,
  );
}

function formFields(request: EmulatorRequest): URLSearchParams | EmulatorResponse {
  if (request.body.length === 0) {
    return new URLSearchParams();
  }
  const type = mediaType(request.headers["content-type"]);
  if (type !== "application/x-www-form-urlencoded") {
    return oauthError(400, "invalid_request", "the body must be application/x-www-form-urlencoded");
  }
  return new URLSearchParams(request.body);
}

/**
 * `POST /sentinel/api/account/{accountId}/app/token?v=1.0|2.0` and
 * `POST /sentinel/api/v2/account/{accountId}/app/token[?v=2.0]`. Credentials are read from the form
 * body, falling back to the query string (as LivePerson's Java client sends them).
 */
export async function handleTokenRequest(
  state: EmulatorState,
  request: EmulatorRequest,
  params: Readonly<Record<string, string>>,
  path: "v1" | "v2",
): Promise<EmulatorResponse> {
  const reject = (status: number, error: string, description: string) => {
    state.stats.tokenRejected();
    return oauthError(status, error, description);
  };
  const versions = request.query.getAll("v");
  if (path === "v1" && (versions.length !== 1 || (versions[0] !== "1.0" && versions[0] !== "2.0"))) {
    return reject(400, "invalid_request", "the query parameter v must be 1.0 or 2.0");
  }
  if (path === "v2" && (versions.length > 1 || (versions.length === 1 && versions[0] !== "2.0"))) {
    return reject(400, "invalid_request", "the query parameter v, when sent, must be 2.0");
  }
  const form = formFields(request);
  if (!(form instanceof URLSearchParams)) {
    state.stats.tokenRejected();
    return form;
  }
  const field = (name: string): string | undefined => form.get(name) ?? request.query.get(name) ?? undefined;
  const grantType = field("grant_type");
  const queryGrant = request.query.get("grant_type");
  if (grantType === undefined || grantType === "") {
    return reject(400, "invalid_request", "missing grant_type");
  }
  if (grantType !== "client_credentials" || (queryGrant !== null && queryGrant !== "client_credentials")) {
    return reject(400, "unsupported_grant_type", "grant_type must be client_credentials");
  }
  const clientId = field("client_id");
  if (clientId === undefined || clientId === "") {
    return reject(400, "invalid_request", "missing client_id");
  }
  const clientSecret = field("client_secret");
  const app = state.apps.get(clientId);
  if (
    clientSecret === undefined ||
    app === undefined ||
    !sameSecret(app.clientSecret, clientSecret) ||
    app.accountId !== params.accountId
  ) {
    return reject(401, "invalid_client", "client authentication failed");
  }
  const allowed = state.tokenRateLimit.take(app.clientId);
  if (!allowed.ok) {
    state.stats.tokenRateLimited(app.clientId);
    const limited = oauthError(429, "too_many_requests", "token rate limit exceeded for this client");
    return { ...limited, headers: { ...limited.headers, "retry-after": String(allowed.retryAfterSec) } };
  }
  const version: TokenVersion = path === "v1" && versions[0] === "1.0" ? "v1" : "v2";
  const accessToken = await issueToken(state, { app, version });
  state.stats.tokenIssued(app.clientId, version);
  const body: Record<string, string> = { access_token: accessToken, token_type: "Bearer" };
  if (version === "v2") {
    body.expires_in = String(state.tokenTtlSec);
  }
  return jsonResponse(200, body, NO_STORE);
}

/** `GET /sentinel/well-known/jwks` */
export function handleJwks(state: EmulatorState): EmulatorResponse {
  return jsonResponse(200, state.keys.jwks());
}
