import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "./index.js";
import { toJsonText } from "./internal.js";

function refusal(value: unknown): InvalidArgumentError {
  try {
    toJsonText(value, "payload");
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error("expected a refusal");
}

// Attack: payloads that JSON changes silently (a Map sent as {}, NaN as null, a dropped key).
describe("13.10 payloads JSON changes silently are refused", () => {
  it("serialises plain JSON values as JSON.stringify does", () => {
    const value = { a: 1, b: [true, null, "x"], c: { d: new Date(0) }, skipped: undefined };
    expect(toJsonText(value, "payload")).toBe(JSON.stringify(value));
    expect(toJsonText(null, "payload")).toBe("null");
    expect(toJsonText("text", "payload")).toBe('"text"');
  });

  it.each([
    ["a Map", { items: new Map([["a", 1]]) }, /Map/],
    ["a Set", { items: new Set([1]) }, /Set/],
    ["NaN", { n: Number.NaN }, /NaN/],
    ["Infinity", [Number.POSITIVE_INFINITY], /Infinity/],
    ["-Infinity", { n: Number.NEGATIVE_INFINITY }, /Infinity/],
    ["a typed array", { bytes: new Uint8Array([1, 2]) }, /typed array/],
    ["an ArrayBuffer", { buffer: new ArrayBuffer(2) }, /buffer/],
    ["a toJSON returning undefined", { payload: { toJSON: () => undefined } }, /toJSON/],
    ["a function", { f: () => 1 }, /function/],
    ["a symbol", { s: Symbol("x") }, /symbol/],
    ["undefined in an array", [1, undefined], /undefined/],
    ["a RegExp", { r: /x/ }, /RegExp/],
    ["a BigInt", { n: 1n }, /BigInt/],
  ])("%s", (_name, value, message) => {
    const error = refusal(value);
    expect(error.argument).toBe("payload");
    expect(error.message).toMatch(message);
  });

  it("refuses cycles and a root that JSON cannot express", () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(refusal(cycle).message).toMatch(/circular/);
    expect(refusal(undefined).argument).toBe("payload");
  });
});
