import dns from "node:dns";
import { afterEach, describe, expect, it } from "vitest";
import { installDnsGuard, ROUTED_NAME } from "./dns-guard.js";

const original = dns.lookup;

function lookup(hostname: string, options: dns.LookupOptions): Promise<unknown> {
  return new Promise((resolve, reject) => {
    dns.lookup(hostname, options, (error, address, family) =>
      error ? reject(error) : resolve({ address, family }),
    );
  });
}

describe("installDnsGuard", () => {
  afterEach(() => {
    (dns as { lookup: unknown }).lookup = original;
  });

  it("resolves only the Domain API name of the official client, to the emulator", async () => {
    installDnsGuard("127.101.2.3");
    await expect(lookup(ROUTED_NAME, {})).resolves.toEqual({ address: "127.101.2.3", family: 4 });
    await expect(lookup("ADMINLOGIN.liveperson.net", { all: true })).resolves.toEqual({
      address: [{ address: "127.101.2.3", family: 4 }],
      family: undefined,
    });
  });

  it("refuses every other name, so nothing can leave the machine", async () => {
    installDnsGuard("127.101.2.3");
    await expect(lookup("va.sentinel.liveperson.net", {})).rejects.toMatchObject({ code: "ENOTFOUND" });
    await expect(lookup("example.com", { all: true })).rejects.toMatchObject({ code: "ENOTFOUND" });
  });

  it("only ever routes to a loopback address", () => {
    expect(() => installDnsGuard("10.0.0.1")).toThrow(/not a loopback/);
    expect(dns.lookup).toBe(original);
  });
});
