/**
 * Checking the arguments of `requestToken` before anything is sent. Uses the core validators;
 * the client secret is never echoed in a message — not even when it was passed in the wrong field.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { assertAccountId, assertSecret, optionalSignal, redact, secretForms } from "@lpkit/core/internal";
import type { SentinelApiVersion, SentinelTokenRequest, V1Query } from "./types.js";

/** A token request whose arguments have been checked. */
export interface CheckedTokenRequest {
  accountId: string;
  clientId: string;
  clientSecret: string;
  version: SentinelApiVersion;
  v1Query: V1Query;
  signal: AbortSignal | undefined;
}

const VERSIONS: readonly unknown[] = ["v1", "v2"];
const V1_QUERIES: readonly unknown[] = ["1.0", "2.0"];

/** Echoes only short, harmless-looking strings (`"V1"`, `"2"`); anything else by its type. */
function show(value: unknown): string {
  if (typeof value === "string") {
    return /^[A-Za-z0-9._-]{1,8}$/.test(value) ? `"${value}"` : `a string of ${value.length} characters`;
  }
  return value === null ? "null" : typeof value;
}

/** Runs a core validator, removing the secret from its message should the caller have mixed up fields. */
function checked<T>(check: () => T, secrets: readonly string[]): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof InvalidArgumentError && secrets.length > 0) {
      const message = redact(error.message, secrets).slice(error.argument.length + 2);
      throw new InvalidArgumentError(error.argument, message);
    }
    throw error;
  }
}

/**
 * Validates a {@link SentinelTokenRequest}; throws `InvalidArgumentError` naming the argument.
 *
 * @example
 * ```ts
 * const request = checkTokenRequest({ accountId: "12345678", clientId, clientSecret, version: "v1" });
 * request.v1Query; // "1.0"
 * ```
 */
export function checkTokenRequest(request: SentinelTokenRequest): CheckedTokenRequest {
  if (typeof request !== "object" || request === null) {
    throw new InvalidArgumentError("request", `expected an object, got ${show(request)}`);
  }
  const clientSecret = assertSecret(request.clientSecret, "clientSecret");
  const secrets = secretForms(clientSecret);
  const accountId = checked(() => assertAccountId(request.accountId), secrets);
  const clientId = checked(() => assertSecret(request.clientId, "clientId"), secrets);
  if (!VERSIONS.includes(request.version)) {
    throw new InvalidArgumentError(
      "version",
      `expected "v1" or "v2", got ${redact(show(request.version), secrets)}`,
    );
  }
  if (request.v1Query !== undefined && !V1_QUERIES.includes(request.v1Query)) {
    throw new InvalidArgumentError(
      "v1Query",
      `expected "1.0" or "2.0", got ${redact(show(request.v1Query), secrets)}`,
    );
  }
  const signal = optionalSignal(request.signal);
  return {
    accountId,
    clientId,
    clientSecret,
    version: request.version,
    v1Query: request.v1Query ?? "1.0",
    signal,
  };
}
