/**
 * Where output goes and how it looks: the streams `runDemo` writes to, whether colour and live
 * progress are on (TTY, `NO_COLOR`, `FORCE_COLOR`), and a guard that keeps secrets out of every
 * byte written.
 *
 * @module
 */
import { REDACTED } from "@lpkit/core";
import { redact } from "@lpkit/core/internal";
import type { Env } from "../config.js";

/**
 * A writable text stream: `process.stdout` fits, tests pass a collector.
 *
 * @example
 * ```ts
 * const out: OutputStream = { write: (chunk) => process.stdout.write(chunk), isTTY: false };
 * ```
 */
export interface OutputStream {
  write(chunk: string): unknown;
  /** `true` when the stream is a terminal. */
  readonly isTTY?: boolean | undefined;
  /** Terminal width, when known. */
  readonly columns?: number | undefined;
}

/**
 * How text output is decorated.
 *
 * @example
 * ```ts
 * const { color, progress }: TerminalStyle = terminalStyle(process.stdout, process.env);
 * ```
 */
export interface TerminalStyle {
  /** ANSI colours on. */
  readonly color: boolean;
  /** Live progress (a spinner line rewritten in place) on: only on a real terminal. */
  readonly progress: boolean;
}

/**
 * Decides colour and progress for a stream: `FORCE_COLOR` (any value but `0`/`false`) turns colour
 * on, `NO_COLOR` (any non-empty value) turns it off, otherwise colour follows the TTY (and
 * `TERM=dumb` turns it off). Progress needs a TTY whatever the variables say.
 *
 * @example
 * ```ts
 * terminalStyle(process.stdout, process.env); // { color: true, progress: true } in a terminal
 * terminalStyle({ write() {} }, {});           // { color: false, progress: false } when piped
 * ```
 */
export function terminalStyle(stream: OutputStream, env: Env): TerminalStyle {
  const tty = stream.isTTY === true;
  const force = env.FORCE_COLOR;
  let color: boolean;
  if (force !== undefined && force !== "0" && force.toLowerCase() !== "false") {
    color = true;
  } else if (force !== undefined) {
    color = false;
  } else if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") {
    color = false;
  } else {
    color = tty && env.TERM !== "dumb";
  }
  return { color, progress: tty && env.TERM !== "dumb" };
}

/**
 * ANSI decorations; each is the identity when colour is off.
 *
 * @example
 * ```ts
 * const p: Paint = paint(true);
 * p.red("FAILED");
 * ```
 */
export interface Paint {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

/**
 * The decorations for a style.
 *
 * @example
 * ```ts
 * paint(true).green("ok");  // "\u001b[32mok\u001b[39m"
 * paint(false).green("ok"); // "ok"
 * ```
 */
export function paint(color: boolean): Paint {
  const wrap = (open: number, close: number) => (text: string) =>
    color ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    green: wrap(32, 39),
    red: wrap(31, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}

/**
 * Options of {@link guardStream}.
 *
 * @example
 * ```ts
 * const options: GuardOptions = { secrets: () => [clientSecret], hideTokens: true };
 * ```
 */
export interface GuardOptions {
  /** Values that must never be written (the client secret). */
  readonly secrets: () => readonly (string | undefined)[];
  /** Also replace anything JWT-shaped (default `true`); off only where a token is the output asked for. */
  readonly hideTokens?: boolean | undefined;
}

/**
 * Wraps a stream so that no secret (and, unless asked otherwise, no JWT) is ever written to it.
 * A last line of defence: the demo never formats a secret in the first place.
 *
 * @example
 * ```ts
 * const out = guardStream(process.stdout, { secrets: () => [clientSecret] });
 * out.write(`secret ${clientSecret}\n`); // writes "secret [REDACTED]"
 * ```
 */
export function guardStream(stream: OutputStream, options: GuardOptions): OutputStream {
  const hideTokens = options.hideTokens !== false;
  return {
    isTTY: stream.isTTY,
    columns: stream.columns,
    write(chunk: string) {
      const secrets = options.secrets();
      let text = chunk;
      if (hideTokens) {
        text = redact(text, secrets);
      } else {
        for (const secret of secrets) {
          if (secret && secret.length >= 4) {
            text = text.split(secret).join(REDACTED);
          }
        }
      }
      return stream.write(text);
    },
  };
}
