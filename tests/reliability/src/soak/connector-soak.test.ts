/**
 * The Connector soak: many sends across many consumers through `createLivePersonConnector`, with
 * seeded faults on the IdP, CONVERSATION and SEND (503s, 429s, resets) → no message duplicated (the
 * emulator records every consumer text), no failure that is not a typed lpkit error owed to a fault,
 * one ConsumerJWS issued per consumer, one conversation per consumer. In the suite: 300 sends
 * across 30 consumers; `LPKIT_CONNECTOR_SOAK_SENDS=10000 LPKIT_CONNECTOR_SOAK_CONSUMERS=1000` for
 * the full figure. Counts only, never time (sleeps are recorded, nothing waits).
 */
import { isLpkitError } from "@lpkit/core";
import { expect } from "vitest";
import { connectorScenario, useConnectorEmulator } from "../harness/connector-world.js";

const SENDS = Number(process.env.LPKIT_CONNECTOR_SOAK_SENDS ?? 300);
const CONSUMERS = Number(process.env.LPKIT_CONNECTOR_SOAK_CONSUMERS ?? 30);
const CONCURRENCY = 32;
const env = useConnectorEmulator();

connectorScenario(
  env,
  `soak: ${SENDS} sends across ${CONSUMERS} consumers with 5 % faults → 0 duplicated messages, 0 untyped failures, 1 ConsumerJWS per consumer`,
  async (w) => {
    const faults = [
      { route: "idp.consumerJws", status: 503, probability: 0.05, seed: 1 },
      { route: "connector.conversation", status: 503, probability: 0.05, seed: 2 },
      { route: "connector.send", status: 503, probability: 0.02, seed: 3 },
      { route: "connector.send", status: 429, retryAfter: 1, probability: 0.02, seed: 4 },
      { route: "connector.send", kind: "reset", probability: 0.01, seed: 5 },
    ] as const;
    for (const fault of faults) {
      w.emulator.fault(fault);
    }
    const perConsumer = Math.ceil(SENDS / CONSUMERS);
    const jobs = Array.from({ length: SENDS }, (_, i) => ({ ext: `soak-${i % CONSUMERS}`, text: `m${i}` }));
    const failures: unknown[] = [];
    let ok = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++] as { ext: string; text: string };
          try {
            await w.connector.sendText(job.ext, job.text);
            ok += 1;
          } catch (error) {
            failures.push(error);
          }
        }
      }),
    );
    w.leaks.observe("soak failures", failures);
    // Every failure is a typed lpkit error, owed to an injected fault (503 not retried, a reset).
    const untyped = failures.filter((e) => !isLpkitError(e));
    expect(untyped).toEqual([]);
    const codes = new Set(failures.map((e) => (e as { code: string }).code));
    expect([...codes].filter((code) => code !== "ERR_CONNECTOR_API" && code !== "ERR_NETWORK")).toEqual([]);
    expect(ok + failures.length).toBe(SENDS);
    expect(ok).toBeGreaterThan(SENDS * 0.85);
    // No text duplicated, and every acknowledged send arrived.
    const texts = w.emulator.connector
      .conversations()
      .flatMap((c) => c.events.filter((e) => e.role === "CONSUMER" && e.type === "ContentEvent"))
      .map((e) => String(e.event.message));
    expect(texts.length - new Set(texts).size).toBe(0);
    expect(texts.length).toBeGreaterThanOrEqual(ok);
    // One ConsumerJWS and one open conversation per consumer.
    const issued = w.emulator.stats().connector.consumerJws.issuedByConsumer;
    const soakIssued = Object.entries(issued).filter(([key]) => key.includes(" soak-"));
    expect(soakIssued).toHaveLength(CONSUMERS);
    expect(soakIssued.every(([, count]) => count === 1)).toBe(true);
    expect(w.connector.stats().consumerJws.fetched).toBe(CONSUMERS);
    const open = w.emulator.connector.conversations().filter((c) => c.state === "OPEN");
    expect(open.length).toBeLessThanOrEqual(CONSUMERS);
    // Back-offs only where LivePerson allows them: a 429 waits at least 1 s.
    expect(w.sleeps.every((ms) => ms >= 1_000)).toBe(true);
    console.log(
      `connector soak: ${SENDS} sends, ${CONSUMERS} consumers (${perConsumer} each): ${ok} ok, ${failures.length} typed failures, ${texts.length - new Set(texts).size} duplicates, ${w.requests("idp.consumerJws")} IdP requests, ${w.connector.stats().consumerJws.fetched} ConsumerJWS fetched, ${w.requests("connector.send")} SEND requests`,
    );
  },
);
