import { describe, expect, it } from "vitest";
import { createClock } from "./clock.js";

describe("createClock", () => {
  it("follows its base and can be moved forward, back and set", () => {
    let base = 1_000;
    const clock = createClock(() => base);
    expect(clock.now()).toBe(1_000);
    clock.advance(500);
    expect(clock.now()).toBe(1_500);
    base = 2_000;
    expect(clock.now()).toBe(2_500);
    clock.set(10_000);
    expect(clock.now()).toBe(10_000);
    base = 2_100;
    expect(clock.now()).toBe(10_100);
    clock.advance(-100);
    expect(clock.now()).toBe(10_000);
  });

  it("refuses non-finite values", () => {
    const clock = createClock();
    expect(() => clock.advance(Number.NaN)).toThrow(TypeError);
    expect(() => clock.set(Number.POSITIVE_INFINITY)).toThrow(TypeError);
  });
});
