/**
 * Regression tests named after the attacks and findings of issues 13, 14 and 16 that concern the
 * faasGW client, against real loopback servers where the transport's behaviour matters.
 */
import { GatewayError, InvalidArgumentError, NetworkError } from "@lpkit/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createFaasClient } from "./client.js";
import { closeServers, serve } from "./test-support/loopback-server.js";
import { recordingFetch, rejection, respond } from "./test-support/responses.js";

const ACCOUNT = "12345678";
const LAMBDA = "3fa85f64-5717-4562-b3fc-2c963f66afa6";
const EVENT = "bot_connectors_custom_integration";

afterEach(closeServers);

// Attack: a 307/308 to another origin re-POSTed the payload there and returned its answer as the
// function's result; a 301/302 turned the invoke into a GET that "succeeded"; https → http downgraded.
describe("13.2 faasGW follows redirects — no longer", () => {
  it.each([307, 308, 301, 302])(
    "a %i to another origin is a GatewayError; the other origin sees nothing",
    async (status) => {
      const elsewhere = await serve((_seen, res) => {
        res.writeHead(200, { "content-type": "application/json" }).end('{"stolen":true}');
      });
      const gateway = await serve((_seen, res) => {
        res.writeHead(status, { location: `${elsewhere.baseUrl}/collect` }).end();
      });
      const client = createFaasClient({ baseUrl: gateway.baseUrl, accountId: ACCOUNT, auth: "secret-token" });
      const error = await rejection(client.invoke(LAMBDA, { card: "4111" }));
      expect(error).toBeInstanceOf(GatewayError);
      expect(error).toMatchObject({ status });
      expect((error as Error).message).toContain(`redirect (HTTP ${status}) to ${elsewhere.baseUrl}`);
      expect((error as Error).message).not.toContain("/collect");
      expect(gateway.seen).toHaveLength(1);
      expect(elsewhere.seen).toHaveLength(0);
      // Not retried either: a redirect is not a transient failure.
      expect(await rejection(client.isImplemented(EVENT))).toBeInstanceOf(GatewayError);
      expect(elsewhere.seen).toHaveLength(0);
    },
  );

  it("an https gateway redirecting to http is refused without sending anything in clear text", async () => {
    const plain = await serve((_seen, res) => res.writeHead(200).end("{}"));
    const fetch = vi.fn(async () =>
      respond(308, "", { headers: { location: `${plain.baseUrl}/downgrade` } }),
    );
    const client = createFaasClient({ baseUrl: "va.faasgw.liveperson.net", accountId: ACCOUNT, fetch });
    const error = await rejection(client.invoke(LAMBDA, {}));
    expect(error).toBeInstanceOf(GatewayError);
    expect((error as Error).message).toContain(`to ${plain.baseUrl}`);
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(plain.seen).toHaveLength(0);
  });
});

// Attack: payloads that JSON changes silently were sent without a word.
describe("13.10 payloads JSON changes silently are refused before any request", () => {
  it.each([
    ["a Map", { items: new Map([["a", 1]]) }],
    ["a Set", new Set([1])],
    ["NaN", { amount: Number.NaN }],
    ["Infinity", { amount: Number.POSITIVE_INFINITY }],
    ["a typed array", { bytes: new Uint8Array(4) }],
    ["a toJSON returning undefined", { toJSON: () => undefined }],
  ])("%s", async (_name, payload) => {
    const { fetch, calls } = recordingFetch(() => respond(200, {}));
    const client = createFaasClient({ baseUrl: "va.faasgw.liveperson.net", accountId: ACCOUNT, fetch });
    const error = await rejection(client.invoke(LAMBDA, payload));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument: "payload" });
    expect(calls).toHaveLength(0);
  });
});

describe("14 spec truth, client side", () => {
  it("14.1 a *.functions.* host speaks V2 (no v=1, LP-EventSource); convention forces either", async () => {
    const { fetch, calls } = recordingFetch(() => respond(202, {}));
    const v2 = createFaasClient({
      baseUrl: "z1.functions.liveperson.net",
      accountId: ACCOUNT,
      fetch,
      source: "crm",
    });
    expect(v2.convention).toBe("v2");
    await v2.invoke(LAMBDA, {});
    expect(calls[0]?.url.search).toBe("");
    expect(calls[0]?.headers.get("lp-eventsource")).toBe("crm");
    const forced = createFaasClient({
      baseUrl: "z1.functions.liveperson.net",
      accountId: ACCOUNT,
      fetch,
      convention: "v1",
    });
    await forced.invoke(LAMBDA, {});
    expect(calls[1]?.url.searchParams.get("v")).toBe("1");
  });

  it('14.2 skillId: "" is accepted and sent as skillId=, as LivePerson\'s client sends it', async () => {
    const { fetch, calls } = recordingFetch((request) =>
      respond(200, request.url.includes("isImplemented") ? { implemented: true } : {}),
    );
    const client = createFaasClient({ baseUrl: "va.faasgw.liveperson.net", accountId: ACCOUNT, fetch });
    await client.invoke(LAMBDA, {}, { skillId: "" });
    await client.isImplemented(EVENT, { skillId: "" });
    for (const call of calls) {
      expect(call.url.search).toMatch(/&skillId=$/);
    }
  });

  it('14.4 source "My CRM" (spaces) is fine; control characters and over-long values are not', async () => {
    const { fetch, calls } = recordingFetch(() => respond(200, {}));
    for (const convention of ["v1", "v2"] as const) {
      const client = createFaasClient({
        baseUrl: "va.faasgw.liveperson.net",
        accountId: ACCOUNT,
        fetch,
        convention,
        source: "My CRM",
      });
      await client.invoke(LAMBDA, {});
    }
    expect(calls[0]?.url.searchParams.get("externalSystem")).toBe("My CRM");
    expect(calls[1]?.headers.get("lp-eventsource")).toBe("My CRM");
    for (const source of ["a\nb", "tab\there", "x".repeat(129), ""]) {
      expect(() =>
        createFaasClient({ baseUrl: "va.faasgw.liveperson.net", accountId: ACCOUNT, source }),
      ).toThrow(InvalidArgumentError);
    }
  });
});

describe("16.2 network errors name the origin they failed to reach", () => {
  it("a refused connection names http://127.0.0.1:<port>, not the path, query or token", async () => {
    const { baseUrl } = await serve(() => {});
    await closeServers(); // nothing listens there any more
    const client = createFaasClient({
      baseUrl,
      accountId: ACCOUNT,
      auth: "secret-token",
      retry: { maxRetries: 0 },
    });
    const error = await rejection(client.invoke(LAMBDA, {}, { userId: "u1" }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe(
      `faasGW invoke of lambda ${LAMBDA}: could not reach ${baseUrl} (ECONNREFUSED)`,
    );
  });
});
