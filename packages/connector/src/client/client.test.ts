import { inspect } from "node:util";
import {
  AppJwtRejectedError,
  ConnectorMissingParameterError,
  ConsumerJwsMissingError,
  ConsumerJwsRejectedError,
  ConversationAlreadyOpenError,
  ConversationClosedError,
} from "@lpkit/core";
import { describe, expect, it, vi } from "vitest";
import { closeConversation, publishText } from "../index.js";
import {
  APP_JWT,
  authBody,
  CONSUMER_JWS,
  fakeSendApi,
  NEW_APP_JWT,
  type Step,
} from "../test-support/fake-send-api.js";
import { createConnectorClient } from "./client.js";
import type { ConnectorClientOptions } from "./client-types.js";

const call = { consumerJws: CONSUMER_JWS };

function setup(script: Step[] = [], extra: Partial<ConnectorClientOptions> = {}) {
  const server = fakeSendApi(script);
  const sleeps: number[] = [];
  const connector = createConnectorClient({
    baseUrl: "va.msg.liveperson.net",
    accountId: "12345678",
    auth: APP_JWT,
    fetch: server.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...extra,
  });
  return { connector, server, sleeps };
}

function rotatingSource() {
  let current = APP_JWT;
  return {
    getToken: vi.fn(async () => ({ accessToken: current })),
    invalidate: vi.fn(async (rejected: string) => {
      if (rejected === current) {
        current = NEW_APP_JWT;
      }
    }),
  };
}

function leakFree(value: unknown): void {
  const text = `${inspect(value, { depth: 8 })} ${JSON.stringify(value)} ${String(value)}`;
  for (const secret of [APP_JWT, NEW_APP_JWT, CONSUMER_JWS]) {
    expect(text).not.toContain(secret.split(".")[2]?.slice(0, 12));
  }
}

describe("createConnectorClient: CONVERSATION", () => {
  it("sends the documented batch with the raw AppJWT and the ConsumerJWS, and returns the conversation id", async () => {
    const { connector, server } = setup([], {
      clientProperties: { type: ".ClientProperties", features: ["AUTO_MESSAGES"] },
    });
    const result = await connector.createConversation({ request: { skillId: "-1" } }, call);
    expect(result.conversationId).toBe("c0nv-1");
    const [sent] = server.seen;
    expect(sent?.url).toBe(
      "https://va.msg.liveperson.net/api/account/12345678/messaging/consumer/conversation?v=3",
    );
    expect(sent?.headers.get("authorization")).toBe(APP_JWT);
    expect(sent?.headers.get("x-lp-on-behalf")).toBe(CONSUMER_JWS);
    expect(sent?.headers.get("content-type")).toBe("application/json");
    expect(sent?.headers.get("client-properties")).toBe(
      '{"type":".ClientProperties","features":["AUTO_MESSAGES"]}',
    );
    expect(sent?.headers.get("x-request-id")).toBe(result.requestId);
    const batch = sent?.json as { type: string; body: Record<string, unknown> }[];
    expect(batch.map((r) => r.type)).toEqual([
      "userprofile.SetUserProfile",
      "cm.ConsumerRequestConversation",
    ]);
    expect(batch[1]?.body).toMatchObject({ brandId: "12345678", channelType: "MESSAGING", skillId: "-1" });
  });

  it("a consumer with an open conversation: ConversationAlreadyOpenError, sent once", async () => {
    const { connector, server } = setup();
    await connector.createConversation({}, call);
    const error = await connector.createConversation({}, call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversationAlreadyOpenError);
    expect(error).toMatchObject({
      status: 400,
      answerCode: "BAD_REQUEST",
      requestType: "cm.ConsumerRequestConversation",
    });
    expect(server.seen).toHaveLength(2);
    leakFree(error);
  });
});

describe("createConnectorClient: SEND", () => {
  it("sends one envelope as the builder made it and returns the sequence", async () => {
    const { connector, server } = setup();
    const { conversationId } = await connector.createConversation({}, call);
    const request = publishText({ conversationId, text: "Hëllo 😀" });
    const result = await connector.send(request, {
      ...call,
      clientProperties: '{"type":".ClientProperties"}',
    });
    expect(result).toMatchObject({ sequence: 0, answer: { code: "OK", reqId: String(request.id) } });
    const sent = server.seen[1];
    expect(sent?.url).toBe(
      "https://va.msg.liveperson.net/api/account/12345678/messaging/consumer/conversation/send?v=3",
    );
    expect(sent?.json).toEqual(request);
    expect(sent?.headers.get("client-properties")).toBe('{"type":".ClientProperties"}');
    expect((await connector.send(publishText({ conversationId, text: "again" }), call)).sequence).toBe(1);
  });

  it("refuses a body over 5,000 characters before anything is sent", async () => {
    const { connector, server } = setup();
    const request = { ...publishText({ conversationId: "c1", text: "x" }) };
    (request.body.event as { message: string }).message = "x".repeat(5_000);
    await expect(connector.send(request, call)).rejects.toMatchObject({
      code: "ERR_INVALID_ARGUMENT",
      argument: "request",
    });
    expect(server.seen).toHaveLength(0);
  });

  it("a closed conversation: ConversationClosedError", async () => {
    const { connector } = setup();
    const { conversationId } = await connector.createConversation({}, call);
    await connector.send(closeConversation({ conversationId }), call);
    const error = await connector
      .send(publishText({ conversationId, text: "hi" }), call)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConversationClosedError);
  });
});

describe("createConnectorClient: the 401 errorCodes", () => {
  it("40102 and 40105 (and a bare 401): a new AppJWT and one replay; never twice", async () => {
    for (const step of [
      { status: 401, body: authBody(40102) },
      { status: 401, body: authBody(40105) },
      { status: 401 },
    ]) {
      const source = rotatingSource();
      const { connector, server } = setup([step], { auth: source });
      await connector.createConversation({}, call);
      expect(server.seen.map((r) => r.headers.get("authorization"))).toEqual([APP_JWT, NEW_APP_JWT]);
      expect(server.seen[1]?.body).toBe(server.seen[0]?.body);
      expect(source.invalidate).toHaveBeenCalledWith(APP_JWT);
    }
    const twice = setup(
      [
        { status: 401, body: authBody(40102) },
        { status: 401, body: authBody(40102) },
      ],
      {
        auth: rotatingSource(),
      },
    );
    const error = await twice.connector.createConversation({}, call).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppJwtRejectedError);
    expect(error).toMatchObject({ errorCode: 40102, renew: "appJwt" });
    expect(twice.server.seen).toHaveLength(2);
  });

  it("40103, 40104 and 40001: typed, never a replay with a new AppJWT, never a retry", async () => {
    const cases: [Step, unknown][] = [
      [{ status: 401, body: authBody(40103) }, ConsumerJwsRejectedError],
      [{ status: 401, body: authBody(40104) }, ConsumerJwsMissingError],
      [{ status: 400, body: { ...(authBody(40001) as object), code: 400 } }, ConnectorMissingParameterError],
    ];
    for (const [step, type] of cases) {
      const source = rotatingSource();
      const { connector, server } = setup([step], { auth: source });
      const error = await connector
        .send(publishText({ conversationId: "c1", text: "hi" }), call)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect(server.seen).toHaveLength(1);
      expect(source.invalidate).not.toHaveBeenCalled();
      leakFree(error);
    }
  });
});
