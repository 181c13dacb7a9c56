import { InvalidArgumentError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { conventionForHost, resolveConvention } from "./convention.js";

describe("conventionForHost", () => {
  it.each([
    ["va.faasgw.liveperson.net", "v1"],
    ["lo.faasgw.liveperson.net", "v1"],
    ["https://sy.faasgw.liveperson.net", "v1"],
    ["va.fninvocations.liveperson.net", "v2"],
    ["https://VA.FNINVOCATIONS.liveperson.net/", "v2"],
    ["fninvocations-z1.example.net:8443", "v2"],
    // LivePerson's own client (isV2Domain) also takes hosts containing `functions` for V2.
    ["va.functions.liveperson.net", "v2"],
    ["https://z2.FUNCTIONS.example.net", "v2"],
  ] as const)("%s → %s", (host, expected) => {
    expect(conventionForHost(host)).toBe(expected);
  });

  it("looks at the host name only, not at the path", () => {
    expect(conventionForHost("https://va.faasgw.liveperson.net/fninvocations")).toBe("v1");
    expect(conventionForHost("https://va.faasgw.liveperson.net/functions")).toBe("v1");
  });
});

describe("resolveConvention", () => {
  it("detects from the base URL when not given", () => {
    expect(resolveConvention(undefined, "https://va.fninvocations.liveperson.net")).toBe("v2");
    expect(resolveConvention(undefined, "https://va.faasgw.liveperson.net")).toBe("v1");
  });

  it("lets an explicit value win over detection", () => {
    expect(resolveConvention("v1", "https://va.fninvocations.liveperson.net")).toBe("v1");
    expect(resolveConvention("v2", "https://va.faasgw.liveperson.net")).toBe("v2");
  });

  it("rejects anything else", () => {
    expect(() => resolveConvention("v3", "https://x")).toThrow(InvalidArgumentError);
    expect(() => resolveConvention(2, "https://x")).toThrow(/convention/);
  });
});
