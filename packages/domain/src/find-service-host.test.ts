/**
 * `findServiceHost`: exact, case-sensitive matching on service and account; typed failures.
 *
 * @module
 */
import { InvalidArgumentError, ServiceNotFoundError } from "@lpkit/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { findServiceHost } from "./find-service-host.js";
import type { ServiceEntry } from "./service-entry.js";

const ENTRIES: ServiceEntry[] = [
  { service: "sentinel", account: "12345678", baseURI: "va.sentinel.liveperson.net" },
  { service: "faasGW", account: "12345678", baseURI: "va.faasgw.liveperson.net" },
  { service: "faasGW", account: "12345678", baseURI: "second.faasgw.liveperson.net" },
  { service: "faasUI", account: "87654321", baseURI: "lo.faasui.liveperson.net" },
];

describe("findServiceHost", () => {
  it("returns the host of the matching entry exactly as listed", () => {
    const host = findServiceHost(ENTRIES, "12345678", "sentinel");
    expectTypeOf(host).toEqualTypeOf<string>();
    expect(host).toBe("va.sentinel.liveperson.net");
    expect(findServiceHost(ENTRIES, "87654321", "faasUI")).toBe("lo.faasui.liveperson.net");
  });

  it("takes the first of several matching entries", () => {
    expect(findServiceHost(ENTRIES, "12345678", "faasGW")).toBe("va.faasgw.liveperson.net");
  });

  it.each([
    ["an empty list", [], "12345678", "sentinel"],
    ["a service in another case", ENTRIES, "12345678", "faasgw"],
    ["a service of another account", ENTRIES, "12345678", "faasUI"],
    ["an unknown account", ENTRIES, "11111111", "sentinel"],
    ["an entry with an empty host", [{ service: "sentinel", account: "1", baseURI: "" }], "1", "sentinel"],
  ] as const)("throws ServiceNotFoundError for %s", (_name, entries, accountId, service) => {
    const call = () => findServiceHost(entries, accountId, service);
    expect(call).toThrow(ServiceNotFoundError);
    expect(call).toThrow(`the Domain API lists no "${service}" service for account ${accountId}`);
  });

  it("accepts a readonly list", () => {
    const frozen: readonly ServiceEntry[] = Object.freeze([...ENTRIES]);
    expect(findServiceHost(frozen, "12345678", "sentinel")).toBe("va.sentinel.liveperson.net");
  });

  it.each([
    ["a malformed account id", ENTRIES, "12 34", "sentinel", "accountId"],
    ["an empty service name", ENTRIES, "12345678", "", "service"],
    ["entries that are not an array", { baseURIs: ENTRIES }, "12345678", "sentinel", "entries"],
  ])("throws InvalidArgumentError for %s", (_name, entries, accountId, service, argument) => {
    let error: unknown;
    try {
      findServiceHost(entries as unknown as ServiceEntry[], accountId, service);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
  });
});
