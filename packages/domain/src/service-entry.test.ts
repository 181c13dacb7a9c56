/**
 * The shape checks that turn untrusted JSON into `ServiceEntry` values.
 *
 * @module
 */
import { isRecord } from "@lpkit/core/internal";
import { describe, expect, expectTypeOf, it } from "vitest";
import { type ServiceEntry, toServiceEntries } from "./service-entry.js";

const ENTRY: ServiceEntry = { service: "faasGW", account: "12345678", baseURI: "va.faasgw.liveperson.net" };

describe("isRecord", () => {
  it("accepts plain objects only", () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord([])).toBe(false);
    expect(isRecord(null)).toBe(false);
    expect(isRecord("x")).toBe(false);
  });
});

describe("toServiceEntries", () => {
  it("returns every entry with exactly the documented fields, or [] for an empty list", () => {
    const list = toServiceEntries({
      baseURIs: [
        { ...ENTRY, zone: "us", nested: { a: 1 } },
        { ...ENTRY, service: "sentinel" },
      ],
    });
    expectTypeOf(list?.entries).toEqualTypeOf<ServiceEntry[] | undefined>();
    expect(list).toEqual({ entries: [ENTRY, { ...ENTRY, service: "sentinel" }], skipped: [] });
    expect(toServiceEntries({ baseURIs: [] })).toEqual({ entries: [], skipped: [] });
  });

  it.each([
    ["a missing list", {}],
    ["a list that is not an array", { baseURIs: {} }],
    ["a string", "<html></html>"],
  ])("refuses %s", (_name, value) => {
    expect(toServiceEntries(value)).toBeUndefined();
  });

  // Attack (13.3): one malformed entry for an unrelated service made the whole list unusable.
  it("13.3 skips malformed items and keeps the others; hosts stay as sent (the host policy checks them on use)", () => {
    const list = toServiceEntries({
      baseURIs: [
        ENTRY,
        { service: "x", account: "12345678" },
        { service: "agentVep", account: 12345678, baseURI: "h" },
        null,
        [ENTRY],
        { service: "odd", account: "12345678", baseURI: "https://h/x" },
        { service: "bad name!", account: "1", baseURI: 5 },
      ],
    });
    expect(list?.entries).toEqual([ENTRY, { service: "odd", account: "12345678", baseURI: "https://h/x" }]);
    expect(list?.skipped).toEqual([
      { index: 1, service: "x", why: "baseURI is not a string" },
      { index: 2, service: "agentVep", why: "account is not a string" },
      { index: 3, service: undefined, why: "not an object" },
      { index: 4, service: undefined, why: "not an object" },
      { index: 6, service: undefined, why: "baseURI is not a string" },
    ]);
  });
});
