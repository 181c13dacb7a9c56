/**
 * Property-based argument validation of `@lpkit/domain`: for any malformed argument or option,
 * an `InvalidArgumentError` naming it, before any request; for any valid one, exactly one request.
 *
 * @module
 */
import { HostRefusedError, ServiceNotFoundError } from "@lpkit/core";
import { createDomainClient, findServiceHost, type ServiceEntry } from "@lpkit/domain";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  accountId,
  badAccountId,
  badBaseUrl,
  badDuration,
  badServiceName,
  expectInvalid,
  expectInvalidAsync,
  noNetwork,
  notAFunction,
  notAnObject,
  notASignal,
  serviceName,
} from "../harness/arbitraries.js";

describe("@lpkit/domain arguments (property-based)", () => {
  it("createDomainClient: any malformed option is refused, naming it", () => {
    fc.assert(
      fc.property(
        notAnObject.filter((v) => v !== undefined),
        (options) => {
          expectInvalid(() => createDomainClient(options as never), "options");
        },
      ),
    );
    fc.assert(
      fc.property(badBaseUrl, (baseUrl) => {
        expectInvalid(() => createDomainClient({ baseUrl: baseUrl as string }), "baseUrl");
      }),
    );
    fc.assert(
      fc.property(badDuration, (timeoutMs) => {
        expectInvalid(() => createDomainClient({ timeoutMs: timeoutMs as number }), "timeoutMs");
      }),
    );
    fc.assert(
      fc.property(notAFunction, (fetch) => {
        expectInvalid(() => createDomainClient({ fetch: fetch as never }), "fetch");
      }),
    );
    expectInvalid(() => createDomainClient({ headers: { "bad header": "x" } }), "headers");
    expectInvalid(() => createDomainClient({ headers: { "x-ok": "a\r\nb" } }), "headers");
  });

  it("getServiceHost / listServices: any malformed account id, service name or signal — no request", async () => {
    const net = noNetwork();
    const domain = createDomainClient({ fetch: net.fetch });
    await fc.assert(
      fc.asyncProperty(badAccountId, serviceName, async (account, service) => {
        await expectInvalidAsync(domain.getServiceHost(account as string, service), "accountId");
        await expectInvalidAsync(domain.listServices(account as string), "accountId");
      }),
    );
    await fc.assert(
      fc.asyncProperty(accountId, badServiceName, async (account, service) => {
        await expectInvalidAsync(domain.getServiceHost(account, service as string), "service");
      }),
    );
    await fc.assert(
      fc.asyncProperty(accountId, notASignal, async (account, signal) => {
        await expectInvalidAsync(domain.listServices(account, { signal: signal as AbortSignal }), "signal");
      }),
    );
    expect(net.calls).toEqual([]);
  });

  it("getServiceHost: any valid account id and service name → exactly one request to the documented path", async () => {
    await fc.assert(
      fc.asyncProperty(accountId, serviceName, async (account, service) => {
        const net = noNetwork();
        const domain = createDomainClient({ fetch: net.fetch });
        await domain.getServiceHost(account, service).catch(() => undefined);
        expect(net.calls).toEqual([
          `GET https://api.liveperson.net/api/account/${account}/service/${service}/baseURI.json?version=1.0`,
        ]);
      }),
    );
  });

  it("findServiceHost: bad arguments are refused; on any list it returns the first exact match (LivePerson's domains), HostRefusedError (any other host) or ServiceNotFoundError", () => {
    fc.assert(
      fc.property(badAccountId, (account) => {
        expectInvalid(() => findServiceHost([], account as string, "faasGW"), "accountId");
      }),
    );
    fc.assert(
      fc.property(badServiceName, (service) => {
        expectInvalid(() => findServiceHost([], "12345678", service as string), "service");
      }),
    );
    fc.assert(
      fc.property(fc.oneof(notAnObject, fc.object()), (entries) => {
        expectInvalid(() => findServiceHost(entries as never, "12345678", "faasGW"), "entries");
      }),
    );
    const entry = fc.record({
      service: fc.constantFrom("faasGW", "faasgw", "sentinel", "agentVep"),
      account: fc.constantFrom("12345678", "87654321"),
      // 13.3: LivePerson's hosts, and anyone else's.
      baseURI: fc.oneof(
        fc.domain().map((d) => `${d}.liveperson.net`),
        fc.domain(),
      ),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 8 }), (entries: ServiceEntry[]) => {
        const expected = entries.find((e) => e.service === "faasGW" && e.account === "12345678");
        let result: unknown;
        try {
          result = findServiceHost(entries, "12345678", "faasGW");
        } catch (error) {
          result = error;
        }
        if (expected?.baseURI.toLowerCase().endsWith(".liveperson.net")) {
          expect(result).toBe(expected.baseURI);
        } else if (expected) {
          expect(result).toBeInstanceOf(HostRefusedError);
          expect(result).toMatchObject({ service: "faasGW" });
        } else {
          expect(result).toBeInstanceOf(ServiceNotFoundError);
        }
      }),
    );
  });
});
