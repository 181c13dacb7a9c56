import { ConnectorApiError, ConnectorRequestError, NetworkError, TimeoutError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { publishAcceptStatus, publishChatState, publishText, requestUploadUrl } from "../index.js";
import {
  APP_JWT,
  CONSUMER_JWS,
  fakeSendApi,
  refused,
  reset,
  type Step,
} from "../test-support/fake-send-api.js";
import { createConnectorClient } from "./client.js";
import type { ConnectorClientOptions } from "./client-types.js";
import { CONNECTOR_RETRY_DEFAULTS, connectorRetryDelay, isIdempotentRequest } from "./retry.js";

const call = { consumerJws: CONSUMER_JWS };

async function opened(script: Step[], extra: Partial<ConnectorClientOptions> = {}) {
  // The first request opens the conversation the scripted SENDs go to.
  const server = fakeSendApi([undefined, ...script]);
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
  const { conversationId } = await connector.createConversation({}, call);
  const sends = () => server.seen.length - 1;
  return { connector, server, sleeps, conversationId, sends };
}

describe("the Send API retry rule (LivePerson's guidance)", () => {
  it("a connection that never opened is retried: nothing arrived", async () => {
    const t = await opened([refused(), refused()]);
    expect(
      (await t.connector.send(publishText({ conversationId: t.conversationId, text: "hi" }), call)).sequence,
    ).toBe(0);
    expect(t.sends()).toBe(3);
    expect(t.sleeps).toEqual([1_000, 2_000]);
  });

  it("429: after at least 1 s (a shorter Retry-After is raised to 1 s), a longer Retry-After honoured, a too long one not waited for", async () => {
    const t = await opened([
      { status: 429 },
      { status: 429, headers: { "retry-after": "0" } },
      { status: 429, headers: { "retry-after": "3" } },
    ]);
    await t.connector.send(publishText({ conversationId: t.conversationId, text: "hi" }), call);
    expect(t.sleeps).toEqual([1_000, 1_000, 3_000]);
    const long = await opened([{ status: 429, headers: { "retry-after": "120" } }]);
    const error = await long.connector
      .send(publishText({ conversationId: long.conversationId, text: "hi" }), call)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorApiError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000, retryable: true });
    expect(long.sends()).toBe(1);
  });

  it("a message is not idempotent: after a timeout, a reset or a 5xx it is never sent again", async () => {
    for (const [step, type] of [
      [reset(), NetworkError],
      [{ status: 503 }, ConnectorApiError],
      [{ status: 500 }, ConnectorApiError],
    ] as const) {
      const t = await opened([step]);
      const error = await t.connector
        .send(publishText({ conversationId: t.conversationId, text: "hi" }), call)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(type);
      expect(t.sends()).toBe(1);
      expect(t.sleeps).toEqual([]);
    }
  });

  it("4xx is never retried", async () => {
    const t = await opened([{ status: 400, body: { code: "BAD_REQUEST", body: { msg: "Bad Request" } } }]);
    const error = await t.connector
      .send(publishText({ conversationId: t.conversationId, text: "hi" }), call)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectorRequestError);
    expect(t.sends()).toBe(1);
    const forbidden = await opened([{ status: 403 }]);
    await expect(
      forbidden.connector.send(publishText({ conversationId: forbidden.conversationId, text: "hi" }), call),
    ).rejects.toMatchObject({ status: 403, retryable: false });
    expect(forbidden.sends()).toBe(1);
  });

  it("idempotent: true opts in — a reset, a 5xx and a timeout are retried with LivePerson's 5, 10, 15 s pauses", async () => {
    const t = await opened([reset(), { status: 503 }, { status: 502 }]);
    await t.connector.send(publishText({ conversationId: t.conversationId, text: "hi" }), {
      ...call,
      idempotent: true,
    });
    expect(t.sends()).toBe(4);
    expect(t.sleeps).toEqual([5_000, 10_000, 15_000]);
    const everything = await opened([{ status: 503 }], { retry: { idempotent: true } });
    await everything.connector.send(
      publishText({ conversationId: everything.conversationId, text: "hi" }),
      call,
    );
    expect(everything.sends()).toBe(2);
    const withRetryAfter = await opened([{ status: 503, headers: { "retry-after": "2" } }], {
      retry: { idempotent: true },
    });
    await withRetryAfter.connector.send(
      publishText({ conversationId: withRetryAfter.conversationId, text: "hi" }),
      call,
    );
    expect(withRetryAfter.sleeps).toEqual([2_000]);
  });

  it("chat states, receipts and file URLs are harmless to repeat: retried after a reset unless the call says idempotent: false", async () => {
    const t = await opened([reset(), reset(), reset()]);
    await t.connector.send(
      publishChatState({ conversationId: t.conversationId, chatState: "COMPOSING" }),
      call,
    );
    expect(t.sends()).toBe(4);
    const no = await opened([reset()]);
    await expect(
      no.connector.send(publishChatState({ conversationId: no.conversationId, chatState: "PAUSE" }), {
        ...call,
        idempotent: false,
      }),
    ).rejects.toBeInstanceOf(NetworkError);
    expect(no.sends()).toBe(1);
    expect(
      isIdempotentRequest(publishAcceptStatus({ conversationId: "c", status: "READ", sequenceList: [1] })),
    ).toBe(true);
    expect(isIdempotentRequest(requestUploadUrl({ fileSize: 10, fileType: "PNG" }))).toBe(true);
    expect(isIdempotentRequest(publishText({ conversationId: "c", text: "x" }))).toBe(false);
  });

  it("maxRetries bounds every retry; 0 turns them off", async () => {
    const t = await opened([refused(), refused()], { retry: { maxRetries: 1 } });
    await expect(
      t.connector.send(publishText({ conversationId: t.conversationId, text: "hi" }), call),
    ).rejects.toMatchObject({ phase: "connect" });
    expect(t.sends()).toBe(2);
    expect(connectorRetryDelay(new TimeoutError("x", 1), 0, CONNECTOR_RETRY_DEFAULTS, false)).toBeUndefined();
    expect(connectorRetryDelay(new TimeoutError("x", 1), 2, CONNECTOR_RETRY_DEFAULTS, true)).toBe(15_000);
  });

  it("one deadline per attempt: a Send API that never answers is a TimeoutError, and a message is sent once", async () => {
    const seen: string[] = [];
    const hanging = (request: Request) =>
      new Promise<Response>((_resolve, reject) => {
        seen.push(request.url);
        request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
      });
    // The deadline under test is the timeout itself: 50 ms, and the server never answers.
    const connector = createConnectorClient({
      baseUrl: "va.msg.liveperson.net",
      accountId: "12345678",
      auth: APP_JWT,
      fetch: hanging,
      timeoutMs: 50,
    });
    const error = await connector
      .send(publishText({ conversationId: "c1", text: "hi" }), call)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(seen).toHaveLength(1);
  });
});
