import { inspect } from "node:util";
import { publishChatState } from "@lpkit/connector";
import { AbortError, ConversationAlreadyOpenError, InvalidArgumentError } from "@lpkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { connectorSetup, memoryStore } from "../test-support/connector-setup.js";
import { authFailure, createFakeConnector } from "../test-support/fake-connector.js";
import { ACCOUNT, CLIENT_SECRET, mintedTokens } from "../test-support/fake-liveperson.js";
import {
  assertCollectedSecretFree,
  assertSecretFree,
  expectFailure,
  expectThrow,
} from "../test-support/secrets.js";

afterAll(assertCollectedSecretFree);

describe("createLivePersonConnector: one call per intent", () => {
  it("sends a text from scratch: Domain API → Sentinel v1 → IdP → CONVERSATION → SEND, the AppJWT raw", async () => {
    const { fake, connector } = connectorSetup();
    const first = await connector.sendText("whatsapp-1", "Where is my parcel?");
    expect(first).toMatchObject({ conversationId: "conv-1", created: true, sequence: 1 });
    const [token] = fake.lp.requests("token");
    expect(token?.url).toContain(`/sentinel/api/account/${ACCOUNT}/app/token`);
    expect(token?.url).toContain("v=1.0");
    expect(fake.idpRequests).toEqual(["whatsapp-1"]);
    const appJwt = mintedTokens.at(-1);
    expect(fake.sendRequests.map((r) => r.authorization)).toEqual([appJwt, appJwt]);
    const second = await connector.sendText("whatsapp-1", "Any news?");
    expect(second).toMatchObject({ conversationId: "conv-1", created: false, sequence: 2 });
    expect(fake.idpRequests).toHaveLength(1);
    expect(fake.sendRequests.map((r) => r.path.split("/").at(-1))).toEqual(["conversation", "send", "send"]);
    expect(fake.messages("conv-1")).toEqual(["Where is my parcel?", "Any news?"]);
    expect(connector.stats()).toMatchObject({
      sends: 2,
      consumerJws: { fetched: 1, hits: 2 },
      conversations: { created: 1 },
    });
  });

  it("1,000 concurrent first sends to one consumer: one ConsumerJWS request, one conversation, every text once", async () => {
    const { fake, connector } = connectorSetup();
    const texts = Array.from({ length: 1_000 }, (_, i) => `message ${i}`);
    const results = await Promise.all(texts.map((text) => connector.sendText("u-hot", text)));
    expect(fake.idpRequests).toHaveLength(1);
    expect(fake.sendRequests.filter((r) => r.path.endsWith("/conversation"))).toHaveLength(1);
    expect([...fake.messages("conv-1")].sort()).toEqual([...texts].sort());
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it("many consumers at once: one ConsumerJWS request and one conversation per consumer", async () => {
    const { fake, connector } = connectorSetup();
    const consumers = Array.from({ length: 100 }, (_, i) => `u${i}`);
    await Promise.all(
      consumers.flatMap((c) => Array.from({ length: 5 }, (_, n) => connector.sendText(c, `${c}/${n}`))),
    );
    expect(fake.idpRequests).toHaveLength(100);
    expect(new Set(fake.idpRequests).size).toBe(100);
    expect(fake.conversations.size).toBe(100);
    for (const conversation of fake.conversations.values()) {
      expect(conversation.messages).toHaveLength(5);
    }
  });

  it("a rejected ConsumerJWS (40103): a new one from the IdP, the text sent once", async () => {
    const { fake, connector } = connectorSetup();
    await connector.sendText("u1", "one");
    fake.revoke("u1");
    const result = await connector.sendText("u1", "two");
    expect(result.sequence).toBe(2);
    expect(fake.idpRequests).toEqual(["u1", "u1"]);
    expect(fake.messages("conv-1")).toEqual(["one", "two"]);
    expect(connector.stats()).toMatchObject({ renewedJws: 1, consumerJws: { rejected: 1, fetched: 2 } });
    fake.script("send", authFailure(40103), authFailure(40103));
    const error = await expectFailure(connector.sendText("u1", "three"));
    expect(error).toMatchObject({ code: "ERR_CONSUMER_JWS_REJECTED" });
    expect(fake.messages("conv-1")).toEqual(["one", "two"]);
  });

  it("a conversation the agent closed: a new conversation, the text sent once — there", async () => {
    const { fake, connector } = connectorSetup();
    await connector.sendText("u1", "first");
    fake.closeByAgent("conv-1");
    const result = await connector.sendText("u1", "second");
    expect(result).toMatchObject({ conversationId: "conv-2", created: true });
    expect(fake.messages("conv-1")).toEqual(["first"]);
    expect(fake.messages("conv-2")).toEqual(["second"]);
    expect(connector.stats().reopened).toBe(1);
    expect(await connector.isOwnConversation("conv-1")).toBe(true);
  });

  it("a close learnt from a webhook: the next send opens a new conversation without a failed SEND", async () => {
    const { fake, connector } = connectorSetup();
    await connector.sendText("u1", "first");
    fake.closeByAgent("conv-1");
    expect(await connector.conversationClosed("conv-1")).toBe(true);
    expect(await connector.conversationClosed("someone-elses")).toBe(false);
    await connector.sendText("u1", "second");
    expect(fake.sendRequests.map((r) => r.path.split("/").at(-1))).toEqual([
      "conversation",
      "send",
      "conversation",
      "send",
    ]);
  });

  it("an open conversation nobody here knows: ConversationAlreadyOpenError; a shared store makes processes agree", async () => {
    const fake = createFakeConnector();
    const alone = connectorSetup({}, fake).connector;
    const other = connectorSetup({}, fake).connector;
    await alone.sendText("u1", "hi");
    const error = await expectFailure(other.sendText("u1", "hello"));
    expect(error).toBeInstanceOf(ConversationAlreadyOpenError);
    expect(fake.messages("conv-1")).toEqual(["hi"]);

    const shared = createFakeConnector();
    const jws = memoryStore();
    const conversations = memoryStore();
    const options = { consumerJws: { store: jws.store }, conversations: { store: conversations.store } };
    const a = connectorSetup(options, shared).connector;
    const b = connectorSetup(options, shared).connector;
    await a.sendText("u1", "from a");
    await b.sendText("u1", "from b");
    expect(shared.idpRequests).toEqual(["u1"]);
    expect(shared.conversations.size).toBe(1);
    expect(shared.messages("conv-1")).toEqual(["from a", "from b"]);
    expect(await b.isOwnConversation("conv-1")).toBe(true);
  });

  it("an AppJWT the Send API rejects (40102): a new one from Sentinel and one replay", async () => {
    const { fake, connector } = connectorSetup();
    await connector.sendText("u1", "one");
    fake.script("send", authFailure(40102));
    await connector.sendText("u1", "two");
    expect(fake.lp.requests("token")).toHaveLength(2);
    const [rejected, replayed] = fake.sendRequests.slice(-2);
    expect(rejected?.authorization).not.toBe(replayed?.authorization);
    expect(fake.messages("conv-1")).toEqual(["one", "two"]);
  });

  it("closes the consumer's conversation; a chat state goes only to an open one", async () => {
    const { fake, connector } = connectorSetup();
    expect(
      await connector.send("u1", (to) => publishChatState({ ...to, chatState: "COMPOSING" }), {
        openIfNone: false,
      }),
    ).toBeUndefined();
    expect(fake.sendRequests).toHaveLength(0);
    await connector.sendText("u1", "hi");
    const typing = await connector.send("u1", (to) => publishChatState({ ...to, chatState: "COMPOSING" }), {
      openIfNone: false,
    });
    expect(typing?.conversationId).toBe("conv-1");
    expect(await connector.closeConversation("u1")).toBe(true);
    expect(await connector.conversationOf("u1")).toBeUndefined();
    expect(await connector.closeConversation("u1")).toBe(false);
    expect(fake.conversations.get("conv-1")?.open).toBe(false);
  });

  it("the ConsumerJWS on request: decoded claims, printed redacted", async () => {
    const { connector } = connectorSetup();
    const jws = await connector.consumerJws("u1");
    expect(jws.claims).toMatchObject({ account_id: ACCOUNT, ext_consumer_id: "u1" });
    expect(inspect(jws)).toContain("[REDACTED]");
    expect(inspect(jws)).not.toContain(jws.token.split(".")[2]);
    expect(JSON.stringify(jws)).not.toContain(jws.token.split(".")[2]);
  });

  it("refuses bad input before any request, and everything after dispose", async () => {
    const { fake, connector } = connectorSetup();
    for (const run of [
      () => connector.sendText("", "hi"),
      () => connector.sendText("u1", ""),
      () => connector.sendText("u1", "x".repeat(5_001)),
      () => connector.sendText("u\n1", "hi"),
      () => connector.send("u1", (() => ({})) as never),
    ]) {
      await expect(run()).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(fake.lp.all).toHaveLength(0);
    for (const options of [
      { consumerJws: { maxEntries: 0 } },
      { conversations: { store: {} as never } },
      { storeTimeoutMs: -1 },
      { sendApi: { retry: { maxRetries: 50 } } },
      { idp: { timeoutMs: Number.NaN } },
      { accountId: CLIENT_SECRET },
    ]) {
      expect(expectThrow(() => connectorSetup(options))).toBeInstanceOf(InvalidArgumentError);
    }
    connector.dispose();
    await expect(connector.sendText("u1", "hi")).rejects.toBeInstanceOf(AbortError);
  });

  it("prints no secret", async () => {
    const { connector } = connectorSetup();
    await connector.sendText("u1", "hi");
    assertSecretFree(connector, "the connector");
    expect(inspect(connector)).toContain("LivePersonConnector");
  });
});
