/**
 * The `--help` texts of `lpkit-demo`, per command, with the options and environment every command
 * shares.
 *
 * @module
 */
import type { CommandName } from "./cli-args.js";
import { CONNECTOR_USAGE } from "./connector/usage.js";

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
