// Under load the receiver sheds with 503 + Retry-After and loses nothing it answered 200 for: a
// flood of valid and forged deliveries, retried like LivePerson retries, ends with every valid
// event handed exactly once and no forged one. Also: shutdown, and no secret anywhere.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { ACCOUNT, agentText, CLIENT, delivery, messaging, SECRET } from "../test-support/webhooks.js";
import { createWebhookReceiver } from "./receiver.js";
import type { WebhookEvent } from "./webhook-types.js";

const base = { accountId: ACCOUNT, clientId: CLIENT, clientSecret: SECRET };

describe("under load", () => {
  it("answers 503 with Retry-After when the callbacks fall behind, all or nothing per delivery", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const handed: string[] = [];
    const receiver = createWebhookReceiver({
      ...base,
      maxPendingEvents: 3,
      retryAfterSeconds: 2,
      onContent: async (e) => {
        await gate;
        handed.push(String(e.change.event.message));
      },
    });
    expect(await receiver.handle(delivery(messaging([agentText(1, "a"), agentText(2, "b")])))).toMatchObject({
      status: 200,
    });
    const full = await receiver.handle(delivery(messaging([agentText(3, "c"), agentText(4, "d")])));
    expect(full.status).toBe(503);
    expect(full.headers.get("retry-after")).toBe("2");
    expect(receiver.stats().pending).toBe(2);
    release();
    await receiver.idle();
    // LivePerson retries the refused delivery: both events come, neither was marked as seen.
    expect(await receiver.handle(delivery(messaging([agentText(3, "c"), agentText(4, "d")])))).toMatchObject({
      status: 200,
    });
    await receiver.idle();
    expect(handed).toEqual(["a", "b", "c", "d"]);
  });

  it("survives a flood of valid and forged deliveries: every valid event exactly once, no forged one", async () => {
    const handed = new Map<string, number>();
    const receiver = createWebhookReceiver({
      ...base,
      maxInFlight: 20,
      maxPendingEvents: 50,
      concurrency: 4,
      onContent: async (e) => {
        await new Promise((resolve) => setTimeout(resolve, 0));
        const text = String(e.change.event.message);
        handed.set(text, (handed.get(text) ?? 0) + 1);
      },
    });
    const valid = Array.from({ length: 300 }, (_, i) =>
      messaging([agentText(i, `valid-${i}`, `conv-${i % 17}`)]),
    );
    const forged = Array.from({ length: 100 }, (_, i) => messaging([agentText(1000 + i, `forged-${i}`)]));
    let pending = [...valid];
    const statuses = new Map<number, number>();
    for (let round = 0; pending.length > 0; round++) {
      expect(round).toBeLessThan(200);
      // Forgeries mixed in among the valid deliveries of the first wave.
      const wave = pending.flatMap((body, i) => [
        { body, forged: false },
        ...(round === 0 && i < forged.length ? [{ body: forged[i] as string, forged: true }] : []),
      ]);
      const answers = await Promise.all(
        wave.map(async ({ body, forged: isForged }) => {
          const response = await receiver.handle(
            delivery(body, isForged ? { secret: "guessed-secret" } : {}),
          );
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          return { body, isForged, status: response.status };
        }),
      );
      for (const { isForged, status } of answers) {
        // Over the in-flight bound even a forgery gets 503 (it is refused before it is read).
        expect(isForged ? [401, 503] : [200, 503]).toContain(status);
      }
      // Retry what was shed, as LivePerson's retry policy does.
      pending = answers.filter((a) => !a.isForged && a.status === 503).map((a) => a.body);
      await receiver.idle();
    }
    expect(statuses.get(503) ?? 0).toBeGreaterThan(0); // the flood did hit the bounds
    expect(statuses.get(401) ?? 0).toBeGreaterThan(0);
    expect(handed.size).toBe(300);
    expect([...handed.values()].every((n) => n === 1)).toBe(true);
    expect([...handed.keys()].some((k) => k.startsWith("forged"))).toBe(false);
  });

  it("refuses new deliveries while closing, and finishes the accepted ones", async () => {
    const handed: string[] = [];
    const receiver = createWebhookReceiver({
      ...base,
      onContent: async (e) => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        handed.push(String(e.change.event.message));
      },
    });
    await receiver.handle(delivery(messaging([agentText(1, "before")])));
    const closing = receiver.close();
    const late = await receiver.handle(delivery(messaging([agentText(2, "after")])));
    expect(late.status).toBe(503);
    await closing;
    expect(handed).toEqual(["before"]);
  });
});

describe("secrets", () => {
  it("never appear in answers, refusals, errors, stats or the receiver itself", async () => {
    const secret = "Zq8Wv3Lp9Xr2Ts7Yk4Nm6Hb1Gc5Fd0Je";
    const seen: unknown[] = [];
    const receiver = createWebhookReceiver({
      accountId: ACCOUNT,
      clientId: CLIENT,
      clientSecrets: ["Pk2Rt8Vw4Xy6Zb3Qm9Ln1Sd7", secret],
      onRefused: (error) => seen.push(error, error.message, inspect(error)),
      onError: (error, event) => seen.push(inspect(error), inspect(event, { depth: 8 })),
      onContent: () => {
        throw new Error("callback failed");
      },
    });
    const bodies: string[] = [];
    const requests = [
      delivery(messaging([agentText(1, "x")]), { secret }),
      delivery(messaging([agentText(2, "x")]), { secret: `${secret}x` }),
      delivery(messaging([agentText(3, "x")]), { secret, headers: { "x-liveperson-client-id": "other" } }),
      delivery(messaging([agentText(4, "x")]), {
        secret,
        headers: { "x-liveperson-signature": `sha1=${secret}` },
      }),
      delivery("{bad json", { secret }),
      delivery(messaging([{ event: 1 }]), { secret }),
    ];
    for (const request of requests) {
      const response = await receiver.handle(request);
      bodies.push(await response.text(), JSON.stringify([...response.headers]));
    }
    await receiver.idle();
    const everything = [
      ...bodies,
      ...seen.map((item) =>
        typeof item === "string" ? item : inspect(item, { depth: 8, showHidden: true }),
      ),
      JSON.stringify(receiver.stats()),
      inspect(receiver, { depth: 8, showHidden: true }),
    ].join("\n");
    for (const value of [secret, "Pk2Rt8Vw4Xy6Zb3Qm9Ln1Sd7"]) {
      for (let i = 0; i + 8 <= value.length; i++) {
        expect(everything).not.toContain(value.slice(i, i + 8));
      }
    }
    expect(seen.length).toBeGreaterThan(5);
  });
});

it("the handler types follow the event kind (compile-time check)", () => {
  createWebhookReceiver({
    ...base,
    onContent: (e) => {
      const message: unknown = e.change.event.message;
      void message;
    },
    onAcceptStatus: (e) => void e.change.event.sequenceList.map((n: number) => n + 1),
    onChatState: (e) => void e.change.event.chatState.toLowerCase(),
    onConversationChange: (e) => void e.change.result.convId.length,
    onEvent: (e: WebhookEvent) => void e.kind,
  });
});
