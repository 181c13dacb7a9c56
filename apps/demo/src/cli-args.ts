/**
 * Command-line parsing of `lpkit-demo` (with `node:util`'s `parseArgs`) and the `--help` texts.
 * Parsing only: no environment, no network.
 *
 * @module
 */
import { parseArgs } from "node:util";
import type { Mode } from "./config.js";
import { CONNECTOR_USAGE } from "./connector/usage.js";

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

const COMMON_HELP = `Common options:
  --json        print one JSON document (for scripts) instead of text
  --debug       show every HTTP exchange and token event on stderr (also LPKIT_DEBUG=1);
                the client secret and tokens are never shown
  --emulator    use the embedded emulator even when LP_* variables are set
  --live        use LivePerson (LP_* variables) even when none is set
  -h, --help    show this help`;

const ENVIRONMENT_HELP = `Environment (live mode starts when any of the first four or LP(KIT)_DOMAIN_API is set):
  LP_ACCOUNT_ID        LivePerson account (site) id
  LP_CLIENT_ID         client id of the app installation
  LP_CLIENT_SECRET     its client secret (never printed)
  LP_LAMBDA_UUID       the function to invoke
  LP_USER_ID           optional: userId sent with invocations
  LP_SENTINEL_VERSION  optional: v2 (default) or v1
  LP_PAYLOAD           optional: JSON payload for invocations
  LP_V1_PUBLIC_KEY     optional: verify v1 tokens with this key (PEM or its base64 body), e.g.
                       the one npx lpkit-emulator prints, instead of LivePerson's published key
  LP_TOKEN             verify: the token to verify (instead of stdin; never as an argument)
  LP_DOMAIN_API        optional: Domain API host or URL instead of api.liveperson.net; also
  LPKIT_DOMAIN_API     read as LPKIT_DOMAIN_API, as every lpkit client does (npx lpkit-emulator
                       prints it: a loopback emulator's hosts are reached with its scheme)`;

/**
 * `--help` text per command.
 *
 * @example
 * ```ts
 * process.stdout.write(USAGE.verify);
 * ```
 */
export const USAGE: Readonly<Record<CommandName, string>> = {
  demo: `Usage: lpkit-demo [command] [options]

Without a command: the whole lpkit flow in seven steps — resolve hosts through the Domain API,
request and verify an app token, invoke a function with the token reused, background refresh,
invoke by event and isImplemented, a function error next to a gateway error, and a summary.
Offline against an embedded emulator by default; live with the LP_* variables.

Commands:
  domains [account]            list the services (hosts) the Domain API has for an account
  token [--decode]             request an app token; print it, or its decoded header and claims
  verify [-]                   verify an app token from stdin or LP_TOKEN (signature, issuer,
                               audience, expiry)
  invoke <uuid> [--payload]    invoke a function and print its result
  connector                    the Connector API walk-through: AppJWT, ConsumerJWS, conversation,
                               send, the agent's reply through a verified webhook, close
  fleet [--redis <url>]        several worker processes; with Redis they share one token

Run "lpkit-demo <command> --help" for a command's options.

${COMMON_HELP}

${ENVIRONMENT_HELP}

Exit status: 0 when every step did what it should, 1 when one did not, 2 for a usage or
configuration error.`,
  domains: `Usage: lpkit-demo domains [account] [options]

Lists every service the Domain API has for the account, with its host. The account defaults to
LP_ACCOUNT_ID (live) or the emulator's demo account (offline).

${COMMON_HELP}`,
  token: `Usage: lpkit-demo token [--decode] [options]

Requests an app token from Sentinel (client credentials) and prints it, so it can be piped:
  lpkit-demo token --live | lpkit-demo verify - --live
Live mode needs LP_ACCOUNT_ID, LP_CLIENT_ID and LP_CLIENT_SECRET (LP_SENTINEL_VERSION optional).
Offline, the token comes from the embedded emulator, which stops when the command ends.

Options:
  --decode      print the decoded header and claims and the expiry instead of the token

${COMMON_HELP}`,
  verify: `Usage: lpkit-demo verify [-] [options]
       lpkit-demo token | lpkit-demo verify
       LP_TOKEN=… lpkit-demo verify

Verifies an app token as a receiving service would: RS256 signature (v2: Sentinel's JWKS, found
through the Domain API; v1: the static public key), issuer "Sentinel", audience = the account,
expiry.

Where the token comes from — never the command line by default, where ps and the shell history
would see it:
  1. the LP_TOKEN environment variable, when it is set;
  2. else stdin, when it is piped in ("-" reads stdin even from a terminal: paste, then Ctrl-D);
  3. else, offline only, a token requested from the embedded emulator first (only tokens the
     emulator issued in the same run can verify offline).

Options:
  --version v1|v2           Sentinel version of the token (default LP_SENTINEL_VERSION, else v2)
  --account <id>            the account the token must be for (default LP_ACCOUNT_ID)
  --allow-token-argument    accept the token as an argument (lpkit-demo verify <jwt>); prints a
                            warning, since other users (ps) and the shell history can read it

${COMMON_HELP}`,
  invoke: `Usage: lpkit-demo invoke <uuid> [--payload <json|@file>] [options]

Invokes a function by its UUID and prints its result. Live mode needs LP_ACCOUNT_ID,
LP_CLIENT_ID and LP_CLIENT_SECRET. Offline, try the emulator's demo functions:
  3fa85f64-5717-4562-b3fc-2c963f66afa6 (echoes its payload)
  9b2c7c1e-0d4f-4b7a-8e5c-1f2a3b4c5d6e (always fails: a 901 function error)

Options:
  --payload <json|@file>   the payload (default LP_PAYLOAD, else {})
  --user-id <id>           userId sent with the invocation (default LP_USER_ID)

${COMMON_HELP}`,
  connector: `${CONNECTOR_USAGE}

${COMMON_HELP}`,
};

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
