/**
 * Every response example in `specs/domain.yaml` goes through the client: success examples come out
 * parsed and typed, error examples come out as the right typed error. New examples are picked up
 * automatically.
 *
 * @module
 */
import { DomainApiError, ServiceNotFoundError } from "@lpkit/core";
import { describe, expect, expectTypeOf, it } from "vitest";
import { createDomainClient } from "./create-domain-client.js";
import type { ServiceEntry } from "./service-entry.js";
import { stubFetch } from "./test-support/fetch-stubs.js";
import {
  collectResponseExamples,
  exampleBody,
  loadSpec,
  type ResponseExample,
} from "./test-support/spec-examples.js";

const spec = loadSpec();
const { examples, responses, operationIds } = collectResponseExamples(spec);

/** The statuses a `default` response example is sent with. */
const DEFAULT_STATUSES = [500, 502, 503];

function statusesOf(example: ResponseExample): number[] {
  return example.status === "default" ? DEFAULT_STATUSES : [Number(example.status)];
}

function answering(example: ResponseExample, status: number) {
  return stubFetch(
    () => new Response(exampleBody(example), { status, headers: { "Content-Type": example.mediaType } }),
  );
}

function isSuccess(example: ResponseExample): boolean {
  return /^2\d\d$/.test(example.status);
}

function entriesOf(value: unknown): ServiceEntry[] | undefined {
  const list = (value as { baseURIs?: ServiceEntry[] }).baseURIs;
  return Array.isArray(list) ? list : undefined;
}

describe("specs/domain.yaml", () => {
  it("has the two operations this client covers, and an example for every response", () => {
    expect(operationIds.sort()).toEqual(["getServiceBaseUri", "listServiceBaseUris"]);
    expect(responses.length).toBeGreaterThanOrEqual(10);
    for (const response of responses) {
      expect(response.examples, `${response.operationId} ${response.status}`).toBeGreaterThan(0);
    }
  });
});

describe.each(examples.filter((e) => e.operationId === "getServiceBaseUri"))(
  "getServiceHost ← $status $mediaType example $name",
  (example) => {
    it.each(statusesOf(example))("status %i", async (status) => {
      const { fetch } = answering(example, status);
      const domain = createDomainClient({ fetch });
      const value = example.value;
      if (isSuccess(example)) {
        const entries = entriesOf(value);
        if (entries === undefined) {
          const entry = value as ServiceEntry;
          const host = domain.getServiceHost(entry.account, entry.service);
          expectTypeOf(host).toEqualTypeOf<Promise<string>>();
          expect(await host).toBe(entry.baseURI);
        } else if (entries.length > 0) {
          for (const entry of entries) {
            expect(await domain.getServiceHost(entry.account, entry.service)).toBe(entry.baseURI);
          }
        } else {
          await expect(domain.getServiceHost("12345678", "faasGW")).rejects.toBeInstanceOf(
            ServiceNotFoundError,
          );
        }
        return;
      }
      const error = await domain.getServiceHost("12345678", "faasGW").catch((e: unknown) => e);
      if (status === 404) {
        expect(error).toBeInstanceOf(ServiceNotFoundError);
        expect((error as ServiceNotFoundError).cause).toBeInstanceOf(DomainApiError);
        expect(((error as ServiceNotFoundError).cause as DomainApiError).status).toBe(404);
      } else {
        expect(error).toBeInstanceOf(DomainApiError);
        expect((error as DomainApiError).status).toBe(status);
        expect((error as DomainApiError).requestId).toMatch(/^[0-9a-f-]{36}$/);
      }
    });
  },
);

describe.each(examples.filter((e) => e.operationId === "listServiceBaseUris"))(
  "listServices ← $status $mediaType example $name",
  (example) => {
    it.each(statusesOf(example))("status %i", async (status) => {
      const { fetch } = answering(example, status);
      const domain = createDomainClient({ fetch });
      if (isSuccess(example)) {
        const expected = entriesOf(example.value);
        expect(expected).toBeDefined();
        const accountId = expected?.[0]?.account ?? "12345678";
        const entries = domain.listServices(accountId);
        expectTypeOf(entries).toEqualTypeOf<Promise<ServiceEntry[]>>();
        expect(await entries).toEqual(expected);
        return;
      }
      const error = await domain.listServices("12345678").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DomainApiError);
      expect((error as DomainApiError).status).toBe(status);
    });
  },
);
