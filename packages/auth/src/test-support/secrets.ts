/**
 * The shared secrets collector (secret hygiene). Failure tests hand every error they catch to
 * `expectFailure`, and every event and log line to `collector`; `assertCollectedSecretFree` (run in
 * each test file's `afterAll`) checks all of them: message, stack, the whole `cause` chain,
 * `JSON.stringify` and `util.inspect(…, { depth: 10 })`. Secrets are the client secret and every
 * token the fake Sentinel minted.
 *
 * @module
 */
import { inspect } from "node:util";
import { expect } from "vitest";
import type { AuthEvent } from "../events.js";
import type { AuthLogger, LogFields } from "../logger.js";
import { CLIENT_SECRET, mintedTokens } from "./fake-liveperson.js";

/** Everything gathered in this test file. */
export const collector = {
  errors: [] as unknown[],
  events: [] as AuthEvent[],
  logs: [] as { level: string; message: string; fields: LogFields | undefined }[],
  /** Extra secrets a test registers (e.g. tokens signed in the test). */
  secrets: [] as string[],
};

/** An `onEvent` that records into the collector. */
export const collectEvent = (event: AuthEvent): void => {
  collector.events.push(event);
};

/** A logger that records into the collector. */
export const collectingLogger: AuthLogger = {
  debug: (message, fields) => collector.logs.push({ level: "debug", message, fields }),
  info: (message, fields) => collector.logs.push({ level: "info", message, fields }),
  warn: (message, fields) => collector.logs.push({ level: "warn", message, fields }),
  error: (message, fields) => collector.logs.push({ level: "error", message, fields }),
};

/** Every string that must never appear: the secret, each minted token and its signature part. */
export function knownSecrets(): string[] {
  const out = [CLIENT_SECRET, ...collector.secrets];
  for (const token of mintedTokens) {
    out.push(token, token.split(".")[2] ?? token);
  }
  return out;
}

/** Every printable form of a value: what a log pipeline or a bug report could contain. */
export function renderings(value: unknown): string[] {
  const out: string[] = [];
  out.push(inspect(value, { depth: 10, showHidden: true }));
  out.push(inspect(value, { depth: 10 }));
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch {
    // circular: inspect covers it
  }
  out.push(String(value));
  const seen = new Set<unknown>();
  for (let e: unknown = value; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    out.push(e.message, e.stack ?? "", inspect(e, { depth: 10, showHidden: true }));
    try {
      out.push(JSON.stringify(e) ?? "", JSON.stringify(Object.assign({}, e)) ?? "");
    } catch {
      // ignore
    }
  }
  return out;
}

/** Asserts that no known secret appears in any rendering of `value`. */
export function assertSecretFree(value: unknown, what = "value"): void {
  const texts = renderings(value);
  for (const secret of knownSecrets()) {
    for (const text of texts) {
      if (text.includes(secret)) {
        expect.fail(`${what} leaks a secret (${secret.slice(0, 6)}…) in: ${text.slice(0, 300)}`);
      }
    }
  }
}

/** Awaits a rejection, records the error for the secrets check, and returns it. */
export async function expectFailure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    collector.errors.push(error);
    assertSecretFree(error, "an error");
    return error as Error;
  }
  return expect.fail("expected the call to fail");
}

/** Records a synchronous throw. */
export function expectThrow(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    collector.errors.push(error);
    assertSecretFree(error, "an error");
    return error as Error;
  }
  return expect.fail("expected the call to throw");
}

/** Checks everything collected in this file; call from `afterAll`. */
export function assertCollectedSecretFree(): void {
  for (const error of collector.errors) {
    assertSecretFree(error, "an error");
  }
  for (const event of collector.events) {
    assertSecretFree(event, `the ${event.type} event`);
  }
  for (const log of collector.logs) {
    assertSecretFree(log, `the log line "${log.message}"`);
  }
}
