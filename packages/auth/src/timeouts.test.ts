import { AbortError, TimeoutError } from "@lpkit/core";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createDomainResolver } from "./domain-resolver.js";
import { ACCOUNT } from "./test-support/fake-liveperson.js";
import { assertCollectedSecretFree, expectFailure } from "./test-support/secrets.js";
import { setup } from "./test-support/setup.js";

afterAll(assertCollectedSecretFree);
afterEach(() => {
  vi.useRealTimers();
});

/** A server that never answers; it only gives up when the request's signal aborts. */
const silent = (request: Request) =>
  new Promise<Response>((_resolve, reject) => {
    request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true });
  });

describe("7. timeouts", () => {
  // Request deadlines are real timers inside the clients, so these tests fake the timer functions
  // (the only place this package's tests do) and move them forward — no real waiting.
  it("7. timeouts: every token request has a default timeout of 10 s", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const { manager } = setup({ fetch: silent, retry: { maxRetries: 0 } });
    let settled = false;
    const pending = expectFailure(manager.getToken()).finally(() => {
      settled = true;
    });
    await vi.advanceTimersByTimeAsync(9_999);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const error = await pending;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ timeoutMs: 10_000 });
  });

  it("7. timeouts: timeoutMs sets it; a timed-out attempt is retried", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    let calls = 0;
    const fetch = async (request: Request) => {
      calls += 1;
      return silent(request);
    };
    const { manager, eventsOf } = setup({ fetch, timeoutMs: 2_000 });
    const pending = expectFailure(manager.getToken());
    await vi.advanceTimersByTimeAsync(6_000);
    expect(await pending).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: 2_000 });
    expect(calls).toBe(3);
    expect(eventsOf("retry-scheduled").map((e) => e.error.code)).toEqual(["ERR_TIMEOUT", "ERR_TIMEOUT"]);
  });

  it("7. timeouts: every call takes a per-call signal", async () => {
    const { lp, manager } = setup();
    lp.hold("token");
    const controller = new AbortController();
    const pending = manager.getToken({ signal: controller.signal });
    await lp.waitForRequests("token", 1);
    controller.abort();
    expect(await expectFailure(pending)).toBeInstanceOf(AbortError);
    expect(await expectFailure(manager.authorization({ signal: AbortSignal.abort() }))).toBeInstanceOf(
      AbortError,
    );
    lp.release("token");
  });

  it("7. timeouts: Domain API lookups have a timeout too", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const resolver = createDomainResolver({ accountId: ACCOUNT, fetch: silent, timeoutMs: 3_000 });
    const pending = expectFailure(resolver.resolve("sentinel"));
    await vi.advanceTimersByTimeAsync(3_000);
    expect(await pending).toMatchObject({ code: "ERR_TIMEOUT", timeoutMs: 3_000 });
  });
});
