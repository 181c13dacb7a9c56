/**
 * Runs the steps in order, timing each one and judging it: a step passes when it ran to the end
 * and every check it made held. When an essential step (hosts, token) fails, the later steps are
 * not run — they would only fail for the same reason.
 *
 * @module
 */
import type { Reporter } from "./output/reporter.js";
import { describeError } from "./session/describe-error.js";
import type { Check, DemoContext, DemoStep, StepOutcome, StepRecorder } from "./steps/types.js";

/**
 * What the walk-through needs besides the steps.
 *
 * @example
 * ```ts
 * await runWalkthrough(context, DEMO_STEPS, { reporter, clock: () => performance.now() });
 * ```
 */
export interface WalkthroughOptions {
  readonly reporter: Reporter;
  /** Clock for step timings; default `performance.now`. */
  readonly clock?: (() => number) | undefined;
}

/**
 * What any walk-through's context carries: the mode and the values never to print (for errors).
 *
 * @example
 * ```ts
 * const context: WalkthroughContext = { target: { mode: "emulator", secrets: [clientSecret] } };
 * ```
 */
export interface WalkthroughContext {
  readonly target: { readonly mode: "emulator" | "live"; readonly secrets: readonly string[] };
}

/**
 * A step of a walk-through over context `C` (the seven-step demo's are {@link DemoStep}s).
 *
 * @example
 * ```ts
 * const step: WalkthroughStep<MyContext> = { id: "x", title: "X", essential: false, run: async (_c, out) => out.say("x") };
 * ```
 */
export type WalkthroughStep<C> = Omit<DemoStep, "run"> & {
  run(context: C, out: StepRecorder): Promise<void>;
};

/**
 * Runs `steps` against `context`, reporting each one; returns their outcomes.
 *
 * @example
 * ```ts
 * const outcomes = await runWalkthrough(context, DEMO_STEPS, { reporter });
 * const ok = outcomes.every((o) => o.status === "passed" || o.status === "skipped");
 * ```
 */
export async function runWalkthrough<C extends WalkthroughContext = DemoContext>(
  context: C,
  steps: readonly WalkthroughStep<C>[],
  options: WalkthroughOptions,
): Promise<StepOutcome[]> {
  const clock = options.clock ?? (() => performance.now());
  const outcomes: StepOutcome[] = [];
  let blockedBy: number | undefined;
  for (const [index, step] of steps.entries()) {
    const number = index + 1;
    if (blockedBy !== undefined) {
      const outcome: StepOutcome = {
        number,
        id: step.id,
        title: step.title,
        status: "not-run",
        durationMs: 0,
        lines: [],
        details: {},
        checks: [],
        reason: `step ${blockedBy} failed`,
      };
      outcomes.push(outcome);
      options.reporter.stepFinished(outcome, steps.length);
      continue;
    }
    options.reporter.stepStarted({ number, total: steps.length, id: step.id, title: step.title });
    const lines: string[] = [];
    const details: Record<string, unknown> = {};
    const checks: Check[] = [];
    let skipReason: string | undefined;
    const recorder: StepRecorder = {
      say: (...text) => {
        lines.push(...text);
      },
      detail: (key, value) => {
        details[key] = value;
      },
      check: (name, ok, detail) => {
        checks.push(detail === undefined ? { name, ok } : { name, ok, detail });
        return ok;
      },
      skip: (reason) => {
        skipReason = reason;
      },
    };
    const started = clock();
    let error: unknown;
    let threw = false;
    try {
      await step.run(context, recorder);
    } catch (caught) {
      threw = true;
      error = caught;
    }
    const durationMs = clock() - started;
    const failed = threw || checks.some((check) => !check.ok);
    const status = failed ? "failed" : skipReason !== undefined ? "skipped" : "passed";
    const outcome: StepOutcome = {
      number,
      id: step.id,
      title: step.title,
      status,
      durationMs,
      lines,
      details,
      checks,
      ...(status === "skipped" ? { reason: skipReason } : {}),
      ...(threw ? { error: describeError(error, context.target.mode, context.target.secrets) } : {}),
    };
    outcomes.push(outcome);
    options.reporter.stepFinished(outcome, steps.length);
    if (failed && step.essential) {
      blockedBy = number;
    }
  }
  return outcomes;
}
