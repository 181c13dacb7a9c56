/**
 * Attack (issue 13.3): credentials go wherever discovery points. A spoofed Domain API answer named
 * a host of the attacker's for `sentinel` or `faasGW`, which then received the client secret or the
 * bearer token. Discovered hosts now pass a host policy: LivePerson's domains, loopback behind a
 * loopback Domain API (an emulator), and the caller's `allowedHosts`.
 */
import { HostRefusedError, InvalidArgumentError } from "@lpkit/core";
import { afterEach, describe, expect, it } from "vitest";
import { createDomainClient } from "./create-domain-client.js";
import { findServiceHost } from "./find-service-host.js";
import { jsonResponse, stubFetch } from "./test-support/fetch-stubs.js";

const ACCOUNT = "12345678";
const SPOOFED = [
  "evil.example",
  "l\u0456veperson.net",
  "va.sentinel.l\u0456veperson.net",
  "169.254.169.254",
  "evil.example\\.sentinel.liveperson.net",
  "evil.example%5c.sentinel.liveperson.net",
  "https://evil.example",
  "va.sentinel.liveperson.net.evil.example",
  "127.0.0.1:6379",
];

const entry = (service: string, baseURI: unknown) => ({ service, account: ACCOUNT, baseURI });

describe("13.3 credentials go wherever discovery points — no longer", () => {
  it.each(SPOOFED)(
    "13.3 getServiceHost refuses %j with a HostRefusedError naming the service and the host",
    async (host) => {
      const domain = createDomainClient({
        fetch: stubFetch(() => jsonResponse(200, entry("sentinel", host))).fetch,
      });
      const error = await domain.getServiceHost(ACCOUNT, "sentinel").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HostRefusedError);
      expect(error).toMatchObject({ code: "ERR_HOST_REFUSED", service: "sentinel" });
      expect((error as HostRefusedError).message).toContain("sentinel");
      expect((error as HostRefusedError).host).toBe(
        JSON.stringify(host).replace(
          /[^\x20-\x7e]/g,
          (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
        ),
      );
    },
  );

  it.each(SPOOFED)("13.3 findServiceHost refuses %j from a listed answer", async (host) => {
    const domain = createDomainClient({
      fetch: stubFetch(() => jsonResponse(200, { baseURIs: [entry("faasGW", host)] })).fetch,
    });
    const entries = await domain.listServices(ACCOUNT);
    expect(() => findServiceHost(entries, ACCOUNT, "faasGW", domain)).toThrow(HostRefusedError);
    expect(() => findServiceHost(entries, ACCOUNT, "faasGW")).toThrow(HostRefusedError);
  });

  it("13.3 one malformed entry for an unrelated service is skipped with a logged warning; the good ones stay", async () => {
    const warnings: { message: string; fields?: Readonly<Record<string, unknown>> }[] = [];
    const body = {
      baseURIs: [
        entry("agentVep", 42),
        { service: "asyncMessagingEnt" },
        null,
        entry("sentinel", "va.sentinel.liveperson.net"),
        entry("faasUI", "evil.example\\.faasui.liveperson.net"),
        entry("faasGW", "va.faasgw.liveperson.net"),
      ],
    };
    const domain = createDomainClient({
      fetch: stubFetch(() => jsonResponse(200, body)).fetch,
      logger: { warn: (message, fields) => warnings.push({ message, fields }) },
    });
    const entries = await domain.listServices(ACCOUNT);
    expect(entries.map((e) => e.service)).toEqual(["sentinel", "faasUI", "faasGW"]);
    expect(findServiceHost(entries, ACCOUNT, "sentinel", domain)).toBe("va.sentinel.liveperson.net");
    expect(findServiceHost(entries, ACCOUNT, "faasGW", domain)).toBe("va.faasgw.liveperson.net");
    expect(() => findServiceHost(entries, ACCOUNT, "faasUI", domain)).toThrow(HostRefusedError);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toEqual({
      message: "@lpkit/domain: skipped a malformed entry of the Domain API's list",
      fields: { accountId: ACCOUNT, index: 0, service: "agentVep", why: "baseURI is not a string" },
    });
    // The single-service endpoint answering with the list shape behaves the same.
    expect(await domain.getServiceHost(ACCOUNT, "faasGW")).toBe("va.faasgw.liveperson.net");
    // A logger that throws never breaks a lookup.
    const throwing = createDomainClient({
      fetch: stubFetch(() => jsonResponse(200, body)).fetch,
      logger: {
        warn: () => {
          throw new Error("logger down");
        },
      },
    });
    expect(await throwing.listServices(ACCOUNT)).toHaveLength(3);
  });

  it("13.3 allowedHosts lets your own hosts through, and only them", async () => {
    const fetch = stubFetch(() =>
      jsonResponse(200, {
        baseURIs: [entry("sentinel", "sentinel.proxy.corp.example"), entry("faasGW", "evil.example")],
      }),
    ).fetch;
    const domain = createDomainClient({ fetch, allowedHosts: ["*.proxy.corp.example"] });
    expect(domain.allowedHosts).toEqual(["*.proxy.corp.example"]);
    expect(await domain.getServiceHost(ACCOUNT, "sentinel")).toBe("sentinel.proxy.corp.example");
    await expect(domain.getServiceHost(ACCOUNT, "faasGW")).rejects.toBeInstanceOf(HostRefusedError);
    expect(() => createDomainClient({ allowedHosts: ["*"] })).toThrow(InvalidArgumentError);
    expect(() => createDomainClient({ allowedHosts: "x.example" as never })).toThrow(InvalidArgumentError);
  });
});

describe("16.2 the emulator one option away", () => {
  afterEach(() => {
    delete process.env.LPKIT_DOMAIN_API;
  });

  it("16.2 LPKIT_DOMAIN_API is the default base URL; a loopback one hands out loopback hosts with its scheme", async () => {
    process.env.LPKIT_DOMAIN_API = "http://127.0.0.1:4999";
    const seen: string[] = [];
    const body = {
      baseURIs: [entry("sentinel", "127.0.0.1:4999"), entry("faasGW", "fninvocations.localhost:4999")],
    };
    const domain = createDomainClient({
      fetch: async (request) => {
        seen.push(request.url);
        return jsonResponse(200, body);
      },
    });
    expect(domain.baseUrl).toBe("http://127.0.0.1:4999");
    expect(await domain.getServiceHost(ACCOUNT, "faasGW")).toBe("http://fninvocations.localhost:4999");
    const entries = await domain.listServices(ACCOUNT);
    expect(findServiceHost(entries, ACCOUNT, "sentinel", domain)).toBe("http://127.0.0.1:4999");
    expect(seen.every((url) => url.startsWith("http://127.0.0.1:4999/api/account/"))).toBe(true);
    // An explicit baseUrl wins over the variable.
    expect(createDomainClient({ baseUrl: "https://api.liveperson.net" }).baseUrl).toBe(
      "https://api.liveperson.net",
    );
  });

  it("16.2 a malformed LPKIT_DOMAIN_API is an InvalidArgumentError naming the variable", () => {
    process.env.LPKIT_DOMAIN_API = "http://evil.example";
    expect(() => createDomainClient()).toThrow(expect.objectContaining({ argument: "LPKIT_DOMAIN_API" }));
    process.env.LPKIT_DOMAIN_API = "  ";
    expect(createDomainClient().baseUrl).toBe("https://api.liveperson.net");
  });
});
