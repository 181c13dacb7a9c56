/**
 * Command-line parsing of `lpkit-emulator`, kept apart from the process plumbing so it can be
 * tested on its own.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { type ClockSetting, parseClockSetting } from "./clock-setting.js";
import { createCorsPolicy } from "./cors.js";
import { parseFaultSpec } from "./fault-spec.js";
import type { FaultRule } from "./faults.js";
import { isLoopbackHost } from "./loopback.js";

/** What the command line asked for. */
export interface CliArgs {
  readonly port: number;
  readonly host: string;
  readonly expose: boolean;
  readonly tls: boolean;
  readonly config: string | undefined;
  readonly tokenTtlSec: number | undefined;
  readonly caOut: string | undefined;
  readonly json: boolean;
  readonly printEnv: boolean;
  readonly log: boolean;
  readonly faults: readonly FaultRule[];
  readonly clock: ClockSetting | undefined;
  readonly cors: readonly string[];
  readonly tokensPerMinute: number | undefined;
  readonly admin: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

/** The `--help` text. */
export const USAGE = `Usage: lpkit-emulator [options]

Serves LivePerson's Domain API, Sentinel and faasGW (Functions gateway) on loopback.

Options:
  --port <n>            port to listen on (default 0: a free port)
  --host <host>         interface to listen on (default 127.0.0.1); anything but loopback needs --expose
  --expose              allow a --host other machines can reach (e.g. 0.0.0.0); prints a warning
  --tls                 serve HTTPS with a certificate generated at start
  --ca-out <file>       write the CA certificate (PEM) to this file (with --tls; default: a
                        temporary file, removed on stop)
  --print-env           print only the NAME=value lines an app needs (LPKIT_DOMAIN_API, the CA
                        for --tls, an app installation, a lambda, the v1 key), then serve
  --config <file>       accounts, apps and lambdas (JSON or YAML)
  --token-ttl <sec>     token lifetime in seconds (default 3600)
  --rate-limit <n>      Sentinel answers 429 after n tokens per client per minute (emulator time)
  --fault <rule>        add a fault rule, e.g. faasgw.invoke:status=503,times=1 (repeatable; or JSON)
  --clock <when>        start the emulator clock at an ISO date-time, or offset it (+1h, -30m, +90s)
  --cors <origin>       let browser pages of this origin call it ("*": any origin; repeatable)
  --log                 print one line per request: route, status, time (never a secret)
  --no-admin            do not serve the admin endpoint (/__lpkit/: faults, clock, stats on loopback)
  --json                print JSON lines (start-up summary, --log lines, errors) instead of text
  -v, --version         print the version
  -h, --help            show this help

Admin endpoint (loopback peers only): GET|DELETE /__lpkit/stats, GET|POST|DELETE /__lpkit/faults,
DELETE /__lpkit/faults/<id>, GET|POST /__lpkit/clock, GET|POST /__lpkit/rate-limit.

Stops on Ctrl-C (SIGINT) or SIGTERM.`;

/** A command-line mistake: exit status 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}

function toNumber(value: string | undefined, name: string, min: number, max: number): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  const number = Number(value);
  if (value.trim() === "" || !Number.isInteger(number) || number < min || number > max) {
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  }
  return number;
}

function parse(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        expose: { type: "boolean" },
        tls: { type: "boolean" },
        config: { type: "string" },
        "token-ttl": { type: "string" },
        "ca-out": { type: "string" },
        "rate-limit": { type: "string" },
        fault: { type: "string", multiple: true },
        clock: { type: "string" },
        cors: { type: "string", multiple: true },
        log: { type: "boolean" },
        "no-admin": { type: "boolean" },
        json: { type: "boolean" },
        "print-env": { type: "boolean" },
        version: { type: "boolean", short: "v" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1];
    if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      throw new UsageError(`unknown option ${option ?? message}`);
    }
    if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
      throw new UsageError(`unexpected argument ${/'([^']*)'/.exec(message)?.[1] ?? ""}`.trim());
    }
    if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      throw new UsageError(
        option
          ? `${option} ${message.includes("argument missing") ? "needs a value" : "takes no value"}`
          : message,
      );
    }
    throw new UsageError(message);
  }
}

function rethrowAsUsage<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError((error as Error).message);
  }
}

/**
 * Parses `lpkit-emulator` arguments (without `node` and the script path); throws a
 * {@link UsageError} with a one-line message on a mistake.
 *
 * @example
 * ```ts
 * parseCliArgs(["--port", "8080", "--tls"]); // { port: 8080, tls: true, … }
 * ```
 */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const values = parse(argv);
  const caOut = values["ca-out"];
  if (caOut !== undefined && values.tls !== true) {
    throw new UsageError("--ca-out needs --tls");
  }
  if (values["print-env"] === true && values.json === true) {
    throw new UsageError("--print-env and --json exclude each other (the JSON summary has an env object)");
  }
  const host = values.host ?? "127.0.0.1";
  const expose = values.expose === true;
  if (host.trim() === "") {
    throw new UsageError("--host needs a host name or address");
  }
  if (!expose && !isLoopbackHost(host)) {
    throw new UsageError(
      `--host ${host} is not a loopback address: add --expose to let other machines reach it`,
    );
  }
  const cors = values.cors ?? [];
  rethrowAsUsage(() => cors.length > 0 && createCorsPolicy(cors));
  return {
    port: toNumber(values.port, "port", 0, 65_535) ?? 0,
    host,
    expose,
    tls: values.tls === true,
    config: values.config,
    tokenTtlSec: toNumber(values["token-ttl"], "token-ttl", 1, 31_536_000),
    caOut,
    json: values.json === true,
    printEnv: values["print-env"] === true,
    log: values.log === true,
    faults: rethrowAsUsage(() => (values.fault ?? []).map(parseFaultSpec)),
    clock:
      values.clock === undefined
        ? undefined
        : rethrowAsUsage(() => parseClockSetting(values.clock as string)),
    cors,
    tokensPerMinute: toNumber(values["rate-limit"], "rate-limit", 1, 1_000_000),
    admin: values["no-admin"] !== true,
    help: values.help === true,
    version: values.version === true,
  };
}
