/**
 * Mapping a faasGW error answer (any non-2xx status, including the non-standard 901) to a typed
 * {@link FunctionError} or {@link GatewayError}.
 *
 * @module
 */
import { FunctionError, type FunctionLogEntry, GatewayError } from "@lpkit/core";
import { isRecord, redact, redactSnippet } from "@lpkit/core/internal";
import type { components } from "./generated/faasgw.js";

/**
 * Error body of V1 accounts, as the spec defines it.
 *
 * @example
 * ```ts
 * const body: FaasErrorV1Body = { errorCode: "com.liveperson.faas.es.missinglambda", errorMsg: "no such lambda" };
 * ```
 */
export type FaasErrorV1Body = components["schemas"]["FaasErrorV1"];
/**
 * Error body of V2 accounts, as the spec defines it.
 *
 * @example
 * ```ts
 * const body: FaasErrorV2Body = { code: "com.customer.faas.function.threw-error", message: "something wrong" };
 * ```
 */
export type FaasErrorV2Body = components["schemas"]["FaasErrorV2"];

/**
 * The non-standard status faasGW uses when the function itself failed.
 *
 * @example
 * ```ts
 * if (err instanceof FunctionError && err.status === FUNCTION_FAILED_STATUS) console.error(err.logs);
 * ```
 */
export const FUNCTION_FAILED_STATUS = 901;

const FUNCTION_CODE_PREFIXES = ["com.customer.faas.", "com.liveperson.faas.handler."] as const;

/**
 * Whether a LivePerson error code means the function's own code failed (V2 `com.customer.faas.*`,
 * V1 `com.liveperson.faas.handler.*`), as opposed to the gateway.
 *
 * @example
 * ```ts
 * isFunctionErrorCode("com.customer.faas.function.threw-error"); // true
 * isFunctionErrorCode("com.liveperson.faas.es.missinglambda");   // false
 * ```
 */
export function isFunctionErrorCode(code: string | undefined): boolean {
  return code !== undefined && FUNCTION_CODE_PREFIXES.some((prefix) => code.startsWith(prefix));
}

function stringField(body: Record<string, unknown>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = body[name];
    if (typeof value === "string" && value !== "") {
      return value;
    }
  }
  return undefined;
}

function toTimestamp(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) {
    return value;
  }
  if (typeof value === "string" && /^\d+$/.test(value)) {
    return Number(value);
  }
  return undefined;
}

/**
 * Normalises `errorLogs` (V1 `{level, message, timestamp, extras: string[]}`, V2 the same or plain
 * strings) into {@link FunctionLogEntry} values; unusable entries are dropped, secrets redacted.
 *
 * @example
 * ```ts
 * normaliseLogs([{ level: "Error", message: "boom", timestamp: 1, extras: ["x"] }], []);
 * // [{ level: "Error", message: "boom", timestamp: 1, extras: ["x"] }]
 * ```
 */
export function normaliseLogs(value: unknown, secrets: readonly string[]): FunctionLogEntry[] {
  if (!Array.isArray(value)) {
    return [];
  }
  const logs: FunctionLogEntry[] = [];
  for (const entry of value) {
    if (typeof entry === "string") {
      logs.push({ message: redact(entry, secrets) });
      continue;
    }
    if (!isRecord(entry)) {
      continue;
    }
    const log: FunctionLogEntry = {};
    if (typeof entry.level === "string") {
      log.level = entry.level;
    }
    if (typeof entry.message === "string") {
      log.message = redact(entry.message, secrets);
    }
    const timestamp = toTimestamp(entry.timestamp);
    if (timestamp !== undefined) {
      log.timestamp = timestamp;
    }
    if (Array.isArray(entry.extras)) {
      log.extras = entry.extras.map((extra) => (typeof extra === "string" ? redact(extra, secrets) : extra));
    }
    logs.push(log);
  }
  return logs;
}

/** What {@link toFaasError} needs to know about an error answer. */
export interface ErrorAnswer {
  /** What was attempted, for the message, e.g. `faasGW invoke of lambda 3fa8…`. */
  what: string;
  status: number;
  /** The body as text (already bounded). */
  text: string;
  requestId: string;
  retryAfterMs: number | undefined;
  /** Values that must never appear in the error (the Authorization header value, the token). */
  secrets: readonly string[];
}

/**
 * Builds the typed error for a non-2xx answer. {@link FunctionError} when the status is 901 or the
 * code is a function code ({@link isFunctionErrorCode}); {@link GatewayError} for everything else,
 * including HTML and empty bodies (a redacted snippet of the body goes into the message).
 *
 * @example
 * ```ts
 * const err = toFaasError({ what: "invoke", status: 901, text: '{"code":"com.customer.faas.function.threw-error","message":"x"}',
 *   requestId: "r1", retryAfterMs: undefined, secrets: [] });
 * err instanceof FunctionError; // true
 * ```
 */
export function toFaasError(answer: ErrorAnswer): FunctionError | GatewayError {
  const { status, text, secrets } = answer;
  let body: Record<string, unknown> | undefined;
  if (text.trim() !== "") {
    try {
      const parsed: unknown = JSON.parse(text);
      body = isRecord(parsed) ? parsed : undefined;
    } catch {
      body = undefined;
    }
  }
  const errorCode = body && stringField(body, "errorCode", "code");
  const rawMessage = body && stringField(body, "errorMsg", "message");
  const errorMessage = rawMessage === undefined ? undefined : redact(rawMessage, secrets);
  const logs = body ? normaliseLogs(body.errorLogs, secrets) : [];

  let detail: string;
  if (errorCode !== undefined || errorMessage !== undefined) {
    detail = [errorCode, errorMessage].filter((part) => part !== undefined).join(": ");
  } else if (text.trim() === "") {
    detail = "empty body";
  } else {
    detail = `body: ${redactSnippet(text, secrets)}`;
  }
  const isFunction = status === FUNCTION_FAILED_STATUS || isFunctionErrorCode(errorCode);
  const message = redact(
    `${answer.what} failed (status ${status}, ${isFunction ? "function error" : "gateway error"}): ${detail}`,
    secrets,
  );
  const init = {
    status,
    requestId: answer.requestId,
    errorCode,
    errorMessage,
    logs,
    retryAfterMs: answer.retryAfterMs,
  };
  return isFunction ? new FunctionError(message, init) : new GatewayError(message, init);
}
