import { describe, expect, it } from "vitest";
import { untilAborted } from "./index.js";

describe("untilAborted", () => {
  it("settles like the promise while the signal stays quiet", async () => {
    expect(await untilAborted(Promise.resolve(1), new AbortController().signal)).toBe(1);
    await expect(untilAborted(Promise.reject(new Error("x")), new AbortController().signal)).rejects.toThrow(
      "x",
    );
  });

  it("rejects with the signal's reason at once, and releases what arrives late", async () => {
    const controller = new AbortController();
    let deliver: (value: string) => void = () => {};
    const late = new Promise<string>((resolve) => {
      deliver = resolve;
    });
    const released: string[] = [];
    const raced = untilAborted(late, controller.signal, (value) => released.push(value));
    controller.abort(new Error("deadline"));
    await expect(raced).rejects.toThrow("deadline");
    deliver("body");
    await late;
    expect(released).toEqual(["body"]);
  });

  it("rejects at once when the signal is already aborted", async () => {
    await expect(untilAborted(new Promise(() => {}), AbortSignal.abort(new Error("gone")))).rejects.toThrow(
      "gone",
    );
  });
});
