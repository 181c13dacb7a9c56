import { afterAll, describe, expect, it } from "vitest";
import { connectorSetup, memoryStore } from "../test-support/connector-setup.js";
import { createFakeConnector } from "../test-support/fake-connector.js";
import { assertCollectedSecretFree, collector } from "../test-support/secrets.js";

afterAll(assertCollectedSecretFree);

describe("the Connector facade's caches and stores", () => {
  it("a bounded process cache: an evicted consumer's ConsumerJWS comes back from the shared store, not the IdP", async () => {
    const jws = memoryStore();
    const { fake, connector } = connectorSetup({ consumerJws: { maxEntries: 2, store: jws.store } });
    for (const consumer of ["u1", "u2", "u3"]) {
      await connector.sendText(consumer, "hi");
    }
    expect(connector.stats().consumerJws).toMatchObject({ size: 2, evictions: 1, fetched: 3 });
    await connector.sendText("u1", "again");
    expect(fake.idpRequests).toEqual(["u1", "u2", "u3"]);
    expect(connector.stats().consumerJws.fromStore).toBe(1);
    expect([...jws.entries.keys()]).toEqual(["12345678:u1", "12345678:u2", "12345678:u3"]);
  });

  it("without a store an evicted consumer costs one more IdP request, never a wrong token", async () => {
    const { fake, connector } = connectorSetup({ consumerJws: { maxEntries: 1 } });
    await connector.sendText("u1", "a");
    await connector.sendText("u2", "b");
    await connector.sendText("u1", "c");
    expect(fake.idpRequests).toEqual(["u1", "u2", "u1"]);
    expect(fake.messages("conv-1")).toEqual(["a", "c"]);
  });

  it("a stored ConsumerJWS of another consumer or account is never used", async () => {
    const jws = memoryStore();
    const { fake, connector } = connectorSetup({ consumerJws: { store: jws.store } });
    await connector.sendText("u2", "hi");
    const u2Token = jws.entries.get("12345678:u2") ?? "";
    jws.entries.set("12345678:u1", u2Token); // a corrupted or tampered entry
    jws.entries.set("12345678:u3", "not-a-jws");
    await connector.sendText("u1", "mine");
    await connector.sendText("u3", "mine too");
    expect(fake.idpRequests).toEqual(["u2", "u1", "u3"]);
    expect(fake.conversations.get("conv-2")?.consumer).toBe("u1");
  });

  it("a failing store never fails a send: it is a miss, logged without any value", async () => {
    const jws = memoryStore();
    const conversations = memoryStore();
    jws.state.fail = true;
    conversations.state.fail = true;
    const { connector } = connectorSetup({
      consumerJws: { store: jws.store },
      conversations: { store: conversations.store },
    });
    await connector.sendText("u1", "one");
    await connector.sendText("u1", "two");
    expect(connector.stats().storeFailures).toBeGreaterThanOrEqual(4);
    const warnings = collector.logs.filter((l) => l.message.includes("store failed"));
    expect(warnings.length).toBeGreaterThan(0);
  });

  it("a store that hangs costs at most storeTimeoutMs per call, then counts as a miss", async () => {
    const jws = memoryStore();
    jws.state.hang = true;
    // The bound under test is the store deadline itself: 20 ms against a store that never answers.
    const { fake, connector } = connectorSetup({ consumerJws: { store: jws.store }, storeTimeoutMs: 20 });
    await connector.sendText("u1", "hi");
    expect(fake.messages("conv-1")).toEqual(["hi"]);
    expect(collector.logs.some((l) => l.message.includes("did not read within 20 ms"))).toBe(true);
  });

  it("several processes on one store: one ConsumerJWS and one conversation per consumer in all", async () => {
    const fake = createFakeConnector();
    const jws = memoryStore();
    const conversations = memoryStore();
    const options = { consumerJws: { store: jws.store }, conversations: { store: conversations.store } };
    const fleet = Array.from({ length: 4 }, () => connectorSetup(options, fake).connector);
    for (let round = 0; round < 3; round++) {
      for (const [i, process] of fleet.entries()) {
        await process.sendText("u1", `p${i} r${round}`);
      }
    }
    expect(fake.idpRequests).toEqual(["u1"]);
    expect(fake.conversations.size).toBe(1);
    expect(fake.messages("conv-1")).toHaveLength(12);
    expect(await fleet[3]?.isOwnConversation("conv-1")).toBe(true);
    expect(await fleet[3]?.isOwnConversation("conv-99")).toBe(false);
  });
});
