import { ConsumerJwsRequestError } from "@lpkit/core";
import { createIdpClient, decodeConsumerJws } from "@lpkit/idp";
import { decodeProtectedHeader, importSPKI, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import { DEMO } from "../config.js";
import { appJwt, connectorClients } from "../test-support/connector.js";
import { useEmulator } from "../test-support/harness.js";

const env = useEmulator({}, "ignore");

async function post(path: string, headers: Record<string, string>, body: string) {
  const response = await fetch(`${env().emulator.url}${path}`, { method: "POST", headers, body });
  return { status: response.status, body: await response.text() };
}

describe("the emulated IdP", () => {
  it("issues a decodable ConsumerJWS: account_id, ext_consumer_id, a deterministic lp_consumer_id, no exp", async () => {
    const { emulator } = env();
    const { idp } = await connectorClients(emulator);
    const first = await idp.createConsumerJws("whatsapp-4915112345678");
    const again = await idp.createConsumerJws("whatsapp-4915112345678");
    const other = await idp.createConsumerJws("whatsapp-4915100000000");
    expect(first.claims).toMatchObject({
      account_id: DEMO.accountId,
      ext_consumer_id: "whatsapp-4915112345678",
    });
    expect(first.claims.lp_consumer_id).toMatch(/^[0-9a-f]{64}$/);
    expect(again.token).toBe(first.token);
    expect(other.claims.lp_consumer_id).not.toBe(first.claims.lp_consumer_id);
    expect(Object.keys(first.claims).sort()).toEqual(["account_id", "ext_consumer_id", "lp_consumer_id"]);
    expect(decodeProtectedHeader(first.token)).toMatchObject({ alg: "RS256", typ: "JWT" });
    const { payload } = await jwtVerify(first.token, await importSPKI(emulator.v1PublicKey, "RS256"));
    expect(payload.exp).toBeUndefined();
    expect(decodeConsumerJws(first.token).header.kid).toMatch(/^appjwt-/);
    expect(
      emulator.stats().connector.consumerJws.issuedByConsumer[`${DEMO.accountId} whatsapp-4915112345678`],
    ).toBe(2);
  });

  it("wants the AppJWT raw, of this account, with scope msg.consumer", async () => {
    const { emulator } = env();
    const token = await appJwt(emulator);
    const path = `/api/account/${DEMO.accountId}/consumer?v=1.0`;
    const json = { "content-type": "application/json" };
    const body = JSON.stringify({ ext_consumer_id: "u1" });
    expect((await post(path, { ...json, authorization: token }, body)).status).toBe(201);
    expect((await post(path, json, body)).status).toBe(401);
    expect((await post(path, { ...json, authorization: `Bearer ${token}` }, body)).status).toBe(401);
    expect(
      (await post(`/api/account/${DEMO.v2AccountId}/consumer`, { ...json, authorization: token }, body))
        .status,
    ).toBe(401);
    const functionsToken = await emulator.mintToken({ accountId: DEMO.accountId, version: "v1" });
    const forbidden = await post(path, { ...json, authorization: functionsToken }, body);
    expect(forbidden).toEqual({ status: 403, body: '{"internalErrorCode":1003}' });
    emulator.clock.advance(3_600_000 + 1_000);
    expect((await post(path, { ...json, authorization: token }, body)).status).toBe(401);
    emulator.clock.advance(-(3_600_000 + 1_000));
  });

  it("refuses a malformed body or version with 400, and lpkit's client reports it typed", async () => {
    const { emulator } = env();
    const token = await appJwt(emulator);
    const path = `/api/account/${DEMO.accountId}/consumer`;
    const headers = { "content-type": "application/json", authorization: token };
    for (const [query, body] of [
      ["", "{}"],
      ["", '{"ext_consumer_id":"  "}'],
      ["", "not json"],
      ["?v=3", '{"ext_consumer_id":"u1"}'],
    ]) {
      expect((await post(`${path}${query}`, headers, body as string)).status).toBe(400);
    }
    const idp = createIdpClient({
      baseUrl: emulator.hosts.idp,
      accountId: DEMO.accountId,
      auth: token,
      fetch: emulator.fetch,
    });
    emulator.fault({ route: "idp.consumerJws", status: 500, times: 3 });
    const error = await idp.createConsumerJws("u1").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConsumerJwsRequestError);
    expect(error).toMatchObject({ status: 500, internalErrorCode: "9007", retryable: true });
    emulator.clearFaults();
  });
});
