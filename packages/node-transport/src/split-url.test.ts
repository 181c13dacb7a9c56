import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitUrl } from "./split-url.js";

/** What the WHATWG URL parser makes of `url`: the reference the fast path must match. */
function parsed(url: string): { origin: string; path: string } {
  const u = new URL(url);
  return { origin: u.origin, path: `${u.pathname}${u.search}` };
}

describe("splitUrl", () => {
  it.each([
    "https://va.faasgw.liveperson.net/api/account/123/lambdas/x/invoke?v=1&externalSystem=lpkit",
    "https://VA.FaasGW.LivePerson.net:443/a",
    "http://127.0.0.1:8080",
    "http://127.0.0.1:8080?q=1",
    "https://[::1]:4443/p#fragment",
    "https://host.test/a/../b/./c?x=%2e%2e",
    "https://host.test/%2e%2E/x",
    "https://host.test/a b/ü?q=é 'x'",
    "https://host.test/a\\b",
    "https://host.test/%zz",
    "HTTPS://host.test/upper",
    "https://127.1/short-ipv4",
  ])("splits %s as the URL parser does", (url) => {
    expect(splitUrl(url)).toEqual(parsed(url));
  });

  it("matches the URL parser on arbitrary paths and queries", () => {
    const part = fc.string({
      unit: fc.constantFrom(..."aZ09-._~!$&'()*+,;=:@/?#%20 é\\\"<>`{|}^\u0000\u007f".split("")),
    });
    fc.assert(
      fc.property(
        fc.constantFrom("https://h.test", "http://127.0.0.1:9", "https://[::1]"),
        part,
        (origin, rest) => {
          const url = `${origin}/${rest}`;
          let expected: { origin: string; path: string } | undefined;
          try {
            expected = parsed(url);
          } catch {
            return;
          }
          expect(splitUrl(url)).toEqual(expected);
        },
      ),
      { numRuns: 3_000 },
    );
  });

  it("refuses what fetch refuses: credentials, other schemes, relative URLs", () => {
    expect(() => splitUrl("https://user:pass@host.test/")).toThrow(/credentials/);
    expect(() => splitUrl("ftp://host.test/")).toThrow(/scheme/);
    expect(() => splitUrl("/relative")).toThrow(/absolute/);
  });
});
