/**
 * The shared back-off record (`TokenStore.setBackoff`): what the lease holder writes when its token
 * requests fail, and the typed error a process without a token throws when it finds one — so a
 * Sentinel outage costs the fleet one attempt sequence per back-off step, not N processes × retries.
 * The record holds counts, an HTTP status and a stable code only: never a message, which could carry
 * a secret.
 *
 * @module
 */
import {
  isLpkitError,
  NetworkError,
  TimeoutError,
  TokenRequestError,
  UnexpectedResponseError,
} from "@lpkit/core";
import type { SharedBackoff, SharedBackoffEntry } from "./token-store.js";

const CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/**
 * The record for a failed token request: `failures` in a row, its status and code.
 *
 * @example
 * ```ts
 * backoffRecord(new TokenRequestError("refused", { status: 503 }), 2); // { failures: 2, status: 503, code: "ERR_TOKEN_REQUEST" }
 * ```
 */
export function backoffRecord(error: unknown, failures: number): SharedBackoff {
  const status = (error as { status?: unknown } | null)?.status;
  const oauthError = (error as { oauthError?: unknown } | null)?.oauthError;
  const code =
    typeof oauthError === "string" && CODE.test(oauthError)
      ? oauthError
      : isLpkitError(error)
        ? error.code
        : "ERR_UNKNOWN";
  return {
    failures: Math.min(1_000_000, Math.max(1, Math.floor(failures))),
    status:
      typeof status === "number" && Number.isInteger(status) && status >= 0 && status <= 999
        ? status
        : undefined,
    code,
  };
}

/**
 * The error a process without a usable token throws while another process's token requests are
 * backing off: the same class the holder saw (`TokenRequestError` with its status, `TimeoutError`,
 * `NetworkError`, `UnexpectedResponseError`), saying it comes from the shared back-off.
 *
 * @example
 * ```ts
 * throw sharedBackoffError({ backoff: { failures: 3, status: 503 }, ttlMs: 4_000 }, 10_000);
 * ```
 */
export function sharedBackoffError(entry: SharedBackoffEntry, timeoutMs: number): Error {
  const { failures, status, code } = entry.backoff;
  const wait = Math.max(0, Math.ceil(entry.ttlMs));
  const message =
    `token requests for this client are backing off across processes after ${failures} failure` +
    `${failures === 1 ? "" : "s"}${status === undefined ? "" : ` (last status ${status})`}; next attempt in ${wait} ms`;
  if (code === "ERR_TIMEOUT") {
    return new TimeoutError(message, timeoutMs);
  }
  if (code === "ERR_NETWORK" || status === undefined) {
    return new NetworkError(message, "unknown");
  }
  if (code === "ERR_UNEXPECTED_RESPONSE") {
    return new UnexpectedResponseError(message, { status, retryAfterMs: wait });
  }
  const oauthError = code !== undefined && !code.startsWith("ERR_") ? code : undefined;
  return new TokenRequestError(message, { status, retryAfterMs: wait, oauthError });
}
