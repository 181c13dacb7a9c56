/**
 * What a walk-through step is, what it gets to work with, and what it reports.
 *
 * @module
 */
import type { AccessToken, AuthEvent, LivePersonFunctions } from "@lpkit/auth";
import type { ErrorReport } from "../session/describe-error.js";
import type { Target } from "../session/target.js";

/**
 * One expectation a step checked.
 *
 * @example
 * ```ts
 * const check: Check = { name: "no further token requests", ok: true };
 * ```
 */
export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string | undefined;
}

/**
 * How a step ended. `not-run`: an earlier step it depends on failed.
 *
 * @example
 * ```ts
 * const ok = (status: StepStatus) => status === "passed" || status === "skipped";
 * ```
 */
export type StepStatus = "passed" | "failed" | "skipped" | "not-run";

/**
 * A finished step, as the reporters print it.
 *
 * @example
 * ```ts
 * const failed = outcomes.filter((outcome: StepOutcome) => outcome.status === "failed");
 * ```
 */
export interface StepOutcome {
  readonly number: number;
  readonly id: string;
  readonly title: string;
  readonly status: StepStatus;
  readonly durationMs: number;
  /** What the step did, line by line, for people. */
  readonly lines: readonly string[];
  /** The same facts for scripts. */
  readonly details: Readonly<Record<string, unknown>>;
  readonly checks: readonly Check[];
  /** Why the step was skipped or not run. */
  readonly reason?: string | undefined;
  /** What went wrong, when the step threw. */
  readonly error?: ErrorReport | undefined;
}

/**
 * What the steps share: the target, the wired clients, the events, and facts earlier steps found.
 *
 * @example
 * ```ts
 * const host = await context.lp.resolver.resolve("faasGW");
 * ```
 */
export interface DemoContext {
  readonly target: Target;
  readonly lp: LivePersonFunctions;
  /** Every `@lpkit/auth` event so far. */
  readonly events: readonly AuthEvent[];
  readonly state: DemoState;
}

/**
 * Facts the steps hand on to later steps.
 *
 * @example
 * ```ts
 * context.state.token = await context.lp.tokenManager.getToken();
 * ```
 */
export interface DemoState {
  sentinelHost: string | undefined;
  faasHost: string | undefined;
  token: AccessToken | undefined;
  /** Whether step 4 saw a background refresh. */
  refreshed: boolean;
  /** Client-side latency of every invocation call (ms), successful or not. */
  readonly invocationMs: number[];
  /** Calls made to fail on purpose (step 6): not counted as unexpected failures. */
  expectedFailures: number;
}

/**
 * How a step reports while it runs.
 *
 * @example
 * ```ts
 * out.say("what happened");
 * out.detail("calls", 5);
 * out.check("no further token requests", requests === 0, `${requests} requests`);
 * ```
 */
export interface StepRecorder {
  /** Lines of what happened. */
  say(...lines: string[]): void;
  /** A machine-readable fact (`--json`). */
  detail(key: string, value: unknown): void;
  /** Records an expectation; the step fails if any check fails. Returns `ok`. */
  check(name: string, ok: boolean, detail?: string): boolean;
  /** Marks the whole step skipped (e.g. emulator only) and why. */
  skip(reason: string): void;
}

/**
 * One step of the walk-through.
 *
 * @example
 * ```ts
 * const step: DemoStep = {
 *   id: "hello",
 *   title: "Say hello",
 *   essential: false,
 *   async run(_context, out) {
 *     out.say("hello");
 *     out.check("said hello", true);
 *   },
 * };
 * ```
 */
export interface DemoStep {
  readonly id: string;
  readonly title: string;
  /** When this step fails, the later steps cannot run. */
  readonly essential: boolean;
  run(context: DemoContext, out: StepRecorder): Promise<void>;
}

/**
 * The reason emulator-only steps give in live mode.
 *
 * @example
 * ```ts
 * out.skip(`${EMULATOR_ONLY}: it needs control over the token clock`);
 * ```
 */
export const EMULATOR_ONLY = "emulator only";
