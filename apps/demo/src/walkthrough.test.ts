import { TokenRequestError } from "@lpkit/core";
import { describe, expect, it } from "vitest";
import { createReporter } from "./output/reporter.js";
import type { DemoContext, DemoStep, StepOutcome } from "./steps/types.js";
import { collect } from "./test-support/streams.js";
import { runWalkthrough } from "./walkthrough.js";

const context = { target: { mode: "live", secrets: ["hunter2-secret"] } } as unknown as DemoContext;

function step(id: string, essential: boolean, run: DemoStep["run"]): DemoStep {
  return { id, title: `step ${id}`, essential, run };
}

function recordingReporter() {
  const finished: StepOutcome[] = [];
  const started: string[] = [];
  return {
    finished,
    started,
    reporter: {
      begin() {},
      stepStarted: (s: { id: string }) => started.push(s.id),
      stepFinished: (outcome: StepOutcome) => finished.push(outcome),
      end() {},
    },
  };
}

describe("runWalkthrough", () => {
  it("passes a step whose checks hold, fails one whose check fails, and times each", async () => {
    let t = 0;
    const { reporter, finished } = recordingReporter();
    const outcomes = await runWalkthrough(
      context,
      [
        step("a", false, async (_c, out) => {
          t += 3;
          out.say("did a", "and more");
          out.detail("n", 1);
          out.check("a holds", true);
        }),
        step("b", false, async (_c, out) => {
          out.check("b holds", false, "it did not");
        }),
        step("c", false, async (_c, out) => {
          out.skip("emulator only: needs the clock");
        }),
      ],
      { reporter, clock: () => t },
    );
    expect(outcomes.map((o) => o.status)).toEqual(["passed", "failed", "skipped"]);
    expect(outcomes[0]).toMatchObject({
      number: 1,
      durationMs: 3,
      lines: ["did a", "and more"],
      details: { n: 1 },
      checks: [{ name: "a holds", ok: true }],
    });
    expect(outcomes[1]?.checks).toEqual([{ name: "b holds", ok: false, detail: "it did not" }]);
    expect(outcomes[2]?.reason).toBe("emulator only: needs the clock");
    expect(finished).toEqual(outcomes);
  });

  it("after an essential step fails, the rest are not run", async () => {
    const { reporter, started } = recordingReporter();
    let ran = false;
    const outcomes = await runWalkthrough(
      context,
      [
        step("token", true, async () => {
          throw new TokenRequestError("refused hunter2-secret", { status: 401 });
        }),
        step("later", false, async () => {
          ran = true;
        }),
      ],
      { reporter },
    );
    expect(ran).toBe(false);
    expect(started).toEqual(["token"]);
    expect(outcomes[0]).toMatchObject({
      status: "failed",
      error: {
        name: "TokenRequestError",
        code: "ERR_TOKEN_REQUEST",
        status: 401,
        message: "refused [REDACTED]",
      },
    });
    expect(outcomes[1]).toMatchObject({ status: "not-run", reason: "step 1 failed" });
  });

  it("a non-essential failure lets the next steps run", async () => {
    const { reporter } = recordingReporter();
    const outcomes = await runWalkthrough(
      context,
      [
        step("x", false, async () => {
          throw new Error("boom");
        }),
        step("y", false, async () => {}),
      ],
      { reporter },
    );
    expect(outcomes.map((o) => o.status)).toEqual(["failed", "passed"]);
  });
});

describe("reporters", () => {
  const outcomes: StepOutcome[] = [
    {
      number: 1,
      id: "a",
      title: "First",
      status: "passed",
      durationMs: 12,
      lines: ["line"],
      details: {},
      checks: [{ name: "ok", ok: true }],
    },
    {
      number: 2,
      id: "b",
      title: "Second",
      status: "failed",
      durationMs: 3,
      lines: [],
      details: {},
      checks: [{ name: "bad", ok: false, detail: "why" }],
      error: { name: "NetworkError", code: "ERR_NETWORK", message: "down", hint: "check it" },
    },
    {
      number: 3,
      id: "c",
      title: "Third",
      status: "not-run",
      durationMs: 0,
      lines: [],
      details: {},
      checks: [],
      reason: "step 2 failed",
    },
  ];

  it("text: one block per step, failures explained, a closing line with the exit status", () => {
    const stdout = collect();
    const reporter = createReporter("text", {
      stdout,
      stderr: collect(),
      style: { color: false, progress: false },
    });
    reporter.begin({ mode: "live", lines: ["title", "sub"], target: {} });
    for (const outcome of outcomes) {
      reporter.stepFinished(outcome, 3);
    }
    reporter.end({ ok: false, exitCode: 1, durationMs: 20, steps: outcomes });
    expect(stdout.text()).toBe(
      [
        "title",
        "sub",
        "",
        "[1/3] First — passed in 12 ms",
        "      line",
        "      ✓ ok",
        "",
        "[2/3] Second — FAILED in 3.0 ms",
        "      ✗ bad (why)",
        "      error: NetworkError ERR_NETWORK: down",
        "      hint: check it",
        "",
        "[3/3] Third — not run (step 2 failed)",
        "",
        "Failed: step 2 did not do what it should — 1 passed, 1 failed, 1 not run in 20 ms (exit status 1).",
        "",
      ].join("\n"),
    );
  });

  it("json: one document at the end, nothing before", () => {
    const stdout = collect();
    const reporter = createReporter("json", {
      stdout,
      stderr: collect(),
      style: { color: false, progress: false },
    });
    reporter.begin({ mode: "live", lines: [], target: { accountId: "1" } });
    reporter.stepStarted({ number: 1, total: 3, id: "a", title: "First" });
    reporter.stepFinished(outcomes[0] as StepOutcome, 3);
    expect(stdout.text()).toBe("");
    reporter.end({ ok: false, exitCode: 1, durationMs: 20.04, steps: outcomes });
    const doc = JSON.parse(stdout.text());
    expect(doc).toMatchObject({
      tool: "lpkit-demo",
      schemaVersion: 1,
      mode: "live",
      ok: false,
      exitCode: 1,
      durationMs: 20,
    });
    expect(doc.steps[1]).toMatchObject({ status: "failed", error: { code: "ERR_NETWORK" } });
    expect(doc.steps[2]).toMatchObject({ status: "not-run", reason: "step 2 failed" });
  });
});
