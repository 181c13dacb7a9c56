import { describe, expect, it } from "vitest";
import { fetchTransport, InvalidArgumentError } from "./index.js";
import {
  assertOptionsObject,
  assertWholeNumber,
  callSignal,
  isRecord,
  optionalBoolean,
  optionalByteLimit,
  optionalDuration,
  optionalFunction,
  optionalSeconds,
  optionalSignal,
  optionalWholeNumber,
  toHeaderRecord,
  toTransport,
} from "./internal.js";

function thrown(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    return error as InvalidArgumentError;
  }
  throw new Error("expected an InvalidArgumentError");
}

describe("the options kit", () => {
  it("checks whole numbers in a range, naming the option and the range", () => {
    expect(assertWholeNumber(5, "ttlMs", 1, 10)).toBe(5);
    expect(optionalWholeNumber(undefined, "maxPending", 32, 1, 100)).toBe(32);
    expect(optionalWholeNumber(7, "maxPending", 32, 1, 100)).toBe(7);
    for (const bad of [0, 11, 1.5, Number.NaN, "5", null]) {
      const error = thrown(() => assertWholeNumber(bad, "ttlMs", 1, 10));
      expect(error).toMatchObject({ argument: "ttlMs" });
      expect(error.message).toContain("from 1 to 10");
    }
  });

  it("tells records from other values", () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(thrown(() => assertOptionsObject("x" as never)).argument).toBe("options");
  });

  it('takes booleans strictly: allowInsecureHttp: "yes" is refused', () => {
    expect(optionalBoolean(true, "allowInsecureHttp")).toBe(true);
    expect(optionalBoolean(undefined, "allowInsecureHttp")).toBeUndefined();
    for (const value of ["yes", 1, null, {}]) {
      expect(thrown(() => optionalBoolean(value, "allowInsecureHttp")).argument).toBe("allowInsecureHttp");
    }
  });

  it("says the unit of every number it refuses", () => {
    expect(optionalDuration(undefined, "timeoutMs", 5)).toBe(5);
    expect(thrown(() => optionalDuration(-1, "timeoutMs", 5)).message).toMatch(/milliseconds/);
    expect(optionalSeconds(2, "clockToleranceSec", 30)).toBe(2);
    expect(thrown(() => optionalSeconds("2", "clockToleranceSec", 30)).message).toMatch(/seconds/);
    expect(optionalByteLimit(undefined, "maxResponseBytes", 9)).toBe(9);
    for (const bad of [0, 1.5, -1, Number.POSITIVE_INFINITY]) {
      expect(thrown(() => optionalByteLimit(bad, "maxResponseBytes", 9)).message).toMatch(/bytes/);
    }
  });

  it("checks functions and signals", () => {
    const f = () => 1;
    expect(optionalFunction(f, "now")).toBe(f);
    expect(thrown(() => optionalFunction(1, "now")).argument).toBe("now");
    const signal = new AbortController().signal;
    expect(optionalSignal(signal)).toBe(signal);
    expect(thrown(() => optionalSignal({})).argument).toBe("signal");
    expect(callSignal({ signal })).toBe(signal);
    expect(callSignal(undefined)).toBeUndefined();
    expect(thrown(() => callSignal(5)).argument).toBe("options");
  });

  it("validates headers and returns them with lower-case names", () => {
    expect(toHeaderRecord({ "X-Tenant": "t1" })).toEqual({ "x-tenant": "t1" });
    expect(toHeaderRecord([["A", "1"]])).toEqual({ a: "1" });
    expect(toHeaderRecord(new Headers({ B: "2" }))).toEqual({ b: "2" });
    expect(toHeaderRecord(undefined)).toEqual({});
    for (const bad of [{ "bad name": "x" }, { a: "line\nbreak" }, "text", 5]) {
      expect(thrown(() => toHeaderRecord(bad)).argument).toBe("headers");
    }
  });

  it("picks the transport: a given one, else fetch (checked)", async () => {
    const custom = { send: fetchTransport().send };
    expect(toTransport(undefined, custom)).toBe(custom);
    expect(typeof toTransport(undefined, undefined).send).toBe("function");
    expect(thrown(() => toTransport("fetch", undefined)).argument).toBe("fetch");
    expect(thrown(() => toTransport(undefined, { sent: 1 })).argument).toBe("transport");
  });
});
