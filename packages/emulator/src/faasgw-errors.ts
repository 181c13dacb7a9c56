/**
 * faasGW's error bodies: LivePerson's documented V1 and V2 codes, the non-standard 901 status,
 * and which convention (V1 `{errorCode, errorMsg}` or V2 `{code, message}`) an account answers in.
 *
 * @module
 */
import type { EmulatorRequest } from "./http-types.js";
import type { FaasConvention, LambdaLogEntry } from "./lambda-types.js";
import type { EmulatorState } from "./state.js";

/**
 * Gateway error kinds and their V1 / V2 codes (LivePerson's documented codes).
 *
 * @example
 * ```ts
 * FAAS_CODES.threw.v2; // "com.customer.faas.function.threw-error"
 * ```
 */
export const FAAS_CODES = {
  general: { v1: "com.liveperson.faas.es.general", v2: "com.liveperson.faas.evg.general" },
  badInput: { v1: "com.liveperson.faas.es.badinput", v2: "com.liveperson.faas.evg.invalid" },
  notFound: { v1: "com.liveperson.faas.es.missinglambda", v2: "com.liveperson.faas.function.not-found" },
  unavailable: { v1: "com.liveperson.faas.es.unavailable", v2: "com.liveperson.faas.evg.general" },
  threw: { v1: "com.liveperson.faas.handler.custom-failure", v2: "com.customer.faas.function.threw-error" },
  runtimeError: {
    v1: "com.liveperson.faas.handler.runtime-exception",
    v2: "com.customer.faas.function.js-runtime-error",
  },
  timeout: {
    v1: "com.liveperson.faas.handler.executiontime-exceeded",
    v2: "com.customer.faas.function.execution-exceeded",
  },
} as const;

/**
 * Status of a failed function: LivePerson's non-standard 901.
 *
 * @example
 * ```ts
 * const functionFailed = response.status === FUNCTION_FAILED_STATUS; // the function itself failed
 * ```
 */
export const FUNCTION_FAILED_STATUS = 901;

/** A gateway error body in the account's convention. */
export function faasErrorBody(
  convention: FaasConvention,
  kind: keyof typeof FAAS_CODES,
  message: string,
  logs?: readonly LambdaLogEntry[],
): Record<string, unknown> {
  if (convention === "v1") {
    return { errorCode: FAAS_CODES[kind].v1, errorMsg: message, ...(logs ? { errorLogs: logs } : {}) };
  }
  return { code: FAAS_CODES[kind].v2, message };
}

/** Which convention an answer for this account (or unknown account) uses. */
export function conventionFor(
  state: EmulatorState,
  accountId: string | undefined,
  request?: EmulatorRequest,
) {
  const account = accountId === undefined ? undefined : state.accounts.get(accountId);
  if (account) {
    return account.functions;
  }
  return request?.query.has("v") ? "v1" : "v2";
}
