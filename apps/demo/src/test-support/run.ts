/**
 * Test helper: run `runDemo` in-process and collect its output.
 *
 * @module
 */
import type { Env } from "../config.js";
import { runDemo } from "../run-demo.js";
import { collect } from "./streams.js";

/**
 * What a run produced.
 *
 * @example
 * ```ts
 * const { code, stdout, stderr, all }: RunOutput = await run(["--json"]);
 * ```
 */
export interface RunOutput {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, for "never printed" checks. */
  readonly all: string;
}

/**
 * Runs `lpkit-demo` in-process.
 *
 * @example
 * ```ts
 * const { code, stdout } = await run(["--json"], {});
 * ```
 */
export async function run(
  argv: readonly string[],
  env: Env = {},
  options: { tty?: boolean; stdin?: string } = {},
): Promise<RunOutput> {
  const stdout = collect(options.tty === true);
  const stderr = collect(options.tty === true);
  const stdin = options.stdin;
  const code = await runDemo({
    argv,
    env,
    stdout,
    stderr,
    stdin:
      stdin === undefined
        ? undefined
        : (async function* () {
            yield stdin;
          })(),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text(), all: `${stdout.text()}\n${stderr.text()}` };
}

/**
 * A JWT-shaped string anywhere in `text`.
 *
 * @example
 * ```ts
 * expect(output).not.toMatch(JWT_PATTERN);
 * ```
 */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/;
