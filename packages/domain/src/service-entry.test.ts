/**
 * The shape checks that turn untrusted JSON into `ServiceEntry` values.
 *
 * @module
 */
import { isRecord } from "@lpkit/core/internal";
import { describe, expect, expectTypeOf, it } from "vitest";
import { isBareHost, type ServiceEntry, toServiceEntries, toServiceEntry } from "./service-entry.js";

const ENTRY: ServiceEntry = { service: "faasGW", account: "12345678", baseURI: "va.faasgw.liveperson.net" };

describe("isBareHost", () => {
  it.each([
    "va.faasgw.liveperson.net",
    "127.0.0.1:4001",
    "localhost",
    "[::1]:8080",
    "VA.Sentinel.LivePerson.net",
  ])("accepts %s", (host) => {
    expect(isBareHost(host)).toBe(true);
  });

  it.each([
    "",
    "https://va.faasgw.liveperson.net",
    "va.faasgw.liveperson.net/",
    "host?x",
    "a b",
    "user@host",
    42,
    null,
  ])("rejects %s", (value) => {
    expect(isBareHost(value)).toBe(false);
  });
});

describe("isRecord", () => {
  it("accepts plain objects only", () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(isRecord("x")).toBe(false);
  });
});

describe("toServiceEntry", () => {
  it("keeps exactly the documented fields", () => {
    const entry = toServiceEntry({ ...ENTRY, zone: "us", nested: { a: 1 } });
    expectTypeOf(entry).toEqualTypeOf<ServiceEntry | undefined>();
    expect(entry).toEqual(ENTRY);
  });

  it.each([
    ["no service", { account: "1", baseURI: "h" }],
    ["a numeric account", { ...ENTRY, account: 12345678 }],
    ["no baseURI", { service: "faasGW", account: "1" }],
    ["a baseURI with a scheme", { ...ENTRY, baseURI: "https://h" }],
    ["an array", [ENTRY]],
    ["null", null],
  ])("refuses %s", (_name, value) => {
    expect(toServiceEntry(value)).toBeUndefined();
  });
});

describe("toServiceEntries", () => {
  it("returns every entry, or [] for an empty list", () => {
    expect(toServiceEntries({ baseURIs: [ENTRY, { ...ENTRY, service: "sentinel" }] })).toEqual([
      ENTRY,
      { ...ENTRY, service: "sentinel" },
    ]);
    expect(toServiceEntries({ baseURIs: [] })).toEqual([]);
  });

  it.each([
    ["a missing list", {}],
    ["a list that is not an array", { baseURIs: {} }],
    ["one broken entry", { baseURIs: [ENTRY, { service: "x" }] }],
    ["a string", "<html></html>"],
  ])("refuses %s", (_name, value) => {
    expect(toServiceEntries(value)).toBeUndefined();
  });
});
