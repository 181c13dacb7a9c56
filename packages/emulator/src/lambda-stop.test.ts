import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import type { LambdaContextBase } from "./lambdas.js";
import { runLambda, toRegisteredLambda } from "./lambdas.js";

const BASE: LambdaContextBase = {
  accountId: "12345678",
  lambdaUuid: "0f5f3c2e-6b1a-4c1e-9d5e-2f7b8a9c0d1e",
  eventId: undefined,
  headers: [],
  httpHeaders: {},
  timestamp: undefined,
  convention: "v1",
  source: undefined,
  userId: undefined,
  skillId: undefined,
  requestId: undefined,
};

/** One macrotask: every lambda started above has been called by then. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));
const abortListeners = (signal: AbortSignal) => getEventListeners(signal, "abort").length;

describe("runLambda and the emulator's stop signal", () => {
  it("many running lambdas hold one abort listener on the stop signal, none once they have ended", async () => {
    const stop = new AbortController();
    const releases: Array<() => void> = [];
    const lambda = toRegisteredLambda(
      BASE.lambdaUuid,
      () => new Promise<string>((resolve) => releases.push(() => resolve("ok"))),
    );
    const options = { now: () => 0, defaultTimeoutMs: 60_000, stopSignal: stop.signal };
    const runs = Array.from({ length: 40 }, () => runLambda(lambda, {}, BASE, options));
    await settled();
    expect(releases).toHaveLength(40);
    expect(abortListeners(stop.signal)).toBe(1);
    for (const release of releases) {
      release();
    }
    const outcomes = await Promise.all(runs);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
    expect(abortListeners(stop.signal)).toBe(0);
  });

  it("stopping ends every running lambda, aborts its signal with the stop reason, and leaves no listener", async () => {
    const stop = new AbortController();
    const seen: unknown[] = [];
    const lambda = toRegisteredLambda(BASE.lambdaUuid, (_payload, context) => {
      context.signal.addEventListener("abort", () => seen.push(context.signal.reason), { once: true });
      return new Promise(() => {});
    });
    const options = { now: () => 0, defaultTimeoutMs: 60_000, stopSignal: stop.signal };
    const runs = Array.from({ length: 12 }, () => runLambda(lambda, {}, BASE, options));
    await settled();
    const reason = new Error("stopped for the test");
    stop.abort(reason);
    const outcomes = await Promise.all(runs);
    expect(outcomes.map((outcome) => (outcome.ok ? "ok" : outcome.failure))).toEqual(
      Array(12).fill("timeout"),
    );
    expect(seen).toEqual(Array(12).fill(reason));
    expect(abortListeners(stop.signal)).toBe(0);
  });
});
