/**
 * Secret hygiene for `@lpkit/auth` (secret hygiene): the client secret and tokens never appear in
 * errors, events, logs, `JSON.stringify` or `util.inspect` output. Errors are summarised for events
 * from known-safe parts; errors handed to callers are scrubbed once more as a second line of
 * defence; lpkit objects print a safe description of themselves.
 *
 * @module
 */
import { LpkitError, REDACTED } from "@lpkit/core";
import { redact } from "@lpkit/core/internal";

/**
 * What events and logs say about an error: never the error object itself.
 *
 * @example
 * ```ts
 * tokens.on("token-refresh-failed", ({ error }: { error: ErrorSummary }) => console.warn(error.code, error.status, error.oauthError));
 * ```
 */
export interface ErrorSummary {
  /** The class name, e.g. `TokenRequestError`. */
  readonly name: string;
  /** The stable lpkit code, e.g. `ERR_TOKEN_REQUEST`, or `ERR_UNKNOWN` for foreign errors. */
  readonly code: string;
  /** The message with every known secret and anything JWT-shaped replaced by `[REDACTED]`. */
  readonly message: string;
  /** HTTP status, for errors that come from an HTTP answer. */
  readonly status: number | undefined;
  /** OAuth `error` (e.g. `invalid_client`), for token request errors. */
  readonly oauthError: string | undefined;
}

function field(error: unknown, name: string): unknown {
  return error && typeof error === "object" ? (error as Record<string, unknown>)[name] : undefined;
}

/**
 * Summarises an error for an event or a log line, redacting the given secrets.
 *
 * @example
 * ```ts
 * summarizeError(new TimeoutError("no answer within 10000 ms", 10_000), []);
 * // { name: "TimeoutError", code: "ERR_TIMEOUT", message: "no answer within 10000 ms", status: undefined, oauthError: undefined }
 * ```
 */
export function summarizeError(error: unknown, secrets: readonly (string | undefined)[]): ErrorSummary {
  const status = field(error, "status");
  const oauthError = field(error, "oauthError");
  return {
    name: error instanceof Error ? redact(error.name, secrets) : typeof error,
    code: error instanceof LpkitError ? error.code : "ERR_UNKNOWN",
    message: error instanceof Error ? redact(error.message, secrets) : "a non-Error value was thrown",
    status: typeof status === "number" ? status : undefined,
    oauthError: typeof oauthError === "string" ? redact(oauthError, secrets) : undefined,
  };
}

/**
 * Redacts the message and stack of an lpkit error and of every error in its `cause` chain, in place,
 * and returns it. A second line of defence: lpkit errors are written from safe parts already.
 *
 * @example
 * ```ts
 * throw scrubError(err, [clientSecret]);
 * ```
 */
export function scrubError<E>(error: E, secrets: readonly (string | undefined)[]): E {
  const seen = new Set<unknown>();
  for (let current: unknown = error; current instanceof Error && !seen.has(current); ) {
    seen.add(current);
    const scrubbed = redact(current.message, secrets);
    if (scrubbed !== current.message) {
      current.message = scrubbed;
    }
    if (typeof current.stack === "string") {
      const stack = redact(current.stack, secrets);
      if (stack !== current.stack) {
        current.stack = stack;
      }
    }
    current = current.cause;
  }
  return error;
}

/**
 * Runs `build` (a factory that validates options) and scrubs any error it throws of `secret` — so
 * a secret passed in the wrong option (say, as the account id) is never echoed by the validation
 * message. Also covers the 40-character prefix validators show of long values.
 *
 * @example
 * ```ts
 * return withSecretScrubbed(options.clientSecret, () => build(options));
 * ```
 */
export function withSecretScrubbed<T>(secret: unknown, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (typeof secret !== "string" || secret.length < 4) {
      throw error;
    }
    scrubError(error, [secret]);
    for (let e: unknown = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
      e.message = redactFragments(e.message, secret);
      if (typeof e.stack === "string") {
        e.stack = redactFragments(e.stack, secret);
      }
    }
    throw error;
  }
}

/**
 * Replaces every run of at least `minLength` characters that also occurs in `secret` — so a
 * validator that shows a truncated value (`"s3cr3t-abc…"`) cannot leak part of the secret either.
 *
 * @example
 * ```ts
 * redactFragments('got "s3cr3t-abcdef…"', "s3cr3t-abcdefghij"); // 'got "[REDACTED]…"'
 * ```
 */
export function redactFragments(text: string, secret: string, minLength = 8): string {
  if (secret.length < minLength) {
    return text;
  }
  let out = "";
  let i = 0;
  while (i < text.length) {
    let best = 0;
    for (let j = 0; j <= secret.length - minLength; j++) {
      let k = 0;
      while (i + k < text.length && j + k < secret.length && text[i + k] === secret[j + k]) {
        k++;
      }
      best = Math.max(best, k);
    }
    if (best >= minLength) {
      out += REDACTED;
      i += best;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

export { describeAs } from "@lpkit/core/internal";
