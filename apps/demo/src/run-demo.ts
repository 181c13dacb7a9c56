/**
 * `runDemo`: the whole command line as a function — parse the arguments, read the environment,
 * run the command, return the exit status. The bin (`cli.ts`) passes `process.*`; tests pass their
 * own streams and environment.
 *
 * @module
 */
import { InvalidArgumentError } from "@lpkit/core";
import { assertAccountId, assertUuid } from "@lpkit/core/internal";
import { type ParsedArgs, parseCliArgs, USAGE, UsageError } from "./cli-args.js";
import { type CommandIo, createCommandIo } from "./command-io.js";
import { connectorCommand } from "./commands/connector.js";
import { demoCommand } from "./commands/demo.js";
import { domainsCommand } from "./commands/domains.js";
import { invokeCommand, readPayloadArgument } from "./commands/invoke.js";
import { tokenCommand } from "./commands/token.js";
import { verifyCommand } from "./commands/verify.js";
import { debugFromEnv, detectMode, type Env, type Mode } from "./config.js";
import { FLEET_USAGE, isFleetCommand, parseFleetArgs } from "./fleet/fleet-args.js";
import { fleetCommand } from "./fleet/fleet-command.js";
import { guardStream, type OutputStream } from "./output/terminal.js";

/**
 * What {@link runDemo} runs with.
 *
 * @example
 * ```ts
 * const options: RunDemoOptions = { argv: ["token", "--decode"], env: process.env, stdout: process.stdout, stderr: process.stderr };
 * ```
 */
export interface RunDemoOptions {
  /** Arguments after `node cli.js` (a leading `--` is ignored). */
  readonly argv: readonly string[];
  /** The environment (`process.env`). */
  readonly env: Env;
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Where `verify` reads a piped token from. */
  readonly stdin?: AsyncIterable<string | Uint8Array> | undefined;
  /** Whether stdin is a terminal: then `verify` reads it only when asked with `-`. */
  readonly stdinIsTTY?: boolean | undefined;
}

/**
 * Exit status for a usage or configuration error.
 *
 * @example
 * ```ts
 * if ((await runDemo(options)) === EXIT_USAGE) console.error("check the command line or the LP_* variables");
 * ```
 */
export const EXIT_USAGE = 2;

function usageError(
  options: RunDemoOptions,
  error: UsageError | InvalidArgumentError,
  command: ParsedArgs["command"],
): number {
  const stderr = guardStream(options.stderr, { secrets: () => [options.env.LP_CLIENT_SECRET] });
  stderr.write(`lpkit-demo: ${error.message}\n\n${USAGE[command]}\n`);
  return EXIT_USAGE;
}

/** `lpkit-demo fleet` / `lpkit-demo --redis <url>`: always against its own emulator. */
async function runFleet(options: RunDemoOptions): Promise<number> {
  const stderr = guardStream(options.stderr, { secrets: () => [options.env.LP_CLIENT_SECRET] });
  let parsed: ReturnType<typeof parseFleetArgs>;
  try {
    parsed = parseFleetArgs(options.argv, options.env);
  } catch (error) {
    stderr.write(`lpkit-demo: ${error instanceof Error ? error.message : String(error)}\n\n${FLEET_USAGE}\n`);
    return EXIT_USAGE;
  }
  if (parsed === "help") {
    options.stdout.write(`${FLEET_USAGE}\n`);
    return 0;
  }
  return fleetCommand({ stdout: options.stdout, stderr }, parsed);
}

const TOKEN_SOURCES =
  'pipe it in ("lpkit-demo token | lpkit-demo verify"), paste it after "verify -", or set LP_TOKEN';

/**
 * Where `verify` gets its token: `LP_TOKEN`, else stdin when it is piped (or `-` is given), else —
 * offline — none (the emulator issues one). A token on the command line is accepted only with
 * `--allow-token-argument`, and then with a warning: `ps` and the shell history can read it.
 */
async function tokenToVerify(
  io: CommandIo,
  options: RunDemoOptions,
  args: Extract<ParsedArgs, { command: "verify" }>,
  mode: Mode,
): Promise<string | undefined> {
  const fromEnv = options.env.LP_TOKEN?.trim() || undefined;
  const positional = args.jwt;
  if (positional !== undefined && positional !== "-") {
    io.addSecret(positional);
    if (!args.allowTokenArgument) {
      throw new UsageError(
        `verify does not take the token as an argument, where ps and the shell history can read it: ${TOKEN_SOURCES} (or add --allow-token-argument)`,
        "verify",
      );
    }
    if (fromEnv !== undefined) {
      throw new UsageError("verify got a token both as an argument and in LP_TOKEN: give one", "verify");
    }
    io.stderr.write(
      "lpkit-demo: warning: a token given as an argument is visible to other users (ps) and kept in the shell history; prefer stdin or LP_TOKEN\n",
    );
    return positional;
  }
  if (fromEnv !== undefined) {
    if (positional === "-") {
      throw new UsageError('verify got both "-" (stdin) and LP_TOKEN: give one', "verify");
    }
    return fromEnv;
  }
  if (positional === "-" || (options.stdin !== undefined && options.stdinIsTTY !== true)) {
    const text = (await io.readStdin()).trim();
    if (text !== "") {
      return text;
    }
    if (positional === "-") {
      throw new UsageError("verify read an empty token from stdin", "verify");
    }
  }
  if (mode === "live") {
    throw new UsageError(`verify needs a token: ${TOKEN_SOURCES}`, "verify");
  }
  return undefined;
}

/**
 * Runs `lpkit-demo` with the given arguments, environment and streams; resolves to the exit status:
 * 0 when everything did what it should, 1 when something did not, 2 for a usage or configuration error.
 *
 * @example
 * ```ts
 * import { runDemo } from "./run-demo.js";
 *
 * const status = await runDemo({ argv: ["--json"], env: {}, stdout: process.stdout, stderr: process.stderr });
 * ```
 */
export async function runDemo(options: RunDemoOptions): Promise<number> {
  if (isFleetCommand(options.argv)) {
    return runFleet(options);
  }
  let args: ParsedArgs;
  try {
    args = parseCliArgs(options.argv);
  } catch (error) {
    if (error instanceof UsageError) {
      return usageError(options, error, error.command);
    }
    throw error;
  }
  if (args.flags.help) {
    options.stdout.write(`${USAGE[args.command]}\n`);
    return 0;
  }
  const env = options.env;
  const mode = detectMode(env, args.flags.mode);
  const io = createCommandIo({
    stdout: options.stdout,
    stderr: options.stderr,
    stdin: options.stdin,
    env,
    json: args.flags.json,
    debug: args.flags.debug || debugFromEnv(env),
  });
  const sub = { env, mode, forced: args.flags.mode };
  try {
    switch (args.command) {
      case "demo":
        return await demoCommand(io, sub);
      case "connector":
        return await connectorCommand(io, sub);
      case "domains":
        if (args.accountId !== undefined) {
          assertAccountId(args.accountId, "account");
        }
        return await domainsCommand(io, sub, args.accountId);
      case "token":
        return await tokenCommand(io, sub, { decode: args.decode });
      case "verify": {
        if (args.accountId !== undefined) {
          assertAccountId(args.accountId, "--account");
        }
        const jwt = await tokenToVerify(io, options, args, mode);
        io.addSecret(jwt);
        return await verifyCommand(io, sub, { jwt, version: args.version, accountId: args.accountId });
      }
      case "invoke": {
        if (args.lambdaUuid === undefined) {
          throw new UsageError("invoke needs the UUID of the function to invoke", "invoke");
        }
        const lambdaUuid = assertUuid(args.lambdaUuid, "uuid");
        let payload: unknown;
        try {
          payload = args.payload !== undefined ? await readPayloadArgument(args.payload) : undefined;
        } catch (error) {
          throw new InvalidArgumentError("--payload", (error as Error).message.replace(/^--payload: /, ""));
        }
        return await invokeCommand(io, sub, { lambdaUuid, payload, userId: args.userId });
      }
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof InvalidArgumentError) {
      return usageError(options, error, args.command);
    }
    throw error;
  }
}
