/**
 * What the subcommands share: reading the settings they need, opening the target, reporting a
 * failure (text on stderr, or one JSON document on stdout) and always closing the target.
 *
 * @module
 */
import { type CommandIo, liveModeReason, reportConfigError } from "../command-io.js";
import { ConfigError, type Env, type Mode, readSettings, type Settings, type Variable } from "../config.js";
import { describeError, type ErrorReport } from "../session/describe-error.js";
import { openTarget, type Target } from "../session/target.js";

/**
 * How a subcommand runs.
 *
 * @example
 * ```ts
 * const options: SubcommandOptions = { env: process.env, mode: detectMode(process.env), forced: undefined };
 * ```
 */
export interface SubcommandOptions {
  readonly env: Env;
  readonly mode: Mode;
  readonly forced: Mode | undefined;
}

/**
 * Writes one JSON document to stdout.
 *
 * @example
 * ```ts
 * writeJson(io, { tool: "lpkit-demo", command: "domains", ok: true });
 * ```
 */
export function writeJson(io: CommandIo, value: unknown, stream: "stdout" | "tokenStdout" = "stdout"): void {
  io[stream].write(`${JSON.stringify(value, null, 2)}\n`);
}

/**
 * Reports a failed command (exit status 1).
 *
 * @example
 * ```ts
 * return reportFailure(io, "invoke", describeError(error, "live", []));
 * ```
 */
export function reportFailure(io: CommandIo, command: string, report: ErrorReport): number {
  const p = io.paint;
  const status = report.status === undefined ? "" : ` (HTTP ${report.status})`;
  io.stderr.write(
    `${p.red(`lpkit-demo ${command}:`)} ${report.name} ${report.code}${status}: ${report.message}\n`,
  );
  if (report.hint) {
    io.stderr.write(`${p.yellow("hint:")} ${report.hint}\n`);
  }
  if (io.json) {
    writeJson(io, { tool: "lpkit-demo", command, ok: false, exitCode: 1, error: report });
  }
  return 1;
}

/**
 * Reads the settings a subcommand needs, opens the target, runs `body`, and closes the target.
 * Configuration problems exit with 2 before any request; errors thrown by `body` are reported and
 * exit with 1.
 *
 * @example
 * ```ts
 * return withTarget(io, "token", options, ["LP_ACCOUNT_ID", "LP_CLIENT_ID", "LP_CLIENT_SECRET"], async (target) => {
 *   // …
 *   return 0;
 * });
 * ```
 */
export async function withTarget(
  io: CommandIo,
  command: string,
  options: SubcommandOptions,
  required: readonly Variable[],
  body: (target: Target, settings: Settings) => Promise<number>,
): Promise<number> {
  let settings: Settings;
  try {
    settings = readSettings(options.env, { mode: options.mode, required });
  } catch (error) {
    if (error instanceof ConfigError) {
      return reportConfigError(error, io, command, liveModeReason(options.env, options.forced));
    }
    throw error;
  }
  let target: Target | undefined;
  try {
    target = await openTarget(settings, { onHttp: io.debugEnabled ? io.debugHttp : undefined });
    io.addSecret(...target.secrets);
    io.debug(
      `config mode=${target.mode} domainApi=${target.domainApi} account=${target.accountId || "(none)"}`,
    );
    return await body(target, settings);
  } catch (error) {
    return reportFailure(
      io,
      command,
      describeError(error, settings.mode, target?.secrets ?? [settings.clientSecret]),
    );
  } finally {
    await target?.close();
  }
}
