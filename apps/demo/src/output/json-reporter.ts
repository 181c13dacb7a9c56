/**
 * `--json`: one JSON document on stdout when the run ends — the target, every step with its
 * status, timing, checks and details, and the exit code. Nothing else is written to stdout.
 *
 * @module
 */
import type { StepOutcome } from "../steps/types.js";
import { roundMs } from "./format.js";
import type { Reporter, ReporterOptions, RunHeader } from "./reporter.js";

/**
 * Version of the JSON document's shape; bumped on incompatible changes.
 *
 * @example
 * ```ts
 * if (JSON.parse(output).schemaVersion !== JSON_SCHEMA_VERSION) throw new Error("unknown lpkit-demo output");
 * ```
 */
export const JSON_SCHEMA_VERSION = 1;

function stepJson(outcome: StepOutcome): Record<string, unknown> {
  return {
    number: outcome.number,
    id: outcome.id,
    title: outcome.title,
    status: outcome.status,
    durationMs: roundMs(outcome.durationMs),
    ...(outcome.reason === undefined ? {} : { reason: outcome.reason }),
    checks: outcome.checks,
    details: outcome.details,
    lines: outcome.lines,
    ...(outcome.error === undefined ? {} : { error: outcome.error }),
  };
}

/**
 * Creates the JSON reporter.
 *
 * @example
 * ```ts
 * const reporter = createJsonReporter({ stdout, stderr, style });
 * ```
 */
export function createJsonReporter(options: ReporterOptions): Reporter {
  let header: RunHeader | undefined;
  return {
    begin(value) {
      header = value;
    },
    stepStarted() {},
    stepFinished() {},
    end(result) {
      const document = {
        tool: "lpkit-demo",
        schemaVersion: JSON_SCHEMA_VERSION,
        command: "demo",
        mode: header?.mode,
        target: header?.target,
        ok: result.ok,
        exitCode: result.exitCode,
        durationMs: roundMs(result.durationMs),
        steps: result.steps.map(stepJson),
        ...(result.error === undefined ? {} : { error: result.error }),
      };
      options.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
    },
  };
}
