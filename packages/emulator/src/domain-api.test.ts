import { describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import { useEmulator } from "./test-support/harness.js";

const env = useEmulator({
  demo: true,
  accounts: [
    { id: "11112222", functions: "v1", services: { agentVep: "va.agentvep.example", faasGW: null } },
  ],
});

async function get(path: string): Promise<{ status: number; type: string | null; body: unknown }> {
  const response = await fetch(`${env().emulator.domainApiUrl}${path}`);
  return { status: response.status, type: response.headers.get("content-type"), body: await response.json() };
}

describe("Domain API", () => {
  it("lists the services of an account, pointing back at the emulator as bare hosts", async () => {
    const { emulator } = env();
    const { status, type, body } = await get(
      `/api/account/${DEMO.accountId}/service/baseURI.json?version=1.0`,
    );
    expect(status).toBe(200);
    expect(type).toMatch(/^application\/json/);
    const host = new URL(emulator.url).host;
    expect(body).toEqual({
      baseURIs: [
        { service: "sentinel", account: DEMO.accountId, baseURI: host },
        { service: "faasGW", account: DEMO.accountId, baseURI: host },
        { service: "idp", account: DEMO.accountId, baseURI: host },
        { service: "asyncMessagingEnt", account: DEMO.accountId, baseURI: host },
      ],
    });
  });

  it("gives Functions V2 accounts a faasGW host containing fninvocations", async () => {
    const { emulator } = env();
    const { body } = await get(`/api/account/${DEMO.v2AccountId}/service/faasGW/baseURI.json?version=1.0`);
    const port = new URL(emulator.url).port;
    expect(body).toEqual({
      service: "faasGW",
      account: DEMO.v2AccountId,
      baseURI: `fninvocations.localhost:${port}`,
    });
    expect(emulator.hosts.faasGWV2).toContain("fninvocations");
  });

  it("answers the single-service endpoint with one entry", async () => {
    const { body, status } = await get(
      `/api/account/${DEMO.accountId}/service/sentinel/baseURI.json?version=1.0`,
    );
    expect(status).toBe(200);
    expect(body).toEqual({
      service: "sentinel",
      account: DEMO.accountId,
      baseURI: env().emulator.hosts.sentinel,
    });
  });

  it("adds and removes entries per account", async () => {
    const { body } = await get("/api/account/11112222/service/baseURI.json?version=1.0");
    expect((body as { baseURIs: { service: string }[] }).baseURIs.map((entry) => entry.service)).toEqual([
      "sentinel",
      "idp",
      "asyncMessagingEnt",
      "agentVep",
    ]);
    const missing = await get("/api/account/11112222/service/faasGW/baseURI.json?version=1.0");
    expect(missing.status).toBe(404);
  });

  it("answers 404 for an unknown account or service, as the spec assumes", async () => {
    expect((await get("/api/account/99999999/service/baseURI.json?version=1.0")).status).toBe(404);
    expect((await get("/api/account/99999999/service/sentinel/baseURI.json?version=1.0")).status).toBe(404);
    expect((await get(`/api/account/${DEMO.accountId}/service/faasgw/baseURI.json?version=1.0`)).status).toBe(
      404,
    );
  });

  it("requires version=1.0", async () => {
    expect((await get(`/api/account/${DEMO.accountId}/service/baseURI.json`)).status).toBe(400);
    expect((await get(`/api/account/${DEMO.accountId}/service/baseURI.json?version=2.0`)).status).toBe(400);
    expect((await get(`/api/account/${DEMO.accountId}/service/sentinel/baseURI.json`)).status).toBe(400);
  });

  it("rejects malformed account ids and service names", async () => {
    expect((await get("/api/account/12%2034/service/baseURI.json?version=1.0")).status).toBe(400);
    expect((await get(`/api/account/${DEMO.accountId}/service/-bad/baseURI.json?version=1.0`)).status).toBe(
      400,
    );
  });

  it("answers 405 to other methods and 404 to unknown paths", async () => {
    const { emulator } = env();
    const post = await fetch(
      `${emulator.url}/api/account/${DEMO.accountId}/service/baseURI.json?version=1.0`,
      {
        method: "POST",
      },
    );
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    const unknown = await fetch(`${emulator.url}/nothing/here`);
    expect(unknown.status).toBe(404);
  });

  it("counts lookups per account", async () => {
    const { emulator } = env();
    const before = emulator.stats().domainLookups.byAccount[DEMO.accountId] ?? 0;
    await get(`/api/account/${DEMO.accountId}/service/baseURI.json?version=1.0`);
    await get(`/api/account/${DEMO.accountId}/service/faasGW/baseURI.json?version=1.0`);
    const stats = emulator.stats();
    expect(stats.domainLookups.byAccount[DEMO.accountId]).toBe(before + 2);
    expect(stats.requests.byRoute["domain.list"]?.byStatus["200"]).toBeGreaterThan(0);
  });
});
