import { describe, expect, it } from "vitest";
import { HostRefusedError, isLpkitError, type Transport } from "./index.js";
import {
  createHostPolicy,
  exchange,
  LIVEPERSON_DOMAINS,
  pinnedUrl,
  showHost,
  toAllowedHosts,
} from "./internal.js";

const PRODUCTION = createHostPolicy({ domainApiUrl: "https://api.liveperson.net" });

function refusal(check: () => unknown): HostRefusedError {
  try {
    check();
  } catch (error) {
    expect(error).toBeInstanceOf(HostRefusedError);
    return error as HostRefusedError;
  }
  throw new Error("expected a HostRefusedError");
}

// Attack: a spoofed Domain API answer pointed `sentinel`/`faasGW` at a host of the attacker's, which
// then received the client secret or the bearer token.
describe("13.3 credentials go wherever discovery points — no longer", () => {
  it.each([
    ["evil.example", /not under LivePerson's domains/],
    ["l\u0456veperson.net", /non-ASCII/],
    ["va.sentinel.l\u0456veperson.net", /non-ASCII/],
    ["169.254.169.254", /not under LivePerson's domains/],
    ["169.254.169.254:80", /not under LivePerson's domains/],
    ["evil.example\\.sentinel.liveperson.net", /backslash/],
    ["evil.example%2f.sentinel.liveperson.net", /percent-escape/],
    ["liveperson.net.evil.example", /not under LivePerson's domains/],
    ["evilliveperson.net", /not under LivePerson's domains/],
    ["https://va.sentinel.liveperson.net", /not a bare host/],
    ["va.sentinel.liveperson.net/x", /not a bare host/],
    ["user@va.sentinel.liveperson.net", /not a bare host/],
    ["va.sentinel.liveperson.net ", /whitespace/],
    ["0x7f.0.0.1", /canonical/],
    ["127.1", /canonical/],
    ["127.0.0.1:4000", /only from a Domain API on loopback/],
    ["fninvocations.localhost:4000", /only from a Domain API on loopback/],
    ["localhost", /only from a Domain API on loopback/],
    ["va.sentinel.liveperson.net:99999", /port is out of range/],
    ["", /empty/],
  ])("13.3 %j is a HostRefusedError naming the service and the host", (host, reason) => {
    const error = refusal(() => PRODUCTION.check("sentinel", host));
    expect(error.code).toBe("ERR_HOST_REFUSED");
    expect(error.service).toBe("sentinel");
    expect(error.reason).toMatch(reason);
    expect(error.host).toBe(showHost(host));
    expect(error.message).toContain("the Domain API's host for sentinel");
    expect(error.message).toContain(showHost(host));
    expect(isLpkitError(error)).toBe(true);
  });

  it("13.3 a look-alike shows its escapes, so it can be told apart", () => {
    const error = refusal(() => PRODUCTION.check("faasGW", "l\u0456veperson.net"));
    expect(error.host).toBe('"l\\u0456veperson.net"');
    expect(showHost("x".repeat(500)).length).toBeLessThan(110);
  });

  it("13.3 LivePerson's own domains are accepted as sent (clients add https://)", () => {
    for (const host of [
      "va.sentinel.liveperson.net",
      "VA.FaasGW.LivePerson.NET",
      "lo.faasgw.liveperson.net:8443",
      "va-idp.liveperson.com",
      "hc1n.dev.lprnd.net",
      "csds-app.qa.int.gw.lpcloud.io",
      "z1.fninvocations.liveperson.net",
    ]) {
      expect(PRODUCTION.check("sentinel", host), host).toBe(host);
    }
    expect(LIVEPERSON_DOMAINS).toEqual(["liveperson.net", "liveperson.com", "lprnd.net", "lpcloud.io"]);
  });

  it("13.3 loopback hosts behind a loopback Domain API (an emulator) take the Domain API's scheme", () => {
    const plain = createHostPolicy({ domainApiUrl: "http://127.0.0.1:4000" });
    expect(plain.check("sentinel", "127.0.0.1:4000")).toBe("http://127.0.0.1:4000");
    expect(plain.check("faasGW", "fninvocations.localhost:4000")).toBe("http://fninvocations.localhost:4000");
    expect(plain.check("faasGW", "[::1]:4000")).toBe("http://[::1]:4000");
    expect(plain.check("sentinel", "va.sentinel.liveperson.net")).toBe("va.sentinel.liveperson.net");
    expect(() => plain.check("sentinel", "evil.example")).toThrow(HostRefusedError);
    const tls = createHostPolicy({ domainApiUrl: "https://localhost:4443" });
    expect(tls.check("faasGW", "fninvocations.localhost:4443")).toBe("fninvocations.localhost:4443");
  });

  it("13.3 allowedHosts adds exact hosts, host:port and *.domain — nothing broader", () => {
    const policy = createHostPolicy({
      domainApiUrl: "https://api.liveperson.net",
      allowedHosts: toAllowedHosts(["Proxy.Corp.Example", "*.lp.corp.example", "10.0.0.5:8443"]),
    });
    expect(policy.check("sentinel", "proxy.corp.example")).toBe("proxy.corp.example");
    expect(policy.check("sentinel", "a.b.lp.corp.example")).toBe("a.b.lp.corp.example");
    expect(policy.check("sentinel", "10.0.0.5:8443")).toBe("10.0.0.5:8443");
    for (const host of [
      "lp.corp.example",
      "10.0.0.5",
      "10.0.0.5:8444",
      "corp.example",
      "x.proxy.corp.example",
    ]) {
      expect(() => policy.check("sentinel", host), host).toThrow(HostRefusedError);
    }
    for (const bad of [
      ["*"],
      ["https://x.example"],
      ["x.example/"],
      [""],
      ["*.*.example"],
      "x.example",
      [1],
    ]) {
      expect(() => toAllowedHosts(bad), JSON.stringify(bad)).toThrow(/allowedHosts/);
    }
  });
});

describe("13.4 *.localhost pinned to 127.0.0.1", () => {
  it("13.4 every lpkit request for a *.localhost name is sent to 127.0.0.1, never to the resolver", async () => {
    expect(pinnedUrl("http://fninvocations.localhost:4000/api/x?v=1")).toBe(
      "http://127.0.0.1:4000/api/x?v=1",
    );
    expect(pinnedUrl("https://Sentinel.LOCALHOST/x")).toBe("https://127.0.0.1/x");
    for (const url of [
      "https://va.faasgw.liveperson.net/api/x",
      "http://localhost:4000/x",
      "http://localhost.evil.example/x",
      "http://x.localhost.evil.example/x",
    ]) {
      expect(pinnedUrl(url), url).toBe(url);
    }
    const seen: string[] = [];
    const transport: Transport = {
      async send(request) {
        seen.push(request.url);
        return { status: 200, statusText: "OK", headers: new Headers(), body: "{}" };
      },
    };
    const answer = await exchange(
      { method: "GET", url: "http://fninvocations.localhost:4010/api/x", headers: {} },
      { transport, timeoutMs: 0, maxBodyBytes: 100, what: "test" },
    );
    expect(seen).toEqual(["http://127.0.0.1:4010/api/x"]);
    // Errors and redirects still name the origin the caller asked for.
    expect(answer.origin).toBe("http://fninvocations.localhost:4010");
  });
});
