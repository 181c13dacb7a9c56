import { getEventListeners } from "node:events";
import { AbortError } from "@lpkit/core";
import { afterAll, describe, expect, it } from "vitest";
import { createSingleFlight, waitFor } from "./single-flight.js";
import { flush } from "./test-support/fake-clock.js";
import { assertCollectedSecretFree, expectFailure } from "./test-support/secrets.js";
import { setup } from "./test-support/setup.js";

afterAll(assertCollectedSecretFree);

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("4. single flight", () => {
  it("4. single flight: N=50 concurrent getToken() on a cold cache cause exactly one token request", async () => {
    const { lp, manager, eventsOf } = setup();
    lp.hold("token");
    const calls = Array.from({ length: 50 }, () => manager.getToken());
    await lp.waitForRequests("token", 1);
    await flush();
    lp.release("token");
    const tokens = await Promise.all(calls);
    expect(lp.requests("token")).toHaveLength(1);
    expect(new Set(tokens.map((t) => t.accessToken)).size).toBe(1);
    expect(eventsOf("token-fetched")).toHaveLength(1);
  });

  it("4. single flight: one caller's abort ends only its own wait, never the shared request", async () => {
    const { lp, manager } = setup();
    lp.hold("token");
    const controller = new AbortController();
    const aborted = manager.getToken({ signal: controller.signal });
    const patient = manager.getToken();
    await lp.waitForRequests("token", 1);
    controller.abort();
    const error = await expectFailure(aborted);
    expect(error).toBeInstanceOf(AbortError);
    lp.release("token"); // the fake fails the request if its signal was aborted
    const token = await patient;
    expect(token.accessToken).toMatch(/^eyJ/);
    expect(lp.requests("token")).toHaveLength(1);
    // and the token is cached for the caller who gave up
    expect((await manager.getToken()).accessToken).toBe(token.accessToken);
  });

  it("4. single flight: an abort during a hard-window wait does not cancel the refresh", async () => {
    const { clock, lp, manager } = setup();
    const old = await manager.getToken();
    clock.set(old.expiresAt - 1_000);
    lp.hold("token");
    const controller = new AbortController();
    const waiting = manager.getToken({ signal: controller.signal });
    await lp.waitForRequests("token", 2);
    controller.abort();
    expect(await expectFailure(waiting)).toBeInstanceOf(AbortError);
    lp.release("token");
    const fresh = await manager.getToken();
    expect(fresh.accessToken).not.toBe(old.accessToken);
    expect(lp.requests("token")).toHaveLength(2);
  });

  it("4. single flight: an already-aborted signal fails at once without any request", async () => {
    const { lp, manager } = setup();
    const error = await expectFailure(manager.getToken({ signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(AbortError);
    expect(lp.all).toHaveLength(0);
  });

  it("4. single flight: two managers never share a flight (per instance, not module-global)", async () => {
    const a = setup();
    const b = setup({}, { clock: a.clock, lp: a.lp });
    await Promise.all([a.manager.getToken(), b.manager.getToken()]);
    expect(a.lp.requests("token")).toHaveLength(2);
  });

  it("4. single flight: createSingleFlight shares one run per key and forgets it once settled", async () => {
    const flights = createSingleFlight<number>();
    const gate = deferred<number>();
    let runs = 0;
    const work = () => {
      runs += 1;
      return gate.promise;
    };
    const p1 = flights.run("k", work);
    const p2 = flights.run("k", work);
    const other = flights.run("other", async () => 7);
    expect(flights.size).toBe(2);
    gate.resolve(42);
    expect(await Promise.all([p1, p2, other])).toEqual([42, 42, 7]);
    expect(runs).toBe(1);
    expect(flights.size).toBe(0);
    expect(await flights.run("k", async () => 43)).toBe(43);
  });

  it("4. single flight: waitFor rejects with AbortError for the aborting caller only", async () => {
    const gate = deferred<string>();
    const controller = new AbortController();
    const mine = waitFor(gate.promise, controller.signal);
    const theirs = waitFor(gate.promise, undefined);
    controller.abort();
    expect(await expectFailure(mine)).toBeInstanceOf(AbortError);
    gate.resolve("done");
    expect(await theirs).toBe("done");
  });
});

describe("4. single flight: waiters on one shared signal", () => {
  it("a hundred waits on one signal hold one abort listener, gone when the shared work settles", async () => {
    const controller = new AbortController();
    let finish = (_value: string) => {};
    const work = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const waits = Array.from({ length: 100 }, () => waitFor(work, controller.signal));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(1);
    finish("done");
    expect(await Promise.all(waits)).toEqual(Array(100).fill("done"));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });
});
