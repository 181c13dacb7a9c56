/**
 * The demo's configuration, part two: each environment variable's parser (every problem an
 * `InvalidArgumentError` naming the variable) and {@link attempt}, which collects them.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import type { SentinelVersion } from "./config.js";

/** Longest `LP_USER_ID` faasGW accepts. */
const MAX_USER_ID_LENGTH = 256;

/** A value, or the `InvalidArgumentError` that names its variable. */
export type Check<T> = { ok: true; value: T } | { ok: false; problem: InvalidArgumentError };

/** Runs a parser, turning its `InvalidArgumentError` into a failed {@link Check}. */
export function attempt<T>(fn: () => T): Check<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      return { ok: false, problem: error };
    }
    throw error;
  }
}

/** `LP_PAYLOAD`: JSON. */
export function parsePayload(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : "parse error";
    throw new InvalidArgumentError("LP_PAYLOAD", `expected JSON, e.g. {"hello":"world"} (${reason})`);
  }
}

/** `LP_USER_ID`: 1 to 256 characters. */
export function parseUserId(value: string): string {
  if (value.trim() === "" || value.length > MAX_USER_ID_LENGTH) {
    throw new InvalidArgumentError("LP_USER_ID", `expected 1-${MAX_USER_ID_LENGTH} characters`);
  }
  return value;
}

/** `LP_V1_PUBLIC_KEY`: a PEM public key (real newlines or `\n` escapes) or its base64 body. */
export function parseV1PublicKey(value: string): string {
  const text = value.replaceAll("\\n", "\n").trim();
  const body = text.replace(/^-----BEGIN PUBLIC KEY-----|-----END PUBLIC KEY-----$/g, "").replace(/\s+/g, "");
  // Any other PEM (a private key, a certificate) keeps its dashes and fails here.
  if (!/^[A-Za-z0-9+/]{100,}={0,2}$/.test(body)) {
    throw new InvalidArgumentError(
      "LP_V1_PUBLIC_KEY",
      "expected a PEM public key (-----BEGIN PUBLIC KEY-----) or its base64 body, as lpkit-emulator prints it",
    );
  }
  return body;
}

/** `LP_SENTINEL_VERSION`: `v1` or `v2`, any case. */
export function parseVersion(value: string): SentinelVersion {
  const version = value.trim().toLowerCase();
  if (version !== "v1" && version !== "v2") {
    throw new InvalidArgumentError(
      "LP_SENTINEL_VERSION",
      `expected "v1" or "v2", got "${value.slice(0, 20)}"`,
    );
  }
  return version;
}
