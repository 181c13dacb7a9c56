import { describe, expect, it } from "vitest";
import { createClock } from "./clock.js";
import { applyClockSetting, parseClockSetting } from "./clock-setting.js";
import { parseFaultSpec } from "./fault-spec.js";

describe("parseFaultSpec", () => {
  it("reads route:key=value pairs, match keys and JSON", () => {
    expect(parseFaultSpec("sentinel.token.v2:status=429,retryAfter=5,times=2")).toEqual({
      route: "sentinel.token.v2",
      status: 429,
      retryAfter: 5,
      times: 2,
    });
    expect(
      parseFaultSpec("faasgw.invoke+faasgw.invokeEvent:kind=reset,afterExecution=true,lambdaUuid=abc"),
    ).toEqual({
      route: ["faasgw.invoke", "faasgw.invokeEvent"],
      kind: "reset",
      afterExecution: true,
      match: { lambdaUuid: "abc" },
    });
    expect(parseFaultSpec("*:latencyMs=200,probability=0.5,seed=7")).toEqual({
      route: "*",
      latencyMs: 200,
      probability: 0.5,
      seed: 7,
    });
    expect(parseFaultSpec("domain.list:kind=html")).toEqual({ route: "domain.list", kind: "html" });
    // An HTTP-date Retry-After holds commas: it needs the JSON form.
    expect(
      parseFaultSpec('{"route":"sentinel.jwks","status":503,"retryAfter":"Wed, 21 Oct 2015 07:28:00 GMT"}'),
    ).toMatchObject({ retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT" });
    expect(parseFaultSpec(' {"route":"faasgw.invoke","status":504} ')).toEqual({
      route: "faasgw.invoke",
      status: 504,
    });
  });

  it.each([
    ["nope:status=500", /unknown route "nope"/],
    ["*+domain.list:status=500", /cannot be combined/],
    ["faasgw.invoke:status", /expected key=value/],
    ["faasgw.invoke:status=abc", /status must be a number/],
    ["faasgw.invoke:afterExecution=yes", /true or false/],
    ["faasgw.invoke:colour=red", /unknown key "colour"/],
    ["{not json", /not valid JSON/],
  ])("refuses %j", (text, message) => {
    expect(() => parseFaultSpec(text)).toThrow(message);
  });
});

describe("parseClockSetting", () => {
  it.each([
    ["+1h", { kind: "advance", ms: 3_600_000 }],
    ["-30m", { kind: "advance", ms: -1_800_000 }],
    ["+90s", { kind: "advance", ms: 90_000 }],
    ["+1500ms", { kind: "advance", ms: 1_500 }],
    ["+2d", { kind: "advance", ms: 172_800_000 }],
    ["+1.5h", { kind: "advance", ms: 5_400_000 }],
    ["2030-01-01T00:00:00Z", { kind: "set", ms: Date.UTC(2030, 0, 1) }],
    ["2030-01-01T02:00:00+02:00", { kind: "set", ms: Date.UTC(2030, 0, 1) }],
    ["2030-01-01", { kind: "set", ms: Date.UTC(2030, 0, 1) }],
  ])("reads %j", (text, expected) => {
    expect(parseClockSetting(text)).toEqual(expected);
  });

  it.each(["1h", "+1y", "tomorrow", "2030-13-45T99:00:00Z", "", "+1e400h"])("refuses %j", (text) => {
    expect(() => parseClockSetting(text)).toThrow(/ISO 8601 date-time/);
  });

  it("sets or moves a clock", () => {
    const clock = createClock(() => 1_000);
    applyClockSetting(clock, parseClockSetting("+1s"));
    expect(clock.now()).toBe(2_000);
    applyClockSetting(clock, parseClockSetting("1970-01-01T00:00:10Z"));
    expect(clock.now()).toBe(10_000);
  });
});
