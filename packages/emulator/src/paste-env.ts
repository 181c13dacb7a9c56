/**
 * The lines a user pastes to point an app at a running emulator: `LPKIT_DOMAIN_API` (the one
 * setting every lpkit client reads — a loopback Domain API makes the loopback hosts it hands out
 * acceptable, reached with its scheme, and `*.localhost` names are pinned to 127.0.0.1 inside
 * lpkit), the CA for `--tls`, and one app installation with a lambda and the V1 key, named as
 * `lpkit-demo` reads them. `lpkit-emulator` prints them; `--print-env` prints only them.
 *
 * @module
 */
import type { Emulator } from "./emulator.js";

/** One `NAME=value` line. */
export interface EnvLine {
  readonly name: string;
  readonly value: string;
  /** What it is for, printed as a comment in the text summary. */
  readonly note: string;
}

/** The base64 body of a PEM (one line, what `LP_V1_PUBLIC_KEY` takes). */
function pemBody(pem: string): string {
  return pem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
}

/**
 * The environment lines for `emulator`: the first app installation (its account, client id and
 * secret — the emulator's own, made-up ones), a lambda of that account, and `caFile` for `--tls`.
 *
 * @example
 * ```ts
 * for (const { name, value } of pasteEnv(emulator)) console.log(`${name}=${value}`);
 * ```
 */
export function pasteEnv(emulator: Emulator, caFile?: string): EnvLine[] {
  const lines: EnvLine[] = [
    {
      name: "LPKIT_DOMAIN_API",
      value: emulator.domainApiUrl,
      note: "every lpkit client's Domain API (instead of api.liveperson.net)",
    },
  ];
  if (caFile !== undefined) {
    lines.push(
      { name: "NODE_EXTRA_CA_CERTS", value: caFile, note: "--tls: Node and Bun trust the emulator's CA" },
      { name: "DENO_CERT", value: caFile, note: "--tls: Deno trusts the emulator's CA" },
    );
  }
  const app = emulator.apps()[0];
  if (app !== undefined) {
    const lambda =
      emulator.lambdas().find((entry) => entry.accountId === app.accountId) ??
      emulator.lambdas().find((entry) => entry.accountId === undefined);
    const functions = emulator.accounts().find((account) => account.id === app.accountId)?.functions;
    lines.push(
      {
        name: "LP_ACCOUNT_ID",
        value: app.accountId,
        note: `an account of the emulator${functions ? ` (Functions ${functions})` : ""}`,
      },
      { name: "LP_CLIENT_ID", value: app.clientId, note: "its app installation" },
      { name: "LP_CLIENT_SECRET", value: app.clientSecret, note: "the emulator's own made-up secret" },
    );
    if (lambda !== undefined) {
      lines.push({ name: "LP_LAMBDA_UUID", value: lambda.uuid, note: "a lambda to invoke" });
    }
  }
  lines.push({
    name: "LP_V1_PUBLIC_KEY",
    value: pemBody(emulator.v1PublicKey),
    note: "verifies the emulator's Sentinel v1 tokens (LP_SENTINEL_VERSION=v1)",
  });
  return lines;
}

/** `value` as a shell word: as is when it holds only safe characters, else single-quoted. */
export function shellWord(value: string): string {
  return /^[A-Za-z0-9_./:=+@,-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The `NAME=value` lines of `--print-env` (shell and dotenv syntax).
 *
 * @example
 * ```ts
 * console.log(formatEnvLines(pasteEnv(emulator))); // LPKIT_DOMAIN_API=http://127.0.0.1:4000 …
 * ```
 */
export function formatEnvLines(lines: readonly EnvLine[]): string {
  return lines.map(({ name, value }) => `${name}=${shellWord(value)}`).join("\n");
}
