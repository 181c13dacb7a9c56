import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import {
  DEFAULT_HARD_WINDOW_MS,
  DEFAULT_SOFT_WINDOW_MS,
  effectiveWindows,
  nextAttemptDelay,
  resolveRefreshWindows,
  tokenPhase,
} from "./refresh-policy.js";
import { DEFAULT_RETRY_POLICY } from "./retry.js";
import { assertCollectedSecretFree, expectThrow } from "./test-support/secrets.js";

afterAll(assertCollectedSecretFree);

const defaults = { softWindowMs: DEFAULT_SOFT_WINDOW_MS, hardWindowMs: DEFAULT_HARD_WINDOW_MS };

describe("3. proactive refresh: the windows", () => {
  it("3. windows: 5 min soft and 30 s hard by default, for a one-hour token", () => {
    expect(resolveRefreshWindows(undefined, undefined)).toEqual({
      softWindowMs: 300_000,
      hardWindowMs: 30_000,
    });
    expect(effectiveWindows({ issuedAt: 0, expiresAt: 3_600_000 }, defaults)).toEqual({
      softMs: 300_000,
      hardMs: 30_000,
    });
  });

  it("3. windows: both shrink for short-lived tokens (soft ≤ lifetime/2, hard ≤ lifetime/10)", () => {
    expect(effectiveWindows({ issuedAt: 0, expiresAt: 60_000 }, defaults)).toEqual({
      softMs: 30_000,
      hardMs: 6_000,
    });
    expect(effectiveWindows({ issuedAt: 0, expiresAt: 10_000 }, defaults)).toEqual({
      softMs: 5_000,
      hardMs: 1_000,
    });
    expect(effectiveWindows({ issuedAt: 5, expiresAt: 5 }, defaults)).toEqual({ softMs: 0, hardMs: 0 });
  });

  it("3. windows: phases at the boundaries", () => {
    const token = { issuedAt: 0, expiresAt: 3_600_000 };
    expect(tokenPhase(token, 3_600_000 - 300_001, defaults)).toBe("fresh");
    expect(tokenPhase(token, 3_600_000 - 300_000, defaults)).toBe("soft");
    expect(tokenPhase(token, 3_600_000 - 30_001, defaults)).toBe("soft");
    expect(tokenPhase(token, 3_600_000 - 30_000, defaults)).toBe("hard");
    expect(tokenPhase(token, 3_599_999, defaults)).toBe("hard");
    expect(tokenPhase(token, 3_600_000, defaults)).toBe("expired");
  });

  it("3. windows: the phase only moves forward as time passes (property)", () => {
    const order = { fresh: 0, soft: 1, hard: 2, expired: 3 } as const;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.integer({ min: 0, max: 20_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (issuedAt, lifetime, t, dt) => {
          const token = { issuedAt, expiresAt: issuedAt + lifetime };
          return order[tokenPhase(token, t, defaults)] <= order[tokenPhase(token, t + dt, defaults)];
        },
      ),
    );
  });

  it("3. windows: a hard window larger than the soft one is refused", () => {
    expect(expectThrow(() => resolveRefreshWindows(10_000, 20_000)).message).toMatch(/hardWindowMs/);
    expect(expectThrow(() => resolveRefreshWindows(-1, 0)).message).toMatch(/softWindowMs/);
  });

  it("3. next attempt: exponential, at least baseDelayMs, Retry-After respected but capped", () => {
    const half = () => 0.5;
    expect(nextAttemptDelay(1, undefined, DEFAULT_RETRY_POLICY, half)).toBe(500);
    expect(nextAttemptDelay(3, undefined, DEFAULT_RETRY_POLICY, half)).toBe(1_000);
    expect(nextAttemptDelay(10, undefined, DEFAULT_RETRY_POLICY, () => 0.999_999)).toBe(9_999);
    expect(nextAttemptDelay(1, 20_000, DEFAULT_RETRY_POLICY, half)).toBe(20_000);
    expect(nextAttemptDelay(1, 3_600_000, DEFAULT_RETRY_POLICY, half)).toBe(30_000);
  });
});
