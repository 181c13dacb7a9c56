import {
  AbortError,
  FunctionError,
  GatewayError,
  InvalidArgumentError,
  NetworkError,
  TimeoutError,
} from "@lpkit/core";
import { withRetry as coreWithRetry, type Sleep } from "@lpkit/core/internal";
import { describe, expect, it, vi } from "vitest";
import { type FaasRetryPolicy, retryDelay, toRetryPolicy } from "./retry.js";
import { rejection, thrown } from "./test-support/responses.js";

const policy: FaasRetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 5_000,
  idempotent: false,
};
const DEFAULTS = { maxRetries: 2, baseDelayMs: 200, maxDelayMs: 5_000, maxRetryAfterMs: 5_000 };

/** The core retry loop with faasGW's rule, as the client runs it. */
function withRetry<T>(
  attempt: () => Promise<T>,
  p: FaasRetryPolicy,
  sleep: Sleep,
  signal: AbortSignal | undefined,
) {
  return coreWithRetry(attempt, {
    maxRetries: p.maxRetries,
    delayFor: (e, n) => retryDelay(e, n, p),
    sleep,
    signal,
  });
}
const connect = () => new NetworkError("refused", "connect");
const rateLimited = (retryAfterMs?: number) => new GatewayError("429", { status: 429, retryAfterMs });

describe("toRetryPolicy", () => {
  it("fills in defaults and accepts 0 retries", () => {
    expect(toRetryPolicy(undefined)).toEqual({ ...DEFAULTS, idempotent: false });
    expect(toRetryPolicy({ maxRetries: 0 })).toEqual({ ...DEFAULTS, maxRetries: 0, idempotent: false });
    expect(toRetryPolicy({ maxDelayMs: 100 })).toEqual({ ...DEFAULTS, maxDelayMs: 100, idempotent: false });
    expect(toRetryPolicy({ idempotent: true })).toEqual({ ...DEFAULTS, idempotent: true });
  });

  it("rejects bad values", () => {
    expect(thrown(() => toRetryPolicy({ maxRetries: -1 }))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => toRetryPolicy({ maxRetries: 1.5 }))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => toRetryPolicy({ maxRetries: 11 }))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => toRetryPolicy({ maxDelayMs: -5 }))).toBeInstanceOf(InvalidArgumentError);
    expect(thrown(() => toRetryPolicy(3 as never))).toBeInstanceOf(InvalidArgumentError);
    // A truthy non-boolean must not switch on retries that may run a function twice.
    for (const idempotent of ["yes", 1, null, {}]) {
      const error = thrown(() => toRetryPolicy({ idempotent } as never));
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe("retry.idempotent");
    }
  });
});

describe("retryDelay", () => {
  it("retries a connect failure with doubling back-off, capped", () => {
    expect(retryDelay(connect(), 0, policy)).toBe(200);
    expect(retryDelay(connect(), 1, policy)).toBe(400);
    expect(retryDelay(connect(), 1, { ...policy, maxRetries: 5, maxDelayMs: 300 })).toBe(300);
  });

  it("honours Retry-After on 429 and gives up when it exceeds maxRetryAfterMs", () => {
    expect(retryDelay(rateLimited(1_500), 0, policy)).toBe(1_500);
    expect(retryDelay(rateLimited(0), 0, policy)).toBe(0);
    expect(retryDelay(rateLimited(5_001), 0, policy)).toBeUndefined();
  });

  it("waits at least a second per retry on 429 without Retry-After, capped", () => {
    expect(retryDelay(rateLimited(), 0, policy)).toBe(1_000);
    expect(retryDelay(rateLimited(), 1, policy)).toBe(2_000);
    expect(retryDelay(rateLimited(), 1, { ...policy, maxDelayMs: 1_200 })).toBe(1_200);
  });

  it("never retries when the function may have run", () => {
    for (const error of [
      new NetworkError("reset", "unknown"),
      new TimeoutError("late", 10),
      new AbortError("stop"),
      new GatewayError("500", { status: 500 }),
      new GatewayError("502", { status: 502 }),
      new GatewayError("504", { status: 504 }),
      new GatewayError("408", { status: 408 }),
      new Error("other"),
    ]) {
      expect(retryDelay(error, 0, policy)).toBeUndefined();
    }
  });

  it("idempotent (opt-in) also retries failures after sending, with back-off or Retry-After", () => {
    const optIn = { ...policy, idempotent: true };
    expect(retryDelay(new NetworkError("reset", "unknown"), 0, optIn)).toBe(200);
    expect(retryDelay(new TimeoutError("late", 10), 1, optIn)).toBe(400);
    for (const status of [408, 500, 502, 503, 504]) {
      expect(retryDelay(new GatewayError(String(status), { status }), 0, optIn)).toBe(200);
    }
    expect(retryDelay(new GatewayError("503", { status: 503, retryAfterMs: 1_000 }), 0, optIn)).toBe(1_000);
    expect(
      retryDelay(new GatewayError("503", { status: 503, retryAfterMs: 9_000 }), 0, optIn),
    ).toBeUndefined();
    expect(retryDelay(new NetworkError("reset", "unknown"), 2, optIn)).toBeUndefined();
  });

  it("idempotent never retries a function failure, a client error, an abort or a foreign error", () => {
    const optIn = { ...policy, idempotent: true };
    for (const error of [
      new FunctionError("901", { status: 901 }),
      new GatewayError("400", { status: 400 }),
      new GatewayError("401", { status: 401 }),
      new GatewayError("404", { status: 404 }),
      new GatewayError("501", { status: 501 }),
      new AbortError("stop"),
      new Error("other"),
    ]) {
      expect(retryDelay(error, 0, optIn)).toBeUndefined();
    }
  });

  it("stops after the configured number of retries", () => {
    expect(retryDelay(connect(), 2, policy)).toBeUndefined();
    expect(retryDelay(rateLimited(1), 2, policy)).toBeUndefined();
    expect(retryDelay(connect(), 0, { ...policy, maxRetries: 0, maxDelayMs: 1 })).toBeUndefined();
  });
});

describe("withRetry", () => {
  it("re-runs while allowed, sleeping the computed delays, and returns the first success", async () => {
    const sleep = vi.fn(async () => {});
    const attempt = vi
      .fn<() => Promise<string>>()
      .mockRejectedValueOnce(connect())
      .mockRejectedValueOnce(rateLimited(750))
      .mockResolvedValueOnce("done");
    await expect(withRetry(attempt, policy, sleep, undefined)).resolves.toBe("done");
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(sleep.mock.calls.map((call: unknown[]) => call[0])).toEqual([200, 750]);
  });

  it("throws the last error once retries are used up", async () => {
    const sleep = vi.fn(async () => {});
    const last = connect();
    const attempt = vi
      .fn<() => Promise<never>>()
      .mockRejectedValueOnce(connect())
      .mockRejectedValueOnce(connect())
      .mockRejectedValueOnce(last);
    expect(await rejection(withRetry(attempt, policy, sleep, undefined))).toBe(last);
    expect(attempt).toHaveBeenCalledTimes(3);
    expect(sleep).toHaveBeenCalledTimes(2);
  });

  it("does not retry errors outside the policy", async () => {
    const sleep = vi.fn(async () => {});
    const reset = new NetworkError("reset", "unknown");
    const attempt = vi.fn<() => Promise<never>>().mockRejectedValue(reset);
    expect(await rejection(withRetry(attempt, policy, sleep, undefined))).toBe(reset);
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it("stops with an AbortError when the caller aborts during the wait", async () => {
    const controller = new AbortController();
    const sleep = vi.fn(async () => controller.abort());
    const attempt = vi.fn<() => Promise<never>>().mockRejectedValue(connect());
    expect(await rejection(withRetry(attempt, policy, sleep, controller.signal))).toBeInstanceOf(AbortError);
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
