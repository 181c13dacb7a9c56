/**
 * The Connector API's credential checks, made before a body is read: the AppJWT, **raw** in
 * `Authorization` (an RS256 token of this emulator's Sentinel, for this account, scope
 * `msg.consumer`, not expired), and for the Send API the ConsumerJWS in `X-LP-ON-BEHALF` (issued by
 * this emulator's IdP for this account). Failures answer as each API does: the IdP with
 * `{ internalErrorCode }`, the Send API with the documented 401 body and its `errorCode`.
 *
 * @module
 */
import { CONSUMER_SCOPE } from "../config.js";
import { type EmulatorResponse, jsonResponse } from "../http-types.js";
import type { EmulatorState } from "../state.js";
import type { ConsumerIdentity } from "./conversation.js";

/** Who is calling: the app installation (from the AppJWT) and, on the Send API, the consumer. */
export interface ConnectorCaller {
  readonly clientId: string;
  readonly consumer: ConsumerIdentity | undefined;
}

/** What the checks decided: go on as this caller, or answer this. */
export type ConnectorGate = { readonly caller: ConnectorCaller } | { readonly refuse: EmulatorResponse };

const TITLES: Record<number, [string, string]> = {
  40001: ["Missing parameter", "A required AppJWT claim is missing or wrong"],
  40102: ["Invalid AppJWT", "AppJWT has expired or is invalid"],
  40103: ["Invalid ConsumerJWS", "ConsumerJWS is invalid"],
  40104: ["ConsumerJWS is missing", "X_ON_BEHALF_HEADER is not present"],
  40105: ["AppJWT is missing", "AUTHORIZATION header is not present"],
};

/**
 * The Send API's documented authentication failure body.
 *
 * @example
 * ```ts
 * sendApiAuthFailure(40103); // 401 { kind: "resp", code: 401, body: { title, details, errorCode: 40103 }, type }
 * ```
 */
export function sendApiAuthFailure(errorCode: keyof typeof TITLES, status = 401): EmulatorResponse {
  const [title, details] = TITLES[errorCode] ?? ["Unauthorized", "Unauthorized"];
  return jsonResponse(status, {
    kind: "resp",
    code: status,
    body: { title, details, errorCode },
    type: ".ReqBody$ErrorResp",
  });
}

type AppJwtProblem = "missing" | "invalid" | "claims" | "scope";

async function checkAppJwt(
  state: EmulatorState,
  authorization: string | undefined,
  accountId: string,
): Promise<{ clientId: string } | AppJwtProblem> {
  if (authorization === undefined || authorization.trim() === "") {
    return "missing";
  }
  // The Connector API takes the token raw; a "Bearer " or "jwt " prefix is refused.
  if (/\s/.test(authorization.trim())) {
    return "invalid";
  }
  const check = await state.keys.check(authorization.trim());
  if (!check.ok) {
    return check.reason === "claims" ? "claims" : "invalid";
  }
  const audiences = Array.isArray(check.claims.aud) ? check.claims.aud : [check.claims.aud];
  if (!audiences.includes(accountId) || !state.accounts.has(accountId)) {
    return "invalid";
  }
  const scopes = typeof check.claims.scope === "string" ? check.claims.scope.split(" ") : [];
  if (!scopes.includes(CONSUMER_SCOPE)) {
    return "scope";
  }
  return { clientId: typeof check.claims.azp === "string" ? check.claims.azp : "" };
}

/** The IdP's checks of a ConsumerJWS request. */
export async function idpGate(
  state: EmulatorState,
  headers: Readonly<Record<string, string>>,
  accountId: string,
): Promise<ConnectorGate> {
  const app = await checkAppJwt(state, headers.authorization, accountId);
  if (app === "scope") {
    return { refuse: jsonResponse(403, { internalErrorCode: 1003 }) };
  }
  if (typeof app === "string") {
    return { refuse: jsonResponse(401, { internalErrorCode: 1002 }) };
  }
  return { caller: { clientId: app.clientId, consumer: undefined } };
}

/** The Send API's checks of a CONVERSATION or SEND request. */
export async function sendApiGate(
  state: EmulatorState,
  headers: Readonly<Record<string, string>>,
  accountId: string,
): Promise<ConnectorGate> {
  const app = await checkAppJwt(state, headers.authorization, accountId);
  switch (app) {
    case "missing":
      return { refuse: sendApiAuthFailure(40105) };
    case "invalid":
      return { refuse: sendApiAuthFailure(40102) };
    case "claims":
      return { refuse: sendApiAuthFailure(40001) };
    case "scope":
      return {
        refuse: jsonResponse(403, {
          code: "FORBIDDEN",
          body: { msg: "The app installation lacks the msg.consumer scope" },
        }),
      };
  }
  const jws = headers["x-lp-on-behalf"]?.trim();
  if (jws === undefined || jws === "") {
    return { refuse: sendApiAuthFailure(40104) };
  }
  const consumer = state.connector.consumerOf(jws);
  if (consumer === undefined || consumer.accountId !== accountId) {
    return { refuse: sendApiAuthFailure(40103) };
  }
  return { caller: { clientId: app.clientId, consumer } };
}
