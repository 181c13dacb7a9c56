/**
 * The webhook delivery soak: notifications across many conversations, published by the emulator's
 * agent and delivered by its real delivery machinery (signed, retried per policy on a virtual clock)
 * to lpkit's receiver over loopback — with duplicates, bad signatures, an endpoint that answers 503
 * or never answers (some after the receiver accepted the delivery), forged deliveries interleaved,
 * and under the count-based policy reordering and delays too. Asserted: every valid event handed
 * exactly once (chat states, which carry no identity, at least once and never more than delivered),
 * per-conversation order under the TTL policy, every retry counted, 0 forged deliveries accepted,
 * nothing valid lost (no discard, no expiry, nothing left queued), no secret in anything observed.
 *
 * In the suite: 1 000 notifications (half per policy) across 40 conversations;
 * `LPKIT_WEBHOOK_SOAK_NOTIFICATIONS=10000 LPKIT_WEBHOOK_SOAK_CONVERSATIONS=200` for the full figure.
 * Counts only, never time.
 */
import { expect, it } from "vitest";
import { type GateAnswer, randomSecret, type WebhookWorld, webhookWorld } from "../harness/webhook-world.js";
import { prng } from "./soak-support.js";

const NOTIFICATIONS = Number(process.env.LPKIT_WEBHOOK_SOAK_NOTIFICATIONS ?? 1_000);
const CONVERSATIONS = Number(process.env.LPKIT_WEBHOOK_SOAK_CONVERSATIONS ?? 40);
const PER_POLICY = Math.ceil(NOTIFICATIONS / 2);
// Notifications published between two quiet points. Count-based attempts all go out at once, so this
// bounds how many deliveries one process (emulator, receiver and test together) has in flight.
const BATCH = 50;
// LivePerson's own delivery timeout. Deliveries must survive it on a loaded machine (at 1 s and load 11
// most attempts timed out, their retries piled up and the count-based policy discarded events); only
// the gate's "no answer" deliveries are meant to reach it.
const DELIVERY_TIMEOUT_MS = 5_000;
const FORGED_EVERY = 20; // one forged delivery per 20 notifications

/** The endpoint fails on purpose: 3 % 503, 0.3 % no answer before reading, 0.3 % no answer after accepting. */
function failingGate(seed: number) {
  const random = prng(seed); // seeded: every run fails the same deliveries
  const counts = { passed: 0, failed503: 0, hangBefore: 0, hangAfter: 0 };
  const gate = (_n: number, headers: Record<string, unknown>): GateAnswer => {
    if (headers["x-soak-forged"] !== undefined) {
      return "pass";
    }
    const r = random();
    if (r < 0.03) {
      counts.failed503 += 1;
      return 503;
    }
    if (r < 0.033) {
      counts.hangBefore += 1;
      return "hang-before";
    }
    if (r < 0.036) {
      counts.hangAfter += 1;
      return "hang-after";
    }
    counts.passed += 1;
    return "pass";
  };
  return { gate, counts };
}

interface Plan {
  readonly texts: Map<string, string[]>; // per conversation, the agent texts in the order published
  typing: number;
  forged: number;
  forgedStatuses: number[];
}

/** Publishes `count` agent events round-robin over `ids` in batches; forged deliveries in between. */
async function publish(w: WebhookWorld, ids: readonly string[], count: number, tag: string): Promise<Plan> {
  const plan: Plan = { texts: new Map(ids.map((id) => [id, []])), typing: 0, forged: 0, forgedStatuses: [] };
  const forgedPosts: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const id = ids[i % ids.length] as string;
    const agent = w.emulator.connector.agent(id);
    if (i % 10 === 9) {
      agent?.typing(i % 20 === 9 ? "COMPOSING" : "PAUSE");
      plan.typing += 1;
    } else {
      const text = `${tag}-${i}`;
      plan.texts.get(id)?.push(text);
      agent?.reply(text);
    }
    if (i % FORGED_EVERY === 0) {
      plan.forged += 1;
      const body = JSON.stringify({
        kind: "notification",
        type: "ms.MessagingEventNotification",
        body: {
          sentTs: w.clock.now(),
          changes: [
            {
              sequence: 1_000_000 + i,
              originatorId: "agent-x",
              originatorMetadata: { id: "agent-x", role: "ASSIGNED_AGENT" },
              serverTimestamp: w.clock.now(),
              event: { type: "ContentEvent", message: `forged-${tag}-${i}`, contentType: "text/plain" },
              conversationId: id,
              dialogId: id,
              messageAudience: "ALL",
            },
          ],
        },
      });
      forgedPosts.push(
        w
          .headers(body, randomSecret())
          .then((headers) => w.post(body, { ...headers, "x-soak-forged": "1" }))
          .then((status) => void plan.forgedStatuses.push(status)),
      );
    }
    if (i % BATCH === BATCH - 1) {
      await w.quiet();
      await w.advance(30_000); // due retries run (count-based: 30 s; TTL: 2 s … back-offs)
    }
  }
  await Promise.all(forgedPosts);
  await w.quiet();
  for (let round = 0; round < 400; round++) {
    const stats = w.emulator.stats().connector.webhooks;
    if (w.emulator.connector.pendingRetries === 0 && stats.queued === 0) {
      break;
    }
    await w.advance(30_000);
  }
  return plan;
}

async function soak(policy: "ttl" | "count", seed: number): Promise<void> {
  const { gate, counts } = failingGate(seed);
  const w = await webhookWorld(
    policy === "ttl"
      ? { retentionSeconds: 3_600, webhookTimeoutMs: DELIVERY_TIMEOUT_MS, gate }
      : { maxRetries: 5, webhookTimeoutMs: DELIVERY_TIMEOUT_MS, gate },
  );
  try {
    const ids: string[] = [];
    for (let c = 0; c < CONVERSATIONS; c++) {
      ids.push(await w.conversation(`soak-${policy}-${c}`));
    }
    await w.quiet();
    const faults = w.emulator.connector;
    faults.webhookFault({ kind: "duplicate", probability: 0.03, seed: seed + 1 });
    faults.webhookFault({ kind: "bad-signature", probability: 0.02, seed: seed + 2 });
    if (policy === "count") {
      faults.webhookFault({ kind: "reorder", probability: 0.02, seed: seed + 3, delayMs: 5_000 });
      faults.webhookFault({ kind: "delay", probability: 0.02, seed: seed + 4, delayMs: 10_000 });
    }
    const plan = await publish(w, ids, PER_POLICY, policy);
    for (const id of ids) {
      w.emulator.connector.agent(id)?.close();
    }
    await w.quiet();
    for (let round = 0; round < 400 && w.emulator.connector.pendingRetries > 0; round++) {
      await w.advance(30_000);
    }

    const handedTexts = new Map<string, string[]>(ids.map((id) => [id, []]));
    let chatStates = 0;
    const closes = new Map<string, number>();
    for (const { callback, event } of w.handed) {
      if (callback === "onContent") {
        const message = (event as { change: { event: { message: string } } }).change.event.message;
        handedTexts.get(String(event.conversationId))?.push(message);
      } else if (callback === "onChatState") {
        chatStates += 1;
      } else if (callback === "onConversationChange") {
        const state = (event as { change: { result: { conversationDetails?: { state?: string } } } }).change
          .result.conversationDetails?.state;
        if (state === "CLOSE") {
          const id = String(event.conversationId);
          closes.set(id, (closes.get(id) ?? 0) + 1);
        }
      }
    }
    const all = [...handedTexts.values()].flat();
    const expected = [...plan.texts.values()].flat();
    // 0 forged accepted: every forged delivery refused, none handed.
    expect(all.filter((t) => t.startsWith("forged"))).toEqual([]);
    expect(plan.forgedStatuses).toHaveLength(plan.forged);
    // Refused as forged (401), or before reading when the receiver was full (503): never 200.
    expect(plan.forgedStatuses.filter((s) => s !== 401 && s !== 503)).toEqual([]);
    expect(plan.forgedStatuses.filter((s) => s === 401).length).toBeGreaterThan(0);
    // Every valid event exactly once: nothing lost, nothing twice.
    expect(all.length).toBe(expected.length);
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort()).toEqual([...expected].sort());
    expect([...closes.values()]).toEqual(ids.map(() => 1));
    // Chat states have no identity: each at least once, never more often than the receiver took one
    // (delivered, or taken by the receiver while its answer did not reach the emulator in time).
    expect(chatStates).toBeGreaterThanOrEqual(plan.typing);
    const webhooks = w.emulator.stats().connector.webhooks;
    const chatDelivered = webhooks.deliveredByType["ms.MessagingEventNotification.ChatStateEvent"] ?? 0;
    expect(chatStates).toBeLessThanOrEqual(chatDelivered + webhooks.timeouts);
    if (policy === "ttl") {
      // Per-conversation order: each conversation's texts in the order the agent wrote them.
      for (const id of ids) {
        expect(handedTexts.get(id)).toEqual(plan.texts.get(id));
      }
    }
    // The policy's retries are counted: every failed attempt was retried (none given up), and
    // every attempt is either delivered or failed.
    const failed =
      Object.values(webhooks.refusedByStatus).reduce((a, b) => a + b, 0) +
      webhooks.timeouts +
      webhooks.networkErrors;
    expect(webhooks).toMatchObject({ discarded: 0, expired: 0, queued: 0 });
    expect(webhooks.attempts).toBe(webhooks.delivered + failed);
    expect(webhooks.retries).toBe(failed);
    expect(failed).toBeGreaterThanOrEqual(counts.failed503 + counts.hangBefore + counts.hangAfter);
    expect(webhooks.refusedByStatus["401"] ?? 0).toBeGreaterThan(0); // bad signatures were sent and refused
    expect(w.receiver.stats().events.duplicates).toBeGreaterThan(0);
    expect(w.errors).toEqual([]);
    const line = {
      policy,
      notifications: webhooks.notifications,
      conversations: CONVERSATIONS,
      handedTexts: all.length,
      chatStates,
      attempts: webhooks.attempts,
      delivered: webhooks.delivered,
      retries: webhooks.retries,
      timeouts: webhooks.timeouts,
      refusedByStatus: webhooks.refusedByStatus,
      faults: webhooks.faults,
      gate: counts,
      forged: plan.forged,
      duplicatesDropped: w.receiver.stats().events.duplicates,
    };
    process.stdout.write(`webhook soak: ${JSON.stringify(line)}\n`);
  } finally {
    await w.stop();
  }
}

it(`webhook soak, TTL policy: ${PER_POLICY} notifications across ${CONVERSATIONS} conversations with duplicates, bad signatures, 503s, timeouts and forged deliveries → each valid event exactly once, in per-conversation order, 0 forged accepted, nothing lost`, () =>
  soak("ttl", 11));

it(`webhook soak, count-based policy (max_retries 5): ${PER_POLICY} notifications across ${CONVERSATIONS} conversations with duplicates, reordering, delays, bad signatures, 503s, timeouts and forged deliveries → each valid event exactly once, every retry counted, 0 forged accepted, nothing lost`, () =>
  soak("count", 23));
