/**
 * Command-line parsing of `lpkit-emulator`, kept apart from the process plumbing so it can be
 * tested on its own.
 *
 * @module
 */
import { parseArgs } from "node:util";

/** What the command line asked for. */
export interface CliArgs {
  readonly port: number;
  readonly host: string;
  readonly tls: boolean;
  readonly config: string | undefined;
  readonly tokenTtlSec: number | undefined;
  readonly caOut: string | undefined;
  readonly json: boolean;
  readonly help: boolean;
}

/** The `--help` text. */
export const USAGE = `Usage: lpkit-emulator [options]

Serves LivePerson's Domain API, Sentinel and faasGW (Functions gateway) on loopback.

Options:
  --port <n>          port to listen on (default 0: a free port)
  --host <host>       interface to listen on (default 127.0.0.1)
  --tls               serve HTTPS with a certificate generated at start
  --ca-out <file>     write the CA certificate (PEM) to this file (with --tls)
  --config <file>     accounts, apps and lambdas (JSON or YAML)
  --token-ttl <sec>   token lifetime in seconds (default 3600)
  --json              print one JSON line with URLs and credentials instead of text
  -h, --help          show this help

Stops on Ctrl-C (SIGINT) or SIGTERM.`;

function toNumber(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const number = Number(value);
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new TypeError(`--${name} must be an integer from ${min} to ${max}`);
  }
  return number;
}

/**
 * Parses `lpkit-emulator` arguments (without `node` and the script path).
 *
 * @example
 * ```ts
 * parseCliArgs(["--port", "8080", "--tls"]); // { port: 8080, tls: true, … }
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      tls: { type: "boolean" },
      config: { type: "string" },
      "token-ttl": { type: "string" },
      "ca-out": { type: "string" },
      json: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const caOut = values["ca-out"];
  if (caOut !== undefined && values.tls !== true) {
    throw new TypeError("--ca-out needs --tls");
  }
  return {
    port: toNumber(values.port, "port", 0, 65_535) ?? 0,
    host: values.host ?? "127.0.0.1",
    tls: values.tls === true,
    config: values.config,
    tokenTtlSec: toNumber(values["token-ttl"], "token-ttl", 1, 31_536_000),
    caOut,
    json: values.json === true,
    help: values.help === true,
  };
}
