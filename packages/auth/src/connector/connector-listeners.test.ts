/**
 * The facade's lifetime signal is shared by every ConsumerJWS fetch and conversation opening in
 * flight (each waits on the resolver's shared lookup, each IdP / Send API request has a deadline
 * that follows it). The 1,000-consumer soak printed `MaxListenersExceededWarning: 11 abort
 * listeners added to [AbortSignal]`: one listener per waiter. Now a signal carries one listener for
 * all its waiters (core's `onAbort`), each waiter leaving when it settles.
 */
import { afterAll, expect, it } from "vitest";
import { connectorSetup } from "../test-support/connector-setup.js";
import { createFakeConnector } from "../test-support/fake-connector.js";
import { assertCollectedSecretFree } from "../test-support/secrets.js";

afterAll(assertCollectedSecretFree);

const CONSUMERS = 60;

it(`${CONSUMERS} new consumers at once: no MaxListenersExceededWarning on the facade's shared signal`, async () => {
  const warnings: string[] = [];
  const record = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
  process.on("warning", record);
  const fake = createFakeConnector();
  let entered = 0;
  let release = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  // Every IdP request is held until all of them are in flight (then the fake's rules answer).
  const held = async () => {
    entered += 1;
    await gate;
    return undefined as unknown as Response;
  };
  fake.script("idp", ...Array.from({ length: CONSUMERS }, () => held));
  const { connector } = connectorSetup({}, fake);
  try {
    const sends = Array.from({ length: CONSUMERS }, (_, i) => connector.sendText(`user-${i}`, `m${i}`));
    // Hang guard only: the requests reach the fake within a few turns.
    for (let waited = 0; entered < CONSUMERS && waited < 60_000; waited += 10) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(entered).toBe(CONSUMERS);
    release();
    const results = await Promise.all(sends);
    expect(results.every((result) => result.created)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 0)); // warnings are emitted on a later tick
    expect(warnings.filter((warning) => warning.startsWith("MaxListenersExceededWarning"))).toEqual([]);
  } finally {
    process.off("warning", record);
    connector.dispose();
  }
});
