import { describe, expect, it } from "vitest";
import { toHeaderRecord } from "./client-options.js";
import { mergeHeaderRecords } from "./http-request.js";
import { frozenRecord, ownValue, setOwn } from "./own-keys.js";
import { hideSecrets } from "./redact.js";

const INHERITED = ["toString", "constructor", "valueOf", "hasOwnProperty", "__proto__"];

describe("13.7 names that Object.prototype has", () => {
  it("13.7 ownValue never finds an inherited member", () => {
    for (const name of INHERITED) {
      expect(ownValue({ a: 1 }, name), name).toBeUndefined();
    }
    expect(ownValue({ toString: "own" }, "toString")).toBe("own");
    expect(ownValue(undefined, "a")).toBeUndefined();
  });

  it('13.7 setOwn and frozenRecord keep "__proto__" a plain key and have no inherited members', () => {
    const record: Record<string, string> = {};
    setOwn(record, "__proto__", "x");
    expect(Object.keys(record)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    const frozen = frozenRecord([["sentinel", "h"]]);
    for (const name of INHERITED) {
      expect((frozen as Record<string, unknown>)[name], name).toBeUndefined();
    }
    expect(frozen.sentinel).toBe("h");
    expect(Object.isFrozen(frozen)).toBe(true);
  });

  it('13.7 a header named "__proto__" is a header, not a prototype', () => {
    expect(toHeaderRecord([["__proto__", "v"]])).toEqual(Object.fromEntries([["__proto__", "v"]]));
    expect(Object.keys(mergeHeaderRecords({}, Object.fromEntries([["__proto__", "v"]])))).toEqual([
      "__proto__",
    ]);
  });

  it("13.7 hideSecrets' printed view copies an own __proto__ key as a key", () => {
    const target = JSON.parse('{"__proto__": {"polluted": true}, "secret": "s"}') as {
      secret: string;
    };
    const hidden = hideSecrets(target, ["secret"]);
    const printed = JSON.stringify(hidden);
    expect(printed).toContain('"__proto__"');
    expect(printed).not.toContain('"s"');
  });
});
