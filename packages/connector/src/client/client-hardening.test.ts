import { inspect } from "node:util";
import { ConnectorApiError, InvalidArgumentError, UnexpectedResponseError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { publishText } from "../index.js";
import { APP_JWT, CONSUMER_JWS, fakeSendApi, type Step } from "../test-support/fake-send-api.js";
import { createConnectorClient } from "./client.js";
import type { ConnectorClientOptions } from "./client-types.js";

const call = { consumerJws: CONSUMER_JWS };

function setup(script: Step[] = [], extra: Partial<ConnectorClientOptions> = {}) {
  const server = fakeSendApi(script);
  const connector = createConnectorClient({
    baseUrl: "va.msg.liveperson.net",
    accountId: "12345678",
    auth: APP_JWT,
    fetch: server.fetch,
    sleep: async () => {},
    ...extra,
  });
  return { connector, server };
}

function refusal(run: () => unknown): InvalidArgumentError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(inspect(error)).not.toContain(APP_JWT.slice(-12));
    return error as InvalidArgumentError;
  }
  throw new Error("expected a refusal");
}

describe("createConnectorClient: hardening", () => {
  it("never follows a redirect: one request, a typed error naming where it pointed", async () => {
    for (const status of [301, 302, 307, 308]) {
      const { connector, server } = setup([{ status, headers: { location: "https://evil.example/x" } }]);
      const error = await connector
        .send(publishText({ conversationId: "c1", text: "hi" }), call)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectorApiError);
      expect((error as Error).message).toContain(`redirect (HTTP ${status}) to https://evil.example:443`);
      expect(server.seen).toHaveLength(1);
    }
  });

  it("answers that are not the Send API's: typed, quoting no credential", async () => {
    for (const step of [
      { status: 200, body: "<html>maintenance</html>" },
      { status: 200, body: { code: "OK", body: { sequence: "seven" } } },
      { status: 200, body: { code: "OK", body: {}, reqId: "someone-else" } },
      { status: 200, body: "x".repeat(300_000) },
      { status: 200, body: [{ code: "OK", body: { msg: `echo ${APP_JWT} ${CONSUMER_JWS}` } }, {}] },
    ]) {
      const { connector } = setup([step]);
      const error = await connector
        .send(publishText({ conversationId: "c1", text: "hi" }), call)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnexpectedResponseError);
      const text = inspect(error, { depth: 6 });
      expect(text).not.toContain(APP_JWT.slice(-12));
      expect(text).not.toContain(CONSUMER_JWS.slice(-12));
    }
  });

  it("a failure message echoing the credentials is redacted", async () => {
    const { connector } = setup([
      { status: 400, body: { code: "BAD_REQUEST", body: { msg: `bad ${APP_JWT} for ${CONSUMER_JWS}` } } },
    ]);
    const error = await connector
      .send(publishText({ conversationId: "c1", text: "hi" }), call)
      .catch((e: unknown) => e);
    expect((error as { serverMessage: string }).serverMessage).toContain("[REDACTED]");
    expect(inspect(error, { depth: 6 })).not.toContain(CONSUMER_JWS.slice(-12));
  });

  it("refuses bad options and call options before anything is sent", async () => {
    const { connector, server } = setup();
    for (const bad of [
      undefined,
      {},
      { consumerJws: "" },
      { consumerJws: "Bearer x.y.z" },
      { consumerJws: `${CONSUMER_JWS}\r\nX: 1` },
    ]) {
      await expect(
        connector.send(publishText({ conversationId: "c1", text: "hi" }), bad as never),
      ).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    await expect(
      connector.send(publishText({ conversationId: "c1", text: "hi" }), { ...call, timeoutMs: -5 }),
    ).rejects.toMatchObject({ argument: "timeoutMs" });
    await expect(connector.send({ kind: "req" } as never, call)).rejects.toMatchObject({
      argument: "request",
    });
    await expect(connector.createConversation([] as never, call)).rejects.toMatchObject({
      argument: "batch",
    });
    expect(server.seen).toHaveLength(0);
    const cases: [Partial<ConnectorClientOptions>, string][] = [
      [{ auth: `Bearer ${APP_JWT}` }, "auth"],
      [{ accountId: "" }, "accountId"],
      [{ baseUrl: "http://va.msg.liveperson.net" }, "baseUrl"],
      [{ headers: { "X-LP-ON-BEHALF": CONSUMER_JWS } }, "headers.x-lp-on-behalf"],
      [{ clientProperties: "{not json" }, "clientProperties"],
      [{ retry: { idempotent: "yes" as never } }, "retry.idempotent"],
      [{ maxResponseBytes: 0 }, "maxResponseBytes"],
    ];
    for (const [extra, argument] of cases) {
      expect(refusal(() => setup([], extra)).argument).toBe(argument);
    }
  });

  it("prints nothing secret; raw is a plain openapi-fetch client on the same host", async () => {
    const { connector, server } = setup();
    expect(inspect(connector)).toContain("ConnectorClient");
    expect(JSON.stringify(connector)).not.toContain(APP_JWT.slice(-12));
    const { response } = await connector.raw.POST(
      "/api/account/{accountId}/messaging/consumer/conversation",
      {
        params: { path: { accountId: "12345678" }, query: { v: "3" } },
        headers: { authorization: APP_JWT, "x-lp-on-behalf": CONSUMER_JWS },
        body: [
          { kind: "req", id: "1", type: "userprofile.SetUserProfile", body: {} },
          { kind: "req", id: "2", type: "cm.ConsumerRequestConversation", body: { brandId: "12345678" } },
        ],
      },
    );
    expect(response.status).toBe(200);
    expect(server.seen[0]?.url).toContain(
      "https://va.msg.liveperson.net/api/account/12345678/messaging/consumer/conversation?v=3",
    );
  });
});
