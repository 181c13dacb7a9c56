/**
 * Fault matrix, Domain API: the client never retries (a lookup is cheap to repeat and the
 * resolver caches), so every fault is one request and one exact typed error; the resolver keeps
 * serving the last known hosts when a reload fails.
 *
 * @module
 */
import { DomainApiError, NetworkError, TimeoutError, UnexpectedResponseError } from "@lpkit/core";
import { createDomainClient, type DomainClient } from "@lpkit/domain";
import { DEMO } from "@lpkit/emulator";
import { describe, expect } from "vitest";
import { scenario } from "../harness/scenario.js";
import { useEmulator, type World } from "../harness/world.js";
import { HANG_DEADLINE_MS } from "../harness/world-base.js";

const env = useEmulator();
const LIST = "domain.list" as const;
const SINGLE = "domain.single" as const;

// The default deadline only ends a hang: the rows that expect an answer must never meet it.
function domain(w: World, timeoutMs = 30_000): DomainClient {
  return createDomainClient({ baseUrl: w.emulator.domainApiUrl, fetch: w.fetch, timeoutMs });
}

describe("Domain API", () => {
  scenario(env, "list: 500 → DomainApiError 500, 1 request", async (w) => {
    w.emulator.fault({ route: LIST, status: 500 });
    const error = await w.failure(domain(w).listServices(DEMO.accountId));
    expect(error).toBeInstanceOf(DomainApiError);
    expect(error).toMatchObject({ code: "ERR_DOMAIN_API", status: 500 });
    expect(w.requests(LIST)).toBe(1);
  });

  scenario(env, "single: 503 with Retry-After → DomainApiError 503, not retried", async (w) => {
    w.emulator.fault({ route: SINGLE, status: 503, retryAfter: 1 });
    const error = await w.failure(domain(w).getServiceHost(DEMO.accountId, "sentinel"));
    expect(error).toMatchObject({ code: "ERR_DOMAIN_API", status: 503 });
    expect(w.requests(SINGLE)).toBe(1);
  });

  scenario(env, "single: 429 → DomainApiError 429, not retried", async (w) => {
    w.emulator.fault({ route: SINGLE, status: 429 });
    const error = await w.failure(domain(w).getServiceHost(DEMO.accountId, "faasGW"));
    expect(error).toMatchObject({ code: "ERR_DOMAIN_API", status: 429 });
    expect(w.requests(SINGLE)).toBe(1);
  });

  scenario(env, "list: HTML 502 page from a proxy → DomainApiError 502 quoting the page title", async (w) => {
    w.emulator.fault({ route: LIST, kind: "html" });
    const error = await w.failure(domain(w).listServices(DEMO.accountId));
    expect(error).toMatchObject({ code: "ERR_DOMAIN_API", status: 502 });
    expect(error.message).toContain("502 Bad Gateway");
    expect(w.requests(LIST)).toBe(1);
  });

  scenario(env, "list: truncated JSON → UnexpectedResponseError with a snippet", async (w) => {
    w.emulator.fault({ route: LIST, kind: "truncated-json" });
    const error = await w.failure(domain(w).listServices(DEMO.accountId));
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ code: "ERR_UNEXPECTED_RESPONSE", status: 200 });
    expect((error as UnexpectedResponseError).bodySnippet).toContain("baseURIs");
    expect(w.requests(LIST)).toBe(1);
  });

  scenario(env, "single: malformed JSON → UnexpectedResponseError", async (w) => {
    w.emulator.fault({ route: SINGLE, kind: "malformed-json" });
    const error = await w.failure(domain(w).getServiceHost(DEMO.accountId, "sentinel"));
    expect(error).toMatchObject({ code: "ERR_UNEXPECTED_RESPONSE", status: 200 });
    expect(w.requests(SINGLE)).toBe(1);
  });

  scenario(env, "list: empty 200 body → UnexpectedResponseError", async (w) => {
    w.emulator.fault({ route: LIST, kind: "empty-body" });
    const error = await w.failure(domain(w).listServices(DEMO.accountId));
    expect(error).toMatchObject({ code: "ERR_UNEXPECTED_RESPONSE", status: 200 });
    expect(error.message).toContain("empty body");
    expect(w.requests(LIST)).toBe(1);
  });

  scenario(env, "list: wrong content type (JSON as text/plain) → accepted", async (w) => {
    w.emulator.fault({ route: LIST, kind: "wrong-content-type" });
    const entries = await w.success(domain(w).listServices(DEMO.accountId));
    expect(entries.map((e) => e.service).sort()).toEqual(["asyncMessagingEnt", "faasGW", "idp", "sentinel"]);
    expect(w.requests(LIST)).toBe(1);
  });

  scenario(env, "list: no answer (hang) → TimeoutError after timeoutMs, 1 request", async (w) => {
    w.emulator.fault({ route: LIST, kind: "hang" });
    // The request must reach the emulator (counted below) before the deadline: see HANG_DEADLINE_MS.
    const error = await w.failure(domain(w, HANG_DEADLINE_MS).listServices(DEMO.accountId));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: HANG_DEADLINE_MS });
    expect(w.requests(LIST)).toBe(1);
    expect(w.answered(LIST, "hang")).toBe(1);
  });

  scenario(env, "single: connection reset → NetworkError (phase unknown), 1 request", async (w) => {
    w.emulator.fault({ route: SINGLE, kind: "reset" });
    const error = await w.failure(domain(w).getServiceHost(DEMO.accountId, "sentinel"));
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ code: "ERR_NETWORK", phase: "unknown" });
    expect(w.requests(SINGLE)).toBe(1);
  });

  scenario(
    env,
    "resolver: reload fails after the TTL → last known hosts served (stale-if-error), asked again only after 30 s",
    async (w) => {
      await w.success(w.lp.resolver.resolve("faasGW"));
      w.clock.advance(10 * 60_000 + 1); // the TTL has passed
      w.emulator.fault({ route: LIST, status: 500 });
      // The emulator's Domain API is plain HTTP on loopback: its hosts resolve to http:// URLs.
      expect(await w.success(w.lp.resolver.resolve("faasGW"))).toBe(`http://${w.emulator.hosts.faasGW}`);
      expect(await w.success(w.lp.resolver.resolve("sentinel"))).toBe(`http://${w.emulator.hosts.sentinel}`);
      expect(w.requests(LIST)).toBe(2);
      expect(w.events.find((e) => e.type === "domains-refresh-failed")).toMatchObject({ servingStale: true });
      w.clock.advance(30_000);
      await w.success(w.lp.resolver.resolve("faasGW"));
      expect(w.requests(LIST)).toBe(3);
    },
  );

  scenario(
    env,
    "first lookup fails (no stale list, no fallback) → invoke fails with DomainApiError, nothing else sent",
    async (w) => {
      w.emulator.fault({ route: LIST, status: 503 });
      const error = await w.failure(w.lp.invoke(DEMO.lambdaUuid, {}));
      expect(error).toMatchObject({ code: "ERR_DOMAIN_API", status: 503 });
      expect(w.requests(LIST)).toBe(1);
      expect(w.requests("sentinel.token.v2")).toBe(0);
      expect(w.requests("faasgw.invoke")).toBe(0);
    },
  );
});
