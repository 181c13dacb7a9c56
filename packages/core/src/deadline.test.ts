import { afterEach, describe, expect, it, vi } from "vitest";
import { AbortError, fetchTransport, TimeoutError, type Transport } from "./index.js";
import { abortedBy, deadlineOf, exchange, signalDeadline, startDeadline } from "./internal.js";

/** Counts the AbortControllers made while `run` runs. */
async function controllersMadeBy(run: () => Promise<unknown>): Promise<number> {
  const Original = globalThis.AbortController;
  let made = 0;
  globalThis.AbortController = class extends Original {
    constructor() {
      super();
      made++;
    }
  };
  try {
    await run();
  } finally {
    globalThis.AbortController = Original;
  }
  return made;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("startDeadline", () => {
  it("ends with a TimeoutError when time is up, telling each listener once", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const deadline = startDeadline(1_000, undefined);
    const heard: string[] = [];
    deadline.subscribe(() => heard.push("a"));
    const b = () => heard.push("b");
    deadline.subscribe(b);
    deadline.subscribe(() => heard.push("c"));
    deadline.unsubscribe(b);
    await vi.advanceTimersByTimeAsync(999);
    expect(deadline.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(deadline.aborted).toBe(true);
    expect(deadline.reason).toBeInstanceOf(TimeoutError);
    expect(deadline.reason).toMatchObject({ timeoutMs: 1_000 });
    expect(heard).toEqual(["a", "c"]);
    // A signal asked for afterwards is already aborted, with the same reason.
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.signal.reason).toBe(deadline.reason);
    deadline.subscribe(() => heard.push("late"));
    expect(heard).toEqual(["a", "c"]);
  });

  it("ends with an AbortError when the caller aborts, also when it already has", () => {
    const caller = new AbortController();
    const deadline = startDeadline(60_000, caller.signal);
    const signal = deadline.signal;
    caller.abort(new Error("caller's own reason"));
    expect(deadline.reason).toBeInstanceOf(AbortError);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(deadline.reason);
    expect(startDeadline(60_000, AbortSignal.abort()).reason).toBeInstanceOf(AbortError);
  });

  it("clear() stops the timer and the caller's listener: nothing ends afterwards", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const caller = new AbortController();
    const deadline = startDeadline(100, caller.signal);
    const signal = deadline.signal;
    let heard = 0;
    deadline.subscribe(() => heard++);
    deadline.clear();
    caller.abort();
    await vi.advanceTimersByTimeAsync(1_000);
    expect([deadline.aborted, signal.aborted, heard]).toEqual([false, false, 0]);
  });

  it("with 0 ms only the caller ends it", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const caller = new AbortController();
    const deadline = startDeadline(0, caller.signal);
    await vi.advanceTimersByTimeAsync(10_000_000);
    expect(deadline.aborted).toBe(false);
    caller.abort();
    expect(deadline.reason).toBeInstanceOf(AbortError);
  });

  it("makes no AbortController until its signal is read", async () => {
    expect(
      await controllersMadeBy(async () => {
        const deadline = startDeadline(1_000, undefined);
        deadline.subscribe(() => {});
        deadline.clear();
      }),
    ).toBe(0);
    expect(
      await controllersMadeBy(async () => {
        const deadline = startDeadline(1_000, undefined);
        expect(deadline.signal).toBe(deadline.signal);
        deadline.clear();
      }),
    ).toBe(1);
  });
});

describe("signalDeadline", () => {
  it("is the signal itself: same aborted state, same reason (a timeout stays a timeout)", () => {
    const controller = new AbortController();
    const deadline = signalDeadline(controller.signal);
    let heard = 0;
    deadline.subscribe(() => heard++);
    expect(deadline.signal).toBe(controller.signal);
    const reason = new TimeoutError("no answer within 5 ms", 5);
    controller.abort(reason);
    expect([deadline.aborted, deadline.reason, heard]).toEqual([true, reason, 1]);
    expect(abortedBy(deadline, "lookup", "https://h.test:443")).toMatchObject({
      name: "TimeoutError",
      message: "lookup: no answer from https://h.test:443 within 5 ms",
    });
  });
});

describe("exchange and deadlines", () => {
  const answer = { status: 200, statusText: "OK", headers: new Headers(), body: "{}" };
  const url = "https://api.example.test/x";

  it("hands the transport its deadline; a transport that follows it makes no AbortController", async () => {
    let seen: unknown;
    const following: Transport = {
      async send(request) {
        seen = deadlineOf(request);
        return answer;
      },
    };
    const made = await controllersMadeBy(() =>
      exchange(
        { method: "GET", url, headers: {} },
        { transport: following, timeoutMs: 1_000, maxBodyBytes: 100, what: "call" },
      ),
    );
    expect(made).toBe(0);
    expect(seen).toMatchObject({ aborted: false });
  });

  it("uses the caller's deadline as is with timeoutMs 0, and maps its end to its reason", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const deadline = startDeadline(200, undefined);
    const hanging = fetchTransport(() => new Promise<Response>(() => {}));
    const pending = exchange(
      { method: "GET", url, headers: {} },
      { transport: hanging, timeoutMs: 0, deadline, maxBodyBytes: 100, what: "faasGW invoke" },
    ).catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(200);
    expect(await pending).toMatchObject({
      name: "TimeoutError",
      message: "faasGW invoke: no answer from https://api.example.test:443 within 200 ms",
    });
  });

  it("a request spread into a new object keeps its signal and its deadline", async () => {
    let copy: { signal: AbortSignal } | undefined;
    const wrapping: Transport = {
      async send(request) {
        const spread = { ...request, headers: { ...request.headers, "x-extra": "1" } };
        copy = spread;
        expect(deadlineOf(spread)).toBe(deadlineOf(request));
        return answer;
      },
    };
    await exchange(
      { method: "GET", url, headers: {} },
      { transport: wrapping, timeoutMs: 1_000, maxBodyBytes: 100, what: "call" },
    );
    expect(copy?.signal).toBeInstanceOf(AbortSignal);
  });
});
