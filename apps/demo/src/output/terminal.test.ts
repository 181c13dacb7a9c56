import { describe, expect, it } from "vitest";
import { collect } from "../test-support/streams.js";
import { guardStream, paint, terminalStyle } from "./terminal.js";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

describe("terminalStyle", () => {
  it("colours and shows progress on a terminal, neither when piped", () => {
    expect(terminalStyle(collect(true), {})).toEqual({ color: true, progress: true });
    expect(terminalStyle(collect(false), {})).toEqual({ color: false, progress: false });
  });

  it("respects NO_COLOR and FORCE_COLOR", () => {
    expect(terminalStyle(collect(true), { NO_COLOR: "1" })).toEqual({ color: false, progress: true });
    expect(terminalStyle(collect(true), { NO_COLOR: "" })).toEqual({ color: true, progress: true });
    expect(terminalStyle(collect(false), { FORCE_COLOR: "1" })).toEqual({ color: true, progress: false });
    expect(terminalStyle(collect(false), { FORCE_COLOR: "" })).toEqual({ color: true, progress: false });
    expect(terminalStyle(collect(true), { FORCE_COLOR: "0" })).toEqual({ color: false, progress: true });
    expect(terminalStyle(collect(true), { FORCE_COLOR: "false", NO_COLOR: "" })).toEqual({
      color: false,
      progress: true,
    });
    // FORCE_COLOR wins over NO_COLOR
    expect(terminalStyle(collect(false), { FORCE_COLOR: "1", NO_COLOR: "1" }).color).toBe(true);
  });

  it("treats TERM=dumb as no colour and no progress", () => {
    expect(terminalStyle(collect(true), { TERM: "dumb" })).toEqual({ color: false, progress: false });
  });
});

describe("paint", () => {
  it("wraps in ANSI codes only when colour is on", () => {
    expect(paint(true).green("ok")).toBe("\u001b[32mok\u001b[39m");
    expect(paint(true).bold("b")).toBe("\u001b[1mb\u001b[22m");
    expect(paint(false).red("x")).toBe("x");
  });
});

describe("guardStream", () => {
  it("redacts secrets and JWTs from every write", () => {
    const sink = collect();
    const out = guardStream(sink, { secrets: () => ["hunter2-secret"] });
    out.write(`secret=hunter2-secret token=${JWT}\n`);
    expect(sink.text()).toBe("secret=[REDACTED] token=[REDACTED]\n");
  });

  it("can let tokens through while still hiding the secret", () => {
    const sink = collect();
    const out = guardStream(sink, { secrets: () => ["hunter2-secret"], hideTokens: false });
    out.write(`${JWT} hunter2-secret`);
    expect(sink.text()).toBe(`${JWT} [REDACTED]`);
  });

  it("reads the secrets at write time and keeps the stream's TTY flag", () => {
    const secrets: string[] = [];
    const sink = collect(true);
    const out = guardStream(sink, { secrets: () => secrets });
    secrets.push("added-later-secret");
    out.write("added-later-secret");
    expect(sink.text()).toBe("[REDACTED]");
    expect(out.isTTY).toBe(true);
  });
});
