import {
  closeConversation,
  publishAcceptStatus,
  publishChatState,
  publishText,
  rateConversation,
  requestDownloadUrl,
  requestUploadUrl,
} from "@lpkit/connector";
import {
  AppJwtMissingError,
  AppJwtRejectedError,
  ConnectorApiError,
  ConsumerJwsMissingError,
  ConsumerJwsRejectedError,
  ConversationAlreadyOpenError,
  ConversationClosedError,
  NetworkError,
} from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { DEMO } from "../config.js";
import { appJwt, connectorClients } from "../test-support/connector.js";
import { useEmulator } from "../test-support/harness.js";

const env = useEmulator({}, "strict");

async function consumer(ext: string) {
  const { emulator } = env();
  const clients = await connectorClients(emulator);
  const jws = (await clients.idp.createConsumerJws(ext)).token;
  return { ...clients, jws, call: { consumerJws: jws } };
}

async function settled(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
}

describe("the emulated Send API", () => {
  it("opens one conversation per consumer, numbers messages from 0, and the echo agent answers", async () => {
    const { emulator } = env();
    const { sendApi, call } = await consumer("send-1");
    const { conversationId } = await sendApi.createConversation({}, call);
    await expect(sendApi.createConversation({}, call)).rejects.toBeInstanceOf(ConversationAlreadyOpenError);
    const first = await sendApi.send(publishText({ conversationId, text: "Where is my parcel?" }), call);
    expect(first.sequence).toBe(0);
    await settled();
    const view = emulator.connector.conversation(conversationId);
    expect(view?.state).toBe("OPEN");
    expect(view?.events.map((e) => `${e.role} ${e.type} ${e.sequence ?? "-"}`)).toEqual([
      "CONSUMER ContentEvent 0",
      "ASSIGNED_AGENT AcceptStatusEvent 1",
      "ASSIGNED_AGENT AcceptStatusEvent 2",
      "ASSIGNED_AGENT ChatStateEvent -",
      "ASSIGNED_AGENT ContentEvent 3",
      "ASSIGNED_AGENT ChatStateEvent -",
    ]);
    expect(view?.events[4]?.event.message).toBe("You said: Where is my parcel?");
    const second = await sendApi.send(publishText({ conversationId, text: "thanks" }), call);
    expect(second.sequence).toBe(4);
    expect(emulator.stats().connector.conversations).toMatchObject({ opened: 1, alreadyOpen: 1 });
  });

  it("takes typing, receipts, CSAT, file URLs; closes; then refuses the conversation as closed", async () => {
    const { emulator } = env();
    const { sendApi, call } = await consumer("send-2");
    const { conversationId } = await sendApi.createConversation({ request: { skillId: "-1" } }, call);
    await sendApi.send(publishChatState({ conversationId, chatState: "COMPOSING" }), call);
    await sendApi.send(publishAcceptStatus({ conversationId, status: "READ", sequenceList: [0] }), call);
    await sendApi.send(rateConversation({ conversationId, csatRate: 5, resolved: true }), call);
    const upload = await sendApi.send(requestUploadUrl({ fileSize: 1234, fileType: "PNG" }), call);
    expect(upload.answer.body?.relativePath).toMatch(
      new RegExp(`^/v1/AUTH_async-images/${DEMO.accountId}/.+\\.PNG$`),
    );
    const download = await sendApi.send(
      requestDownloadUrl({ relativePath: String(upload.answer.body?.relativePath) }),
      call,
    );
    expect(download.answer.body?.queryParams).toMatchObject({ temp_url_sig: expect.any(String) });
    await sendApi.send(closeConversation({ conversationId }), call);
    expect(emulator.connector.conversation(conversationId)).toMatchObject({
      state: "CLOSE",
      closeReason: "CONSUMER",
    });
    await expect(sendApi.send(publishText({ conversationId, text: "hello?" }), call)).rejects.toBeInstanceOf(
      ConversationClosedError,
    );
    const next = await sendApi.createConversation({}, call);
    expect(next.conversationId).not.toBe(conversationId);
  });

  it("the agent closes on #close, or when a test acts as the agent", async () => {
    const { emulator } = env();
    const { sendApi, call } = await consumer("send-3");
    const { conversationId } = await sendApi.createConversation({}, call);
    await sendApi.send(publishText({ conversationId, text: "#close" }), call);
    await settled();
    expect(emulator.connector.conversation(conversationId)).toMatchObject({
      state: "CLOSE",
      closeReason: "AGENT",
    });
    const again = await sendApi.createConversation({}, call);
    emulator.connector.agent(again.conversationId)?.reply("Hi from a person");
    emulator.connector.agent(again.conversationId)?.close();
    expect(emulator.connector.conversation(again.conversationId)?.events.at(-1)?.event.message).toBe(
      "Hi from a person",
    );
    await expect(
      sendApi.send(publishText({ conversationId: again.conversationId, text: "x" }), call),
    ).rejects.toBeInstanceOf(ConversationClosedError);
  });

  it("each credential failure has its documented errorCode", async () => {
    const { emulator } = env();
    const mine = await consumer("send-4");
    const theirs = await consumer("send-5");
    const { conversationId } = await mine.sendApi.createConversation({}, mine.call);
    await expect(
      mine.sendApi.send(publishText({ conversationId, text: "x" }), theirs.call),
    ).rejects.toBeInstanceOf(ConsumerJwsRejectedError);
    const url = `${emulator.url}/api/account/${DEMO.accountId}/messaging/consumer/conversation/send?v=3`;
    const body = JSON.stringify(publishText({ conversationId, text: "x" }));
    const errorCode = async (headers: Record<string, string>) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
      return ((await response.json()) as { body: { errorCode: number } }).body.errorCode;
    };
    const token = await appJwt(emulator);
    expect(await errorCode({ "x-lp-on-behalf": mine.jws })).toBe(40105);
    expect(await errorCode({ authorization: token })).toBe(40104);
    expect(await errorCode({ authorization: `Bearer ${token}`, "x-lp-on-behalf": mine.jws })).toBe(40102);
    expect(await errorCode({ authorization: token, "x-lp-on-behalf": "a.b.c" })).toBe(40103);
    const otherAccount = await emulator.connector.consumerJws(DEMO.v2AccountId, "send-4");
    expect(await errorCode({ authorization: token, "x-lp-on-behalf": otherAccount })).toBe(40103);
    emulator.clock.advance(3_600_000 + 1_000);
    await expect(
      mine.sendApi.send(publishText({ conversationId, text: "late" }), mine.call),
    ).rejects.toBeInstanceOf(AppJwtRejectedError);
    emulator.clock.advance(-(3_600_000 + 1_000));
  });

  it("lpkit's client turns the missing-credential codes into their typed errors", async () => {
    const { emulator } = env();
    const { sendApi, call } = await consumer("send-8");
    const { conversationId } = await sendApi.createConversation({}, call);
    const request = publishText({ conversationId, text: "x" });
    emulator.fault({
      route: "connector.send",
      status: 401,
      body: { kind: "resp", code: 401, body: { errorCode: 40105 } },
      times: 1,
    });
    await expect(sendApi.send(request, call)).rejects.toBeInstanceOf(AppJwtMissingError);
    emulator.fault({
      route: "connector.send",
      status: 401,
      body: { kind: "resp", code: 401, body: { errorCode: 40104 } },
      times: 1,
    });
    await expect(sendApi.send(request, call)).rejects.toBeInstanceOf(ConsumerJwsMissingError);
    emulator.clearFaults();
  });

  it("refuses a SEND over 5,000 characters with 400, without publishing it", async () => {
    const { emulator } = env();
    const { call, sendApi } = await consumer("send-6");
    const { conversationId } = await sendApi.createConversation({}, call);
    const token = await appJwt(emulator);
    const body = JSON.stringify({
      ...publishText({ conversationId, text: "x" }),
      padding: "y".repeat(5_000),
    });
    const response = await fetch(
      `${emulator.url}/api/account/${DEMO.accountId}/messaging/consumer/conversation/send?v=3`,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          authorization: token,
          "x-lp-on-behalf": call.consumerJws,
        },
        body,
      },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "BAD_REQUEST", body: { msg: "Bad Request" } });
    expect(emulator.connector.conversation(conversationId)?.events).toHaveLength(0);
  });

  it("faults on demand: a 503 page, and a reset after the message was published (sent once, never retried)", async () => {
    const { emulator } = env();
    const { call, sendApi } = await consumer("send-7");
    const { conversationId } = await sendApi.createConversation({}, call);
    emulator.fault({ route: "connector.send", status: 503, times: 1 });
    const unavailable = await sendApi
      .send(publishText({ conversationId, text: "one" }), call)
      .catch((e: unknown) => e);
    expect(unavailable).toBeInstanceOf(ConnectorApiError);
    expect(unavailable).toMatchObject({ status: 503, retryable: true });
    emulator.fault({ route: "connector.send", kind: "reset", afterExecution: true, times: 1 });
    const lost = await sendApi
      .send(publishText({ conversationId, text: "two" }), call)
      .catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(NetworkError);
    const consumerTexts = emulator.connector
      .conversation(conversationId)
      ?.events.filter((e) => e.role === "CONSUMER")
      .map((e) => e.event.message);
    expect(consumerTexts).toEqual(["two"]);
  });
});
