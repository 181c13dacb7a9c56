/**
 * The error bodies of the IdP and the Send API when the emulator answers a status of its own accord
 * (a fault rule without a body, a refused body): the shapes their specs document per status — the
 * documented 401 body (40102), a gateway's HTML page for 503, a bare text for the IdP's 429, and
 * the illustrative JSON bodies otherwise.
 *
 * @module
 */
import { TextBody } from "../http-types.js";

const SERVICE_UNAVAILABLE = "<html><body><h1>503 Service Unavailable</h1></body></html>";

const SEND_CODES: Record<number, string> = {
  400: "BAD_REQUEST",
  403: "FORBIDDEN",
  404: "NOT_FOUND",
  405: "METHOD_NOT_ALLOWED",
  413: "PAYLOAD_TOO_LARGE",
  429: "TOO_MANY_REQUESTS",
};

/**
 * The body an IdP or Send API answer of `status` carries when nothing else is given.
 *
 * @example
 * ```ts
 * connectorErrorBody("connector", 401); // { kind: "resp", code: 401, body: { …, errorCode: 40102 }, type: ".ReqBody$ErrorResp" }
 * ```
 */
export function connectorErrorBody(api: "idp" | "connector", status: number): unknown {
  if (status === 503) {
    return new TextBody(SERVICE_UNAVAILABLE, "text/html");
  }
  if (api === "idp") {
    if (status === 429) {
      return new TextBody("Too Many Requests", "text/plain;charset=utf-8");
    }
    return { internalErrorCode: status === 401 ? 1002 : status === 403 ? 1003 : status >= 500 ? 9007 : 1001 };
  }
  if (status === 401) {
    return {
      kind: "resp",
      code: 401,
      body: { title: "Invalid AppJWT", details: "AppJWT has expired or is invalid", errorCode: 40102 },
      type: ".ReqBody$ErrorResp",
    };
  }
  const code = SEND_CODES[status] ?? (status >= 500 ? "INTERNAL_SERVER_ERROR" : "ERROR");
  return { code, body: { msg: `emulated failure (status ${status})` } };
}
