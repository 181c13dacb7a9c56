import { InvalidArgumentError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { buildInvocationBody, toInvocationHeaders } from "./invocation-body.js";

const now = () => 1_700_000_000_000;

describe("toInvocationHeaders", () => {
  it("accepts a record or a list, in order", () => {
    expect(toInvocationHeaders({ a: "1", b: "2" })).toEqual([
      { key: "a", value: "1" },
      { key: "b", value: "2" },
    ]);
    expect(toInvocationHeaders([{ key: "a", value: "1" }])).toEqual([{ key: "a", value: "1" }]);
    expect(toInvocationHeaders(undefined)).toEqual([]);
  });

  it("rejects non-string keys and values", () => {
    expect(() => toInvocationHeaders({ a: 1 } as never)).toThrow(/entry 0 \(a\): value must be a string/);
    expect(() => toInvocationHeaders([{ key: "", value: "x" }])).toThrow(InvalidArgumentError);
    expect(() => toInvocationHeaders([null] as never)).toThrow(InvalidArgumentError);
    expect(() => toInvocationHeaders("a=1" as never)).toThrow(InvalidArgumentError);
  });
});

describe("buildInvocationBody", () => {
  it("defaults the timestamp to now() and keeps 0", () => {
    expect(buildInvocationBody({ a: 1 }, {}, now).body).toEqual({
      timestamp: 1_700_000_000_000,
      headers: [],
      payload: { a: 1 },
    });
    expect(buildInvocationBody({}, { timestamp: 0 }, now).json).toBe(
      '{"timestamp":0,"headers":[],"payload":{}}',
    );
  });

  it("accepts any JSON payload, including null and primitives", () => {
    for (const payload of [null, 0, "", false, [1, "two"], { nested: { deep: true } }]) {
      const { json } = buildInvocationBody(payload, { timestamp: 1 }, now);
      expect(JSON.parse(json).payload).toEqual(payload);
    }
  });

  it("requires a payload", () => {
    expect(() => buildInvocationBody(undefined, {}, now)).toThrow(/payload: is required/);
  });

  it("refuses payloads that are not JSON", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => buildInvocationBody(circular, {}, now)).toThrow(/circular/);
    expect(() => buildInvocationBody(10n, {}, now)).toThrow(InvalidArgumentError);
    expect(() => buildInvocationBody(() => 1, {}, now)).toThrow(/a function is not JSON/);
    expect(() => buildInvocationBody(Symbol("x"), {}, now)).toThrow(/a symbol is not JSON/);
  });

  it("refuses bad timestamps", () => {
    for (const timestamp of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => buildInvocationBody({}, { timestamp }, now)).toThrow(/timestamp/);
    }
  });

  it("bounds the serialised size in bytes", () => {
    const exact = JSON.stringify({ timestamp: 0, headers: [], payload: "é" });
    const bytes = new TextEncoder().encode(exact).byteLength;
    expect(buildInvocationBody("é", { timestamp: 0 }, now, bytes).json).toBe(exact);
    expect(() => buildInvocationBody("é", { timestamp: 0 }, now, bytes - 1)).toThrow(
      new RegExp(`${bytes} bytes; the limit is ${bytes - 1}`),
    );
  });
});
