/**
 * Fault matrix, webhooks as LivePerson delivers them: the emulator's delivery faults (duplicate,
 * reorder, delay), both retry policies against an endpoint that answers 5xx or never answers (before
 * or after lpkit's receiver took the delivery), and each notification type in its typed callback.
 * Every row ends with the leak check over everything observed (see `webhooks.test.ts`).
 *
 * @module
 */
import { describe, expect } from "vitest";
import { reply, row, texts } from "../harness/webhook-rows.js";
import { identities } from "../harness/webhook-world.js";
import { HANG_DEADLINE_MS } from "../harness/world-base.js";

describe("LivePerson's delivery faults", () => {
  row("duplicate delivery → handed once, counted as a duplicate", {}, async (w) => {
    const conversationId = await w.conversation("duplicate");
    await w.quiet();
    w.emulator.connector.webhookFault({ kind: "duplicate", times: 1 });
    await reply(w, conversationId, "twice");
    expect(texts(w.handed)).toEqual(["twice"]);
    expect(w.receiver.stats().events.duplicates).toBe(1);
    expect(w.emulator.stats().connector.webhooks.delivered).toBeGreaterThanOrEqual(2);
  });

  row(
    "reordered delivery (count-based) → both handed once, in arrival order; sequences tell the truth",
    {},
    async (w) => {
      const conversationId = await w.conversation("reorder");
      await w.quiet();
      w.emulator.connector.webhookFault({
        kind: "reorder",
        times: 1,
        match: { eventType: "ms.MessagingEventNotification.ContentEvent" },
      });
      w.emulator.connector.agent(conversationId)?.reply("first");
      w.emulator.connector.agent(conversationId)?.reply("second");
      await w.quiet();
      expect(texts(w.handed)).toEqual(["second", "first"]);
      const sequences = w.handed
        .filter((h) => h.callback === "onContent")
        .map((h) => (h.event as { change: { sequence: number } }).change.sequence);
      expect(sequences[0]).toBeGreaterThan(sequences[1] as number);
      expect(new Set(identities(w.handed)).size).toBe(identities(w.handed).length);
    },
  );

  row("delayed delivery → arrives when the emulator clock reaches it, once", {}, async (w) => {
    const conversationId = await w.conversation("delay");
    await w.quiet();
    w.emulator.connector.webhookFault({ kind: "delay", delayMs: 10_000, times: 1 });
    await reply(w, conversationId, "late");
    expect(texts(w.handed)).toEqual([]);
    await w.advance(9_999);
    expect(texts(w.handed)).toEqual([]);
    await w.advance(1);
    expect(texts(w.handed)).toEqual(["late"]);
  });
});

describe("endpoint failures and the retry policies", () => {
  let failing = 0;
  row(
    "endpoint 503 twice, count-based max_retries 2 → re-sent 30 s apart, handed once, 2 retries counted",
    { maxRetries: 2, gate: () => (failing-- > 0 ? 503 : "pass") },
    async (w) => {
      const conversationId = await w.conversation("count-503");
      await w.quiet();
      failing = 2;
      await reply(w, conversationId, "after two 503s");
      expect(texts(w.handed)).toEqual([]);
      await w.advance(29_999);
      expect(w.emulator.stats().connector.webhooks.refusedByStatus).toMatchObject({ "503": 1 });
      await w.advance(1);
      expect(w.emulator.stats().connector.webhooks.refusedByStatus).toMatchObject({ "503": 2 });
      await w.advance(30_000);
      expect(texts(w.handed)).toEqual(["after two 503s"]);
      expect(w.emulator.stats().connector.webhooks).toMatchObject({ retries: 2, discarded: 0 });
    },
  );

  let failingDefault = 0;
  row(
    "endpoint 500, count-based with the default max_retries 0 → not retried, discarded (configure TTL retry)",
    { gate: () => (failingDefault-- > 0 ? 500 : "pass") },
    async (w) => {
      const conversationId = await w.conversation("count-500");
      await w.quiet();
      failingDefault = 1;
      await reply(w, conversationId, "lost by policy");
      await w.advance(60_000);
      expect(texts(w.handed)).toEqual([]);
      expect(w.emulator.stats().connector.webhooks).toMatchObject({ retries: 0, discarded: 1 });
    },
  );

  let failingTtl = 0;
  row(
    "endpoint 503 three times, TTL policy → back-off 2, 4, 8 s; the conversation's later events wait and arrive in order",
    { retentionSeconds: 3_600, gate: () => (failingTtl-- > 0 ? 503 : "pass") },
    async (w) => {
      const conversationId = await w.conversation("ttl-503");
      await w.quiet();
      failingTtl = 3;
      for (const text of ["one", "two", "three"]) {
        w.emulator.connector.agent(conversationId)?.reply(text);
      }
      await w.quiet();
      expect(w.emulator.connector.installState(w.app.clientId)).toBe("FAILED");
      await w.advance(2_000);
      await w.advance(4_000);
      expect(texts(w.handed)).toEqual([]);
      await w.advance(8_000);
      expect(texts(w.handed)).toEqual(["one", "two", "three"]);
      expect(w.emulator.stats().connector.webhooks).toMatchObject({ retries: 3, queued: 0 });
      expect(w.emulator.connector.installState(w.app.clientId)).toBe("UP");
    },
  );

  let hangAfter = 0;
  row(
    "endpoint accepts but never answers (timeout) → LivePerson re-sends, handed once (deduplicated)",
    {
      retentionSeconds: 3_600,
      // Every delivery of the row has this limit, the answered ones too (the conversation's, the retry):
      // at 1 s, one stall of the process during an answered delivery would time it out too.
      webhookTimeoutMs: HANG_DEADLINE_MS,
      gate: () => (hangAfter-- > 0 ? "hang-after" : "pass"),
    },
    async (w) => {
      const conversationId = await w.conversation("hang-after");
      await w.quiet();
      hangAfter = 1;
      await reply(w, conversationId, "answered too late");
      expect(w.emulator.stats().connector.webhooks.timeouts).toBe(1);
      expect(texts(w.handed)).toEqual(["answered too late"]);
      await w.advance(2_000);
      expect(texts(w.handed)).toEqual(["answered too late"]);
      expect(w.receiver.stats().events.duplicates).toBe(1);
    },
  );

  let hangBefore = 0;
  row(
    "endpoint never answers before reading (timeout), TTL policy → retried after 2 s, handed once",
    {
      retentionSeconds: 3_600,
      // Every delivery of the row has this limit, the answered ones too (the conversation's, the retry):
      // at 1 s, one stall of the process during an answered delivery would time it out too.
      webhookTimeoutMs: HANG_DEADLINE_MS,
      gate: () => (hangBefore-- > 0 ? "hang-before" : "pass"),
    },
    async (w) => {
      const conversationId = await w.conversation("hang-before");
      await w.quiet();
      hangBefore = 1;
      await reply(w, conversationId, "after a timeout");
      expect(texts(w.handed)).toEqual([]);
      await w.advance(2_000);
      expect(texts(w.handed)).toEqual(["after a timeout"]);
      expect(w.emulator.stats().connector.webhooks).toMatchObject({ timeouts: 1, retries: 1 });
    },
  );
});

describe("typed notifications", () => {
  row(
    "ContentEvent, ChatStateEvent, AcceptStatusEvent and a conversation change reach their typed callbacks",
    {},
    async (w) => {
      const conversationId = await w.conversation("typed");
      await w.quiet();
      const agent = w.emulator.connector.agent(conversationId);
      const sequence = w.emulator.connector.conversation(conversationId)?.events.at(-1)?.sequence ?? 0;
      agent?.typing("COMPOSING");
      agent?.accept(sequence);
      agent?.reply("typed");
      await w.quiet();
      agent?.close();
      await w.quiet();
      const callbacks = new Set(w.handed.map((h) => h.callback));
      expect([...callbacks].sort()).toEqual([
        "onAcceptStatus",
        "onChatState",
        "onContent",
        "onConversationChange",
      ]);
      const closed = w.handed.filter((h) => h.callback === "onConversationChange").at(-1);
      if (closed === undefined) {
        throw new Error("no conversation change was handed");
      }
      expect(closed.event.conversationId).toBe(conversationId);
      const change = (closed.event as { change: { result: { conversationDetails: { state: string } } } })
        .change;
      expect(change.result.conversationDetails.state).toBe("CLOSE");
    },
  );
});
