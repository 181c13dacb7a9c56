import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { AbortError, InvalidArgumentError } from "./index.js";
import { backoffDelay, defaultSleep, type RetryPolicy, resolveRetryPolicy, withRetry } from "./internal.js";

const DEFAULTS: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 30_000,
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

describe("resolveRetryPolicy", () => {
  it("fills in the defaults and accepts 0 retries", () => {
    expect(resolveRetryPolicy(undefined, DEFAULTS)).toBe(DEFAULTS);
    expect(resolveRetryPolicy({ maxRetries: 0 }, DEFAULTS)).toEqual({ ...DEFAULTS, maxRetries: 0 });
    expect(resolveRetryPolicy({ maxDelayMs: 100 }, DEFAULTS)).toEqual({ ...DEFAULTS, maxDelayMs: 100 });
  });

  it("refuses bad values, naming the field, and the old `attempts` with a hint", () => {
    for (const [input, argument] of [
      [{ maxRetries: -1 }, "retry.maxRetries"],
      [{ maxRetries: 1.5 }, "retry.maxRetries"],
      [{ maxRetries: 11 }, "retry.maxRetries"],
      [{ baseDelayMs: -1 }, "retry.baseDelayMs"],
      [{ maxRetryAfterMs: Number.NaN }, "retry.maxRetryAfterMs"],
      [{ attempts: 3 }, "retry.attempts"],
      [3, "retry"],
    ] as const) {
      const error = (() => {
        try {
          resolveRetryPolicy(input, DEFAULTS);
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe(argument);
    }
    expect(() => resolveRetryPolicy({ attempts: 3 }, DEFAULTS)).toThrow(/maxRetries/);
  });
});

describe("backoffDelay", () => {
  it("doubles from the base, capped; without random it is exact", () => {
    expect(backoffDelay(0, { baseDelayMs: 200, maxDelayMs: 5_000 })).toBe(200);
    expect(backoffDelay(1, { baseDelayMs: 200, maxDelayMs: 5_000 })).toBe(400);
    expect(backoffDelay(1, { baseDelayMs: 200, maxDelayMs: 300 })).toBe(300);
  });

  it("full jitter: random × min(maxDelayMs, base × 2^n)", () => {
    expect(backoffDelay(0, DEFAULTS, () => 0.5)).toBe(250);
    expect(backoffDelay(2, DEFAULTS, () => 0.5)).toBe(1_000);
    expect(backoffDelay(10, DEFAULTS, () => 0.5)).toBe(5_000);
    expect(backoffDelay(3, DEFAULTS, () => 0)).toBe(0);
    expect(backoffDelay(3, DEFAULTS, () => Number.NaN)).toBe(0);
  });

  it("every jittered delay lies in [0, min(maxDelayMs, base × 2^n)] (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        (retry, r, baseDelayMs, maxDelayMs) => {
          const delay = backoffDelay(retry, { baseDelayMs, maxDelayMs }, () => r);
          return delay >= 0 && delay <= Math.min(maxDelayMs, baseDelayMs * 2 ** retry);
        },
      ),
    );
  });
});

describe("withRetry", () => {
  it("re-runs while delayFor allows, sleeping its delays, reporting each retry", async () => {
    const sleep = vi.fn(async () => {});
    const onRetry = vi.fn();
    const operation = vi
      .fn<(attempt: number) => Promise<string>>()
      .mockRejectedValueOnce(new Error("a"))
      .mockRejectedValueOnce(new Error("b"))
      .mockResolvedValueOnce("done");
    const result = await withRetry(operation, {
      maxRetries: 2,
      delayFor: (_e, n) => 100 * (n + 1),
      sleep,
      onRetry,
    });
    expect(result).toBe("done");
    expect(operation.mock.calls.map((c) => c[0])).toEqual([1, 2, 3]);
    expect(sleep.mock.calls.map((c: unknown[]) => c[0])).toEqual([100, 200]);
    expect(onRetry.mock.calls.map((c) => c[0].attempt)).toEqual([1, 2]);
    expect(onRetry.mock.calls[0]?.[0]).toMatchObject({ maxAttempts: 3, delayMs: 100 });
  });

  it("throws the last error once retries are used up, or at once when delayFor says no", async () => {
    const sleep = vi.fn(async () => {});
    const last = new Error("last");
    const operation = vi
      .fn<() => Promise<never>>()
      .mockRejectedValueOnce(new Error("1"))
      .mockRejectedValue(last);
    expect(await rejection(withRetry(operation, { maxRetries: 1, delayFor: () => 0, sleep }))).toBe(last);
    expect(operation).toHaveBeenCalledTimes(2);
    const once = vi.fn<() => Promise<never>>().mockRejectedValue(last);
    expect(await rejection(withRetry(once, { maxRetries: 5, delayFor: () => undefined, sleep }))).toBe(last);
    expect(once).toHaveBeenCalledTimes(1);
  });

  it("stops with an AbortError when the signal aborts before or during a wait", async () => {
    const controller = new AbortController();
    const sleep = vi.fn(async () => controller.abort());
    const operation = vi.fn<() => Promise<never>>().mockRejectedValue(new Error("x"));
    const loop = { maxRetries: 3, delayFor: () => 10, sleep, signal: controller.signal };
    expect(await rejection(withRetry(operation, loop))).toBeInstanceOf(AbortError);
    expect(operation).toHaveBeenCalledTimes(1);
  });
});

describe("defaultSleep", () => {
  it("waits the delay and stops on abort", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    try {
      let done = false;
      const waiting = defaultSleep(1_000).then(() => {
        done = true;
      });
      await vi.advanceTimersByTimeAsync(999);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await waiting;
      expect(done).toBe(true);
      const controller = new AbortController();
      const aborted = rejection(defaultSleep(60_000, controller.signal));
      controller.abort();
      expect(await aborted).toBeInstanceOf(AbortError);
      expect(await rejection(defaultSleep(1, AbortSignal.abort()))).toBeInstanceOf(AbortError);
    } finally {
      vi.useRealTimers();
    }
  });
});
