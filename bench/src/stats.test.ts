import { describe, expect, expectTypeOf, it } from "vitest";
import { median, percentile, rotate, type Spread, spread } from "./stats.js";

describe("stats", () => {
  it("takes percentiles by nearest rank", () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(() => percentile([], 50)).toThrow(/no values/);
  });

  it("takes the median of odd and even counts", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/no values/);
  });

  it("summarises repetitions without reordering the samples", () => {
    const result = spread([3, 9, 1]);
    expect(result).toEqual({ median: 3, min: 1, max: 9, samples: [3, 9, 1] });
    expectTypeOf(result).toEqualTypeOf<Spread>();
  });

  it("rotates so each repetition starts with another contender", () => {
    expect(rotate(["a", "b", "c"], 0)).toEqual(["a", "b", "c"]);
    expect(rotate(["a", "b", "c"], 1)).toEqual(["b", "c", "a"]);
    expect(rotate(["a", "b", "c"], 4)).toEqual(["b", "c", "a"]);
    expect(rotate(["a", "b", "c"], -1)).toEqual(["c", "a", "b"]);
  });
});
