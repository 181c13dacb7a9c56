/**
 * Command-line parsing of `lpkit-demo` (with `node:util`'s `parseArgs`); the `--help` texts are in
 * `cli-usage.ts` (re-exported here as `USAGE`). Parsing only: no environment, no network.
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { Mode } from "./config.js";

export { USAGE } from "./cli-usage.js";

/**
 * The subcommands; `demo` is the walk-through run when none is given.
 *
 * @example
 * ```ts
 * const command: CommandName = parseCliArgs(process.argv.slice(2)).command;
 * ```
 */
export type CommandName = "demo" | "domains" | "token" | "verify" | "invoke" | "connector";

/**
 * Flags every command takes.
 *
 * @example
 * ```ts
 * const { json, debug, mode }: CommonFlags = parseCliArgs(["--json"]).flags;
 * ```
 */
export interface CommonFlags {
  /** `--json`: one JSON document on stdout. */
  readonly json: boolean;
  /** `--debug`: every HTTP exchange and `@lpkit/auth` event on stderr (never a secret). */
  readonly debug: boolean;
  /** `--emulator` / `--live`: override the mode the environment implies. */
  readonly mode: Mode | undefined;
  readonly help: boolean;
}

/**
 * What the command line asked for.
 *
 * @example
 * ```ts
 * const args: ParsedArgs = parseCliArgs(["invoke", uuid, "--payload", "{}"]);
 * if (args.command === "invoke") args.payload; // "{}"
 * ```
 */
export type ParsedArgs =
  | { readonly command: "demo"; readonly flags: CommonFlags }
  | { readonly command: "connector"; readonly flags: CommonFlags }
  | { readonly command: "domains"; readonly flags: CommonFlags; readonly accountId: string | undefined }
  | { readonly command: "token"; readonly flags: CommonFlags; readonly decode: boolean }
  | {
      readonly command: "verify";
      readonly flags: CommonFlags;
      /** The JWT (only with `--allow-token-argument`), `-` for stdin, or `undefined`. */
      readonly jwt: string | undefined;
      /** `--allow-token-argument`: a token on the command line is accepted (with a warning). */
      readonly allowTokenArgument: boolean;
      readonly version: "v1" | "v2" | undefined;
      readonly accountId: string | undefined;
    }
  | {
      readonly command: "invoke";
      readonly flags: CommonFlags;
      readonly lambdaUuid: string | undefined;
      /** `--payload`: JSON text, or `@file`. */
      readonly payload: string | undefined;
      readonly userId: string | undefined;
    };

/**
 * A malformed command line (exit status 2).
 *
 * @example
 * ```ts
 * try { parseCliArgs(["--bogus"]); } catch (error) { error instanceof UsageError; } // true
 * ```
 */
export class UsageError extends Error {
  readonly code = "ERR_USAGE" as const;
  /** The command whose usage to show. */
  readonly command: CommandName;
  constructor(message: string, command: CommandName) {
    super(message);
    this.name = "UsageError";
    this.command = command;
  }
}

const COMMON_OPTIONS = {
  json: { type: "boolean" },
  debug: { type: "boolean" },
  emulator: { type: "boolean" },
  live: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

const COMMANDS: readonly CommandName[] = ["domains", "token", "verify", "invoke", "connector"];

function commonFlags(values: Record<string, unknown>, command: CommandName): CommonFlags {
  if (values.emulator === true && values.live === true) {
    throw new UsageError("--emulator and --live cannot be used together", command);
  }
  return {
    json: values.json === true,
    debug: values.debug === true,
    mode: values.emulator === true ? "emulator" : values.live === true ? "live" : undefined,
    help: values.help === true,
  };
}

function parse<T extends Record<string, { type: "string" | "boolean"; short?: string }>>(
  args: readonly string[],
  command: CommandName,
  options: T,
  maxPositionals: number,
) {
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...COMMON_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), command);
  }
  if (parsed.positionals.length > maxPositionals) {
    // verify's arguments may be tokens: never echo them.
    const what =
      command === "verify"
        ? `argument #${maxPositionals + 1}`
        : `argument "${parsed.positionals[maxPositionals]}"`;
    throw new UsageError(`unexpected ${what}`, command);
  }
  return {
    values: parsed.values,
    positionals: parsed.positionals,
    flags: commonFlags(parsed.values, command),
  };
}

/**
 * Parses the arguments after `node cli.js`. A leading `--` (as `pnpm demo -- token` passes it) is
 * ignored. Throws {@link UsageError} for anything malformed.
 *
 * @example
 * ```ts
 * parseCliArgs(["token", "--decode"]); // { command: "token", decode: true, flags: { … } }
 * parseCliArgs([]);                    // { command: "demo", flags: { … } }
 * ```
 */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  const first = args[0];
  const command = COMMANDS.find((name) => name === first);
  if (first !== undefined && !first.startsWith("-") && command === undefined) {
    throw new UsageError(`unknown command "${first}" (expected one of: ${COMMANDS.join(", ")})`, "demo");
  }
  const rest = command ? args.slice(1) : args;
  switch (command) {
    case undefined: {
      const { flags } = parse(rest, "demo", {}, 0);
      return { command: "demo", flags };
    }
    case "connector": {
      const { flags } = parse(rest, "connector", {}, 0);
      return { command, flags };
    }
    case "domains": {
      const { flags, positionals } = parse(rest, "domains", {}, 1);
      return { command, flags, accountId: positionals[0] };
    }
    case "token": {
      const { flags, values } = parse(rest, "token", { decode: { type: "boolean" } }, 0);
      return { command, flags, decode: values.decode === true };
    }
    case "verify": {
      const { flags, values, positionals } = parse(
        rest,
        "verify",
        {
          version: { type: "string" },
          account: { type: "string" },
          "allow-token-argument": { type: "boolean" },
        },
        1,
      );
      const version = values.version as string | undefined;
      if (version !== undefined && version !== "v1" && version !== "v2") {
        throw new UsageError(`--version must be v1 or v2, got "${version}"`, command);
      }
      return {
        command,
        flags,
        jwt: positionals[0],
        allowTokenArgument: values["allow-token-argument"] === true,
        version,
        accountId: values.account as string | undefined,
      };
    }
    case "invoke": {
      const { flags, values, positionals } = parse(
        rest,
        "invoke",
        { payload: { type: "string" }, "user-id": { type: "string" } },
        1,
      );
      return {
        command,
        flags,
        lambdaUuid: positionals[0],
        payload: values.payload as string | undefined,
        userId: values["user-id"] as string | undefined,
      };
    }
  }
  throw new UsageError(`unknown command "${first}"`, "demo");
}
