import { describe, expect, it } from "vitest";
import { percentile, summarizeLatency } from "./stats.js";

describe("percentile", () => {
  it("uses the nearest-rank method", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
  });

  it("returns one of the values for small samples", () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 99)).toBe(5);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([2, 1], 50)).toBe(1);
  });

  it("ignores non-finite values and is undefined for no values", () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([Number.NaN, 4, Number.POSITIVE_INFINITY], 50)).toBe(4);
  });

  it("rejects a percentile outside 0..100", () => {
    expect(() => percentile([1], 101)).toThrow(RangeError);
    expect(() => percentile([1], -1)).toThrow(RangeError);
    expect(() => percentile([1], Number.NaN)).toThrow(RangeError);
  });

  it("does not reorder the caller's array", () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe("summarizeLatency", () => {
  it("summarises count, p50, p99, min and max", () => {
    expect(summarizeLatency([12, 3, 7])).toEqual({ count: 3, p50: 7, p99: 12, min: 3, max: 12 });
  });

  it("is empty for no values", () => {
    expect(summarizeLatency([])).toEqual({
      count: 0,
      p50: undefined,
      p99: undefined,
      min: undefined,
      max: undefined,
    });
  });
});
