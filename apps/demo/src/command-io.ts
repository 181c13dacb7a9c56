/**
 * What every command writes through: stdout and stderr guarded against secrets, the colour and
 * progress decision, `--json`, and the debug channel (stderr) with the `@lpkit/auth` logger and the
 * per-request lines that feed it.
 *
 * @module
 */
import type { AuthLogger } from "@lpkit/auth";
import type { ConfigError, Env } from "./config.js";
import { formatMs } from "./output/format.js";
import {
  guardStream,
  type OutputStream,
  type Paint,
  paint,
  type TerminalStyle,
  terminalStyle,
} from "./output/terminal.js";
import type { HttpRecord } from "./session/http-log.js";

/**
 * The streams and flags a command works with.
 *
 * @example
 * ```ts
 * io.stdout.write(io.paint.green("ok\n"));
 * io.debug("only with --debug or LPKIT_DEBUG");
 * ```
 */
export interface CommandIo {
  /** stdout, with secrets and JWTs redacted. */
  readonly stdout: OutputStream;
  /** stdout with only the secrets redacted: for the one output that is a token (`token`). */
  readonly tokenStdout: OutputStream;
  /** stderr, with secrets and JWTs redacted. */
  readonly stderr: OutputStream;
  readonly style: TerminalStyle;
  readonly paint: Paint;
  /** `--json` was given. */
  readonly json: boolean;
  /** `--debug` or `LPKIT_DEBUG`. */
  readonly debugEnabled: boolean;
  /** Writes a debug line to stderr (no-op unless debug is on). */
  debug(line: string): void;
  /** Debug line for one HTTP exchange. */
  debugHttp(record: HttpRecord): void;
  /** `@lpkit/auth`'s logger, writing to the debug channel; `undefined` unless debug is on. */
  readonly authLogger: AuthLogger | undefined;
  /** Adds a value that must never be printed. */
  addSecret(...values: readonly (string | undefined)[]): void;
  /** Reads stdin to the end (for `verify -`). */
  readStdin(): Promise<string>;
}

/**
 * What {@link createCommandIo} needs.
 *
 * @example
 * ```ts
 * const options: CommandIoOptions = { stdout: process.stdout, stderr: process.stderr, env: process.env, json: false, debug: false };
 * ```
 */
export interface CommandIoOptions {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin?: AsyncIterable<string | Uint8Array> | undefined;
  readonly env: Env;
  readonly json: boolean;
  readonly debug: boolean;
}

function fieldsText(fields: unknown): string {
  if (fields === undefined) {
    return "";
  }
  try {
    return ` ${JSON.stringify(fields)}`;
  } catch {
    return "";
  }
}

/**
 * Creates the command I/O. `LP_CLIENT_SECRET` from the environment is registered as a secret
 * before anything else, whatever its validity.
 *
 * @example
 * ```ts
 * const io = createCommandIo({ stdout: process.stdout, stderr: process.stderr, env: process.env, json: false, debug: false });
 * io.stdout.write("hello\n");
 * ```
 */
export function createCommandIo(options: CommandIoOptions): CommandIo {
  const secrets: string[] = [];
  const addSecret = (...values: readonly (string | undefined)[]) => {
    for (const value of values) {
      if (value !== undefined && value !== "" && !secrets.includes(value)) {
        secrets.push(value);
      }
    }
  };
  addSecret(options.env.LP_CLIENT_SECRET);
  const guard = { secrets: () => secrets };
  const stdout = guardStream(options.stdout, guard);
  const stderr = guardStream(options.stderr, guard);
  const tokenStdout = guardStream(options.stdout, { ...guard, hideTokens: false });
  // Colour follows stdout, where the report goes; debug lines on stderr stay plain.
  const style = terminalStyle(options.stdout, options.env);
  const debug = (line: string) => {
    if (options.debug) {
      stderr.write(`debug: ${line}\n`);
    }
  };
  const log = (level: string) => (message: string, fields?: unknown) =>
    debug(`${level} ${message}${fieldsText(fields)}`);
  return {
    stdout,
    tokenStdout,
    stderr,
    style,
    paint: paint(style.color),
    json: options.json,
    debugEnabled: options.debug,
    debug,
    debugHttp(record) {
      debug(
        `http #${record.seq} ${record.method} ${record.url} → ${record.status ?? "no answer"} (${formatMs(record.durationMs)})${record.tokenSerial === undefined ? "" : ` with token #${record.tokenSerial}`}`,
      );
    },
    authLogger: options.debug
      ? { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") }
      : undefined,
    addSecret,
    async readStdin() {
      if (!options.stdin) {
        return "";
      }
      const decoder = new TextDecoder();
      let text = "";
      for await (const chunk of options.stdin) {
        text += typeof chunk === "string" ? chunk : decoder.decode(chunk, { stream: true });
      }
      return text + decoder.decode();
    },
  };
}

/**
 * Reports a {@link ConfigError} (exit status 2): each variable on its own line, on stderr; with
 * `--json` also one JSON document on stdout.
 *
 * @example
 * ```ts
 * return reportConfigError(error, io, "demo");
 * ```
 */
export function reportConfigError(
  error: ConfigError,
  io: CommandIo,
  command: string,
  liveBecause: string,
): number {
  const p = io.paint;
  io.stderr.write(`${p.red("lpkit-demo:")} the configuration for live mode is incomplete or malformed:\n`);
  for (const problem of error.problems) {
    io.stderr.write(`  ${problem.argument}: ${problem.message.slice(problem.argument.length + 2)}\n`);
  }
  io.stderr.write(`${liveBecause}\n`);
  if (io.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          tool: "lpkit-demo",
          command,
          ok: false,
          exitCode: 2,
          error: {
            name: error.name,
            code: error.code,
            message: error.message,
            variables: error.variables,
            problems: error.problems.map((problem) => ({
              variable: problem.argument,
              message: problem.message,
            })),
          },
        },
        null,
        2,
      )}\n`,
    );
  }
  return 2;
}

/**
 * Why live mode was chosen, for the end of a configuration error.
 *
 * @example
 * ```ts
 * liveModeReason({ LP_ACCOUNT_ID: "1" }, undefined);
 * // "Live mode because LP_ACCOUNT_ID is set; unset the LP_* variables (or pass --emulator) to run offline."
 * ```
 */
export function liveModeReason(env: Env, forced: "emulator" | "live" | undefined): string {
  if (forced === "live") {
    return "Live mode because --live was given; drop it to run offline against the embedded emulator.";
  }
  const set = [
    "LP_ACCOUNT_ID",
    "LP_CLIENT_ID",
    "LP_CLIENT_SECRET",
    "LP_LAMBDA_UUID",
    "LP_DOMAIN_API",
    "LPKIT_DOMAIN_API",
  ].filter((name) => env[name] !== undefined);
  return `Live mode because ${set.join(", ")} ${set.length === 1 ? "is" : "are"} set; unset the LP_* variables (or pass --emulator) to run offline.`;
}
