/**
 * Turns whatever a step or command threw into a short, secret-free report: the error class, its
 * stable lpkit code, its message and a hint at what to check — naming the variable to fix in live
 * mode.
 *
 * @module
 */
import { type FunctionLogEntry, isLpkitError } from "@lpkit/core";
import { redact } from "@lpkit/core/internal";
import type { Mode } from "../config.js";

/**
 * What the output says about an error.
 *
 * @example
 * ```ts
 * const { name, code, message, hint }: ErrorReport = describeError(error, "live", [clientSecret]);
 * ```
 */
export interface ErrorReport {
  /** Class name, e.g. `TokenRequestError`. */
  readonly name: string;
  /** Stable lpkit code, e.g. `ERR_TOKEN_REQUEST`; `ERR_UNKNOWN` for errors that are not lpkit's. */
  readonly code: string;
  readonly message: string;
  /** HTTP status, for errors that come from an answer. */
  readonly status?: number | undefined;
  /** What to check next. */
  readonly hint?: string | undefined;
  /** LivePerson's own error code, for faasGW errors (e.g. `com.customer.faas.function.threw-error`). */
  readonly errorCode?: string | undefined;
  /** The function's log lines, for faasGW errors that carry them. */
  readonly logs?: readonly FunctionLogEntry[] | undefined;
}

function hintFor(error: unknown, mode: Mode): string | undefined {
  if (!isLpkitError(error)) {
    return undefined;
  }
  const live = mode === "live";
  switch (error.code) {
    case "ERR_NETWORK":
    case "ERR_TIMEOUT":
      return live
        ? "check the network connection, and LP_DOMAIN_API if it is set (it must name a reachable Domain API)"
        : "the embedded emulator did not answer; run with --debug to see each request";
    case "ERR_DOMAIN_API":
    case "ERR_SERVICE_NOT_FOUND":
      return live
        ? "check LP_ACCOUNT_ID: the Domain API does not know this account or its service"
        : undefined;
    case "ERR_TOKEN_REQUEST":
      if (error.status === 400 || error.status === 401 || error.status === 403) {
        return live
          ? "Sentinel refused the credentials: check LP_CLIENT_ID and LP_CLIENT_SECRET, and that the app installation belongs to LP_ACCOUNT_ID (the secret is never shown)"
          : undefined;
      }
      return error.retryable ? "Sentinel is unavailable right now; try again later" : undefined;
    case "ERR_FAAS_GATEWAY":
      if (error.status === 401 || error.status === 403) {
        return "the gateway refused the token: the app installation needs the faas.lambda.invoke scope";
      }
      if (error.status === 404) {
        return live
          ? "check LP_LAMBDA_UUID: the function must exist on this account and be deployed"
          : undefined;
      }
      return undefined;
    case "ERR_FAAS_FUNCTION":
      return "the function itself failed; see its error code and logs";
    case "ERR_JWT_SIGNATURE_INVALID":
    case "ERR_JWKS_NO_MATCHING_KEY":
      return live
        ? "the token was not signed by this Sentinel (check LP_SENTINEL_VERSION and the account's zone)"
        : "the embedded emulator makes new keys on every run: only tokens it issued in this run verify";
    case "ERR_JWT_EXPIRED":
      return "request a new token";
    default:
      return undefined;
  }
}

/**
 * Describes an error for the output, with every given secret (and anything JWT-shaped) redacted.
 *
 * @example
 * ```ts
 * describeError(new TokenRequestError("…", { status: 401 }), "live", [secret]).hint;
 * // "Sentinel refused the credentials: check LP_CLIENT_ID and LP_CLIENT_SECRET, …"
 * ```
 */
export function describeError(
  error: unknown,
  mode: Mode,
  secrets: readonly (string | undefined)[],
): ErrorReport {
  const hint = hintFor(error, mode);
  if (isLpkitError(error)) {
    const status = "status" in error && typeof error.status === "number" ? error.status : undefined;
    const faas = error.code === "ERR_FAAS_FUNCTION" || error.code === "ERR_FAAS_GATEWAY" ? error : undefined;
    return {
      name: error.name,
      code: error.code,
      message: redact(error.message, secrets),
      ...(status === undefined ? {} : { status }),
      ...(hint === undefined ? {} : { hint }),
      ...(faas?.errorCode === undefined ? {} : { errorCode: faas.errorCode }),
      ...(faas === undefined || faas.logs.length === 0 ? {} : { logs: faas.logs }),
    };
  }
  if (error instanceof Error) {
    return { name: error.name, code: "ERR_UNKNOWN", message: redact(error.message, secrets) };
  }
  return { name: typeof error, code: "ERR_UNKNOWN", message: "a non-Error value was thrown" };
}
