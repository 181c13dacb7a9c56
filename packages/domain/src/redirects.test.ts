/**
 * Attack (issue 13.2): a redirecting Domain API. lpkit never follows a redirect: a 3xx is a
 * `DomainApiError` naming the status and the origin `Location` points to, after exactly one request.
 */
import { DomainApiError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { createDomainClient } from "./create-domain-client.js";
import { stubFetch } from "./test-support/fetch-stubs.js";

const ACCOUNT = "12345678";

describe("13.2 redirects are never followed", () => {
  it.each([
    [307, "https://evil.example/steal-path?token=1", "https://evil.example:443"],
    [308, "https://evil.example:8443/steal-path", "https://evil.example:8443"],
    [301, "https://api.liveperson.net/steal-path", "https://api.liveperson.net:443"],
    [302, "/steal-path", "https://api.liveperson.net:443"],
    [307, "http://api.liveperson.net/steal-path", "http://api.liveperson.net:80"],
  ])("a %i to %s is a DomainApiError naming %s", async (status, location, origin) => {
    const { fetch, requests } = stubFetch(() => new Response(null, { status, headers: { location } }));
    const domain = createDomainClient({ fetch });
    for (const call of [
      () => domain.listServices(ACCOUNT),
      () => domain.getServiceHost(ACCOUNT, "sentinel"),
    ]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainApiError);
      expect(error).toMatchObject({ status });
      expect((error as Error).message).toContain(`redirect (HTTP ${status}) to ${origin}`);
      expect((error as Error).message).not.toContain("steal-path");
    }
    expect(requests).toHaveLength(2);
    expect(requests.every((request) => request.redirect === "manual")).toBe(true);
  });
});
