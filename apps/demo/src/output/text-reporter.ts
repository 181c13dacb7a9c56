/**
 * Text output: each step as a block (what it did, the checks it made, its status and time). On a
 * terminal a spinner shows the running step and colour marks the results; piped, the same text
 * comes out plain.
 *
 * @module
 */
import type { StepOutcome, StepStatus } from "../steps/types.js";
import { formatMs } from "./format.js";
import type { Reporter, ReporterOptions, RunResult } from "./reporter.js";
import { type Paint, paint } from "./terminal.js";

const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const SPIN_MS = 80;
const INDENT = "      ";
const CLEAR_LINE = "\r\u001b[2K";

function statusText(status: StepStatus, p: Paint, reason: string | undefined): string {
  switch (status) {
    case "passed":
      return p.green("passed");
    case "failed":
      return p.red(p.bold("FAILED"));
    case "skipped":
      return p.yellow(`skipped${reason ? ` (${reason})` : ""}`);
    case "not-run":
      return p.dim(`not run${reason ? ` (${reason})` : ""}`);
  }
}

function endLine(result: RunResult, p: Paint): string {
  const count = (status: StepStatus) => result.steps.filter((step) => step.status === status).length;
  const parts = [
    `${count("passed")} passed`,
    ...(count("skipped") > 0 ? [`${count("skipped")} skipped`] : []),
    ...(count("failed") > 0 ? [`${count("failed")} failed`] : []),
    ...(count("not-run") > 0 ? [`${count("not-run")} not run`] : []),
  ];
  const time = formatMs(result.durationMs);
  if (result.ok) {
    return p.green(p.bold(`Done: every step did what it should — ${parts.join(", ")} in ${time}.`));
  }
  const failed = result.steps.filter((step) => step.status === "failed").map((step) => step.number);
  const which =
    failed.length > 0 ? `step ${failed.join(", ")} did not do what it should` : "the demo could not run";
  return p.red(p.bold(`Failed: ${which} — ${parts.join(", ")} in ${time} (exit status ${result.exitCode}).`));
}

/**
 * Creates the text reporter.
 *
 * @example
 * ```ts
 * const reporter = createTextReporter({ stdout: process.stdout, stderr: process.stderr, style });
 * ```
 */
export function createTextReporter(options: ReporterOptions): Reporter {
  const { stdout, style } = options;
  const p = paint(style.color);
  let spinner: ReturnType<typeof setInterval> | undefined;
  const write = (line = "") => {
    stdout.write(`${line}\n`);
  };
  const stopSpinner = () => {
    if (spinner !== undefined) {
      clearInterval(spinner);
      spinner = undefined;
      stdout.write(CLEAR_LINE);
    }
  };

  return {
    begin(header) {
      header.lines.forEach((line, i) => {
        write(i === 0 ? p.bold(line) : line);
      });
    },
    stepStarted(step) {
      if (!style.progress) {
        return;
      }
      let frame = 0;
      // One terminal line, so that rewriting it in place never leaves a wrapped remainder behind.
      const width = Math.max(20, (stdout.columns ?? 80) - 3);
      const full = `[${step.number}/${step.total}] ${step.title}…`;
      const label = full.length > width ? `${full.slice(0, width - 1)}…` : full;
      stdout.write(`${CLEAR_LINE}${p.cyan(SPINNER[0] ?? "*")} ${label}`);
      spinner = setInterval(() => {
        frame = (frame + 1) % SPINNER.length;
        stdout.write(`${CLEAR_LINE}${p.cyan(SPINNER[frame] ?? "*")} ${label}`);
      }, SPIN_MS);
      (spinner as { unref?: () => void }).unref?.();
    },
    stepFinished(outcome: StepOutcome, total) {
      stopSpinner();
      write();
      const time =
        outcome.status === "passed" || outcome.status === "failed"
          ? ` in ${formatMs(outcome.durationMs)}`
          : "";
      write(
        `${p.bold(`[${outcome.number}/${total}] ${outcome.title}`)} — ${statusText(outcome.status, p, outcome.reason)}${p.dim(time)}`,
      );
      for (const line of outcome.lines) {
        write(`${INDENT}${line}`);
      }
      for (const check of outcome.checks) {
        const mark = check.ok ? p.green("✓") : p.red("✗");
        const detail = !check.ok && check.detail ? p.dim(` (${check.detail})`) : "";
        write(`${INDENT}${mark} ${check.name}${detail}`);
      }
      if (outcome.error) {
        const { name, code, message, status, hint } = outcome.error;
        write(
          `${INDENT}${p.red("error:")} ${name} ${code}${status === undefined ? "" : ` (HTTP ${status})`}: ${message}`,
        );
        if (hint) {
          write(`${INDENT}${p.yellow("hint:")} ${hint}`);
        }
      }
    },
    end(result) {
      stopSpinner();
      if (result.error) {
        const { name, code, message, hint } = result.error;
        write();
        write(`${p.red("error:")} ${name} ${code}: ${message}`);
        if (hint) {
          write(`${p.yellow("hint:")} ${hint}`);
        }
      }
      write();
      write(endLine(result, p));
    },
  };
}
