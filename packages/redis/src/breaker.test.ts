import { describe, expect, it } from "vitest";
import { createBreaker, DEFAULT_BREAKER } from "./breaker.js";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("circuit breaker", () => {
  it("opens after the threshold of consecutive failures, and a success in between resets the count", () => {
    const c = clock();
    const breaker = createBreaker(DEFAULT_BREAKER, c.now);
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    expect(breaker.state).toBe("closed");
    breaker.failed();
    expect(breaker.state).toBe("open");
    expect(breaker.admit()).toBe(false);
    expect(breaker.retryAt).toBe(c.now() + 1_000);
  });

  it("lets exactly one probe through once open time passed; success closes it", () => {
    const c = clock();
    const breaker = createBreaker(DEFAULT_BREAKER, c.now);
    breaker.failed();
    breaker.failed();
    c.advance(999);
    expect(breaker.admit()).toBe(false);
    c.advance(1);
    expect(breaker.state).toBe("half-open");
    expect(breaker.admit()).toBe(true);
    expect(breaker.admit()).toBe(false); // the probe is in flight
    breaker.succeeded();
    expect(breaker.state).toBe("closed");
    expect(breaker.admit()).toBe(true);
  });

  it("doubles the open time after each failed probe, up to the maximum, and resets after a success", () => {
    const c = clock();
    const breaker = createBreaker({ failureThreshold: 1, openMs: 1_000, maxOpenMs: 3_000 }, c.now);
    breaker.failed();
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      waits.push(breaker.retryAt - c.now());
      c.advance(breaker.retryAt - c.now());
      expect(breaker.admit()).toBe(true);
      breaker.failed();
    }
    expect(waits).toEqual([1_000, 2_000, 3_000, 3_000]);
    c.advance(3_000);
    breaker.admit();
    breaker.succeeded();
    breaker.failed();
    expect(breaker.retryAt - c.now()).toBe(1_000);
  });

  it("a late reply while open allows a probe at once", () => {
    const c = clock();
    const breaker = createBreaker(DEFAULT_BREAKER, c.now);
    breaker.failed();
    breaker.failed();
    expect(breaker.admit()).toBe(false);
    breaker.lateReply();
    expect(breaker.state).toBe("half-open");
    expect(breaker.admit()).toBe(true);
  });
});
