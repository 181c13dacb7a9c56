import { getEventListeners } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import { AbortError } from "./index.js";
import { defaultSleep, onAbort, startDeadline } from "./internal.js";

const listeners = (signal: AbortSignal) => getEventListeners(signal, "abort").length;

/** The process warnings emitted while `run` runs (and one macrotask after: warnings come on nextTick). */
async function warningsDuring(run: () => void | Promise<void>): Promise<string[]> {
  const seen: string[] = [];
  const record = (warning: Error) => seen.push(`${warning.name}: ${warning.message}`);
  process.on("warning", record);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 0));
  } finally {
    process.off("warning", record);
  }
  return seen;
}

const controllers: AbortController[] = [];
afterEach(() => {
  for (const controller of controllers.splice(0)) {
    controller.abort();
  }
});
function sharedSignal(): AbortController {
  const controller = new AbortController();
  controllers.push(controller);
  return controller;
}

describe("onAbort: one listener per signal", () => {
  it("a thousand waiters hold one abort listener, and none once they have all stopped", () => {
    const { signal } = sharedSignal();
    const stops = Array.from({ length: 1_000 }, () => onAbort(signal, () => {}));
    expect(listeners(signal)).toBe(1);
    for (const stop of stops.slice(0, 999)) {
      stop();
    }
    expect(listeners(signal)).toBe(1);
    stops[999]?.();
    expect(listeners(signal)).toBe(0);
    // Stopping twice is harmless; a new waiter brings the listener back.
    stops[0]?.();
    const again = onAbort(signal, () => {});
    expect(listeners(signal)).toBe(1);
    again();
    expect(listeners(signal)).toBe(0);
  });

  it("an abort calls each waiting listener once, in order, not the stopped ones, and leaves no listener", () => {
    const controller = sharedSignal();
    const calls: string[] = [];
    const same = () => calls.push("same");
    onAbort(controller.signal, () => calls.push("a"));
    const stopB = onAbort(controller.signal, () => calls.push("b"));
    onAbort(controller.signal, same);
    onAbort(controller.signal, same);
    stopB();
    controller.abort();
    controller.abort();
    expect(calls).toEqual(["a", "same", "same"]);
    expect(listeners(controller.signal)).toBe(0);
  });

  it("never calls a listener for a signal that has already aborted", () => {
    const calls: number[] = [];
    const stop = onAbort(AbortSignal.abort(), () => calls.push(1));
    stop();
    expect(calls).toEqual([]);
  });
});

describe("waiters on one shared signal (the MaxListenersExceededWarning of the 1,000-consumer soak)", () => {
  it("many deadlines on one caller signal: one listener, no warning; an abort ends them all", async () => {
    const controller = sharedSignal();
    const deadlines: ReturnType<typeof startDeadline>[] = [];
    const warnings = await warningsDuring(() => {
      for (let i = 0; i < 50; i++) {
        deadlines.push(startDeadline(60_000, controller.signal));
      }
    });
    expect(warnings.filter((w) => w.startsWith("MaxListenersExceededWarning"))).toEqual([]);
    expect(listeners(controller.signal)).toBe(1);
    for (const deadline of deadlines.slice(25)) {
      deadline.clear();
    }
    controller.abort();
    expect(deadlines.slice(0, 25).every((d) => d.aborted && d.reason instanceof AbortError)).toBe(true);
    expect(deadlines.slice(25).some((d) => d.aborted)).toBe(false);
    expect(listeners(controller.signal)).toBe(0);
  });

  it("a cleared deadline leaves no listener on its caller's signal", () => {
    const { signal } = sharedSignal();
    const deadlines = Array.from({ length: 20 }, () => startDeadline(60_000, signal));
    for (const deadline of deadlines) {
      deadline.clear();
    }
    expect(listeners(signal)).toBe(0);
  });

  it("many back-offs on one signal: one listener, gone when they end; an abort rejects the waiting ones", async () => {
    const controller = sharedSignal();
    let sleeps: Promise<void>[] = [];
    const warnings = await warningsDuring(() => {
      sleeps = Array.from({ length: 30 }, (_, i) => defaultSleep(i < 15 ? 1 : 60_000, controller.signal));
    });
    expect(warnings.filter((w) => w.startsWith("MaxListenersExceededWarning"))).toEqual([]);
    expect(listeners(controller.signal)).toBe(1);
    await Promise.all(sleeps.slice(0, 15));
    expect(listeners(controller.signal)).toBe(1);
    controller.abort();
    const late = await Promise.allSettled(sleeps.slice(15));
    expect(late.every((r) => r.status === "rejected" && r.reason instanceof AbortError)).toBe(true);
    expect(listeners(controller.signal)).toBe(0);
    const { signal } = sharedSignal();
    await Promise.all(Array.from({ length: 12 }, () => defaultSleep(1, signal)));
    expect(listeners(signal)).toBe(0);
  });
});
