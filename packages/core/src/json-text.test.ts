import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "./index.js";
import { exactJsonText, toJsonText } from "./internal.js";

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

describe("the fast path of toJsonText", () => {
  const outcome = (run: () => string): { text: string } | { error: string } => {
    try {
      return { text: run() };
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      return { error: (error as Error).message };
    }
  };

  it("agrees with the exact path on every value: the same text, or the same refusal", () => {
    const special = fc.constantFrom<unknown>(
      new Map(),
      new Set([1]),
      Number.NaN,
      Number.NEGATIVE_INFINITY,
      new Uint8Array(2),
      new Date(0),
      new Date(Number.NaN),
      /x/,
      () => 1,
      Symbol("s"),
      10n,
      { toJSON: () => undefined },
      { toJSON: () => ({ m: new Map() }) },
      Object.assign(Object.create(null), { a: 1 }),
      Object.assign([1], { 2: 3 }),
      new Number(Number.NaN),
    );
    const values = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.jsonValue(),
        special,
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(fc.string({ maxLength: 6 }), tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(fc.oneof(values, fc.anything()), (value) => {
        expect(outcome(() => toJsonText(value, "payload"))).toEqual(
          outcome(() => exactJsonText(value, "payload")),
        );
      }),
      { numRuns: 2_000 },
    );
  });

  it("takes the exact path for deep and circular values", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200; i++) {
      deep = [deep];
    }
    expect(toJsonText(deep, "payload")).toBe(JSON.stringify(deep));
    const cycle: Record<string, unknown> = {};
    cycle.self = { cycle };
    expect(refusal(cycle).message).toMatch(/circular/);
  });
});
