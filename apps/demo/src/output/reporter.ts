/**
 * How the walk-through reports: the interface both reporters implement (text for terminals and
 * pipes, one JSON document for scripts) and the factory that picks one.
 *
 * @module
 */
import type { ErrorReport } from "../session/describe-error.js";
import type { StepOutcome } from "../steps/types.js";
import { createJsonReporter } from "./json-reporter.js";
import type { OutputStream, TerminalStyle } from "./terminal.js";
import { createTextReporter } from "./text-reporter.js";

/**
 * What the run is about, printed before the first step.
 *
 * @example
 * ```ts
 * reporter.begin({ mode: "emulator", lines: ["lpkit demo — offline"], target: { accountId: "87654321" } });
 * ```
 */
export interface RunHeader {
  readonly mode: "emulator" | "live";
  /** Lines for people. */
  readonly lines: readonly string[];
  /** The same for scripts. */
  readonly target: Readonly<Record<string, unknown>>;
}

/**
 * A step about to run.
 *
 * @example
 * ```ts
 * reporter.stepStarted({ number: 1, total: 7, id: "resolve-hosts", title: "Resolve the hosts" });
 * ```
 */
export interface StepStart {
  readonly number: number;
  readonly total: number;
  readonly id: string;
  readonly title: string;
}

/**
 * How the run ended.
 *
 * @example
 * ```ts
 * reporter.end({ ok: true, exitCode: 0, durationMs: 412, steps: outcomes });
 * ```
 */
export interface RunResult {
  readonly ok: boolean;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly steps: readonly StepOutcome[];
  /** The run could not start or was cut short (e.g. the emulator did not start). */
  readonly error?: ErrorReport | undefined;
}

/**
 * Receives the walk-through as it happens.
 *
 * @example
 * ```ts
 * const reporter: Reporter = createReporter("text", { stdout, stderr, style });
 * ```
 */
export interface Reporter {
  begin(header: RunHeader): void;
  stepStarted(step: StepStart): void;
  stepFinished(outcome: StepOutcome, total: number): void;
  end(result: RunResult): void;
}

/**
 * Where and how a reporter writes.
 *
 * @example
 * ```ts
 * const options: ReporterOptions = { stdout: process.stdout, stderr: process.stderr, style: terminalStyle(process.stdout, process.env) };
 * ```
 */
export interface ReporterOptions {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly style: TerminalStyle;
}

/**
 * The reporter for the output format asked for.
 *
 * @example
 * ```ts
 * const reporter = createReporter(json ? "json" : "text", { stdout, stderr, style });
 * ```
 */
export function createReporter(format: "text" | "json", options: ReporterOptions): Reporter {
  return format === "json" ? createJsonReporter(options) : createTextReporter(options);
}
