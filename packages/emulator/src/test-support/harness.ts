/**
 * Test support: starts an emulator wired to a conformance recorder and stops it after the
 * file's tests, failing the file if any answer (or, in strict mode, request) broke the specs.
 *
 * @module
 */
import { afterAll, beforeAll, expect } from "vitest";
import { createEmulator, type Emulator, type EmulatorOptions } from "../emulator.js";
import { type ConformanceRecorder, createConformanceRecorder } from "./conformance.js";

/** A started emulator and its recorder. */
export interface Harness {
  readonly emulator: Emulator;
  readonly recorder: ConformanceRecorder;
}

/**
 * Registers `beforeAll`/`afterAll` hooks and returns a getter for the running emulator.
 *
 * @example
 * ```ts
 * const env = useEmulator();
 * it("works", async () => { await fetch(env().emulator.url); });
 * ```
 */
export function useEmulator(
  options: EmulatorOptions = {},
  requests: "strict" | "ignore" = "ignore",
): () => Harness {
  let harness: Harness | undefined;
  beforeAll(async () => {
    const recorder = createConformanceRecorder({ requests });
    const emulator = createEmulator({ ...options, onExchange: recorder.onExchange });
    await emulator.start();
    harness = { emulator, recorder };
  });
  afterAll(async () => {
    if (!harness) {
      return;
    }
    await harness.emulator.stop();
    const { checkedResponses, violations } = await harness.recorder.check();
    expect(violations).toEqual([]);
    expect(checkedResponses).toBeGreaterThan(0);
  });
  return () => {
    if (!harness) {
      throw new Error("the emulator is not started yet");
    }
    return harness;
  };
}

/** Requests a token with the form body; returns the parsed response. */
export async function requestToken(
  url: string,
  accountId: string,
  credentials: { clientId: string; clientSecret: string },
  path: "v1" | "v1-2.0" | "v2" = "v2",
): Promise<{ status: number; body: Record<string, unknown> }> {
  const target =
    path === "v2"
      ? `${url}/sentinel/api/v2/account/${accountId}/app/token`
      : `${url}/sentinel/api/account/${accountId}/app/token?v=${path === "v1" ? "1.0" : "2.0"}`;
  const response = await fetch(target, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      grant_type: "client_credentials",
    }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
