import { describe, expect, it } from "vitest";
import { formatMs, formatTime, plural, preview, roundMs, shortId, table } from "./format.js";

describe("format helpers", () => {
  it("formats durations", () => {
    expect(formatMs(0.42)).toBe("0.4 ms");
    expect(formatMs(12.4)).toBe("12 ms");
    expect(formatMs(1250)).toBe("1.25 s");
    expect(formatMs(30_000)).toBe("30 s");
    expect(formatMs(undefined)).toBe("n/a");
    expect(formatMs(Number.NaN)).toBe("n/a");
  });

  it("formats times, counts, previews and ids", () => {
    expect(formatTime(0)).toBe("1970-01-01T00:00:00Z");
    expect(plural(1, "lookup")).toBe("1 lookup");
    expect(plural(0, "lookup")).toBe("0 lookups");
    expect(plural(2, "was", "were")).toBe("2 were");
    expect(preview({ a: 1 })).toBe('{"a":1}');
    expect(preview("x".repeat(200), 10)).toBe(`"${"x".repeat(8)}…`);
    expect(preview(undefined)).toBe("undefined");
    expect(roundMs(1.26)).toBe(1.3);
    expect(shortId("5c0ffee0-2222-4333-8444-555566667777")).toBe("5c0ffee0…");
    expect(shortId("short")).toBe("short");
  });

  it("aligns table columns", () => {
    expect(
      table([
        ["a", "1"],
        ["long", "2"],
      ]),
    ).toEqual(["a     1", "long  2"]);
    expect(table([])).toEqual([]);
  });
});
