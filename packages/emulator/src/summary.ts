/**
 * What `lpkit-emulator` prints when it is ready: URLs, accounts with their hosts, app
 * credentials (the emulator's own) and lambdas — as text for people and as JSON for scripts.
 *
 * @module
 */
import type { Emulator } from "./emulator.js";
import { hostForUrl } from "./listening.js";
import { pasteEnv, shellWord } from "./paste-env.js";

/** The machine-readable form of the start-up summary. */
export interface SummaryJson {
  /** The package version. */
  version: string;
  /** The address actually bound (`0.0.0.0` when serving every interface with `--expose`). */
  listening: { address: string; port: number; family: string; exposed: boolean };
  /** The base URL to use from this machine. */
  url: string;
  domainApiUrl: string;
  /** Base URL of the admin endpoint, when served. */
  adminUrl?: string | undefined;
  /** Sentinel's rate limit, tokens per client per minute, when set. */
  tokensPerMinute?: number | undefined;
  hosts: { sentinel: string; faasGW: string; faasGWV2: string };
  accounts: { id: string; functions: string }[];
  apps: { accountId: string; clientId: string; clientSecret: string; scope: string }[];
  lambdas: {
    uuid: string;
    name?: string | undefined;
    eventId?: string | undefined;
    accountId?: string | undefined;
  }[];
  v1PublicKey: string;
  caFile?: string | undefined;
  /** The environment lines to paste into an app's shell (see `--print-env`). */
  env: Record<string, string>;
}

/**
 * Builds the start-up summary of a running emulator.
 *
 * @example
 * ```ts
 * console.log(serviceSummary(emulator).text);
 * ```
 */
export function serviceSummary(
  emulator: Emulator,
  version: string,
  caFile?: string,
): { text: string; json: SummaryJson } {
  const address = emulator.address;
  const json: SummaryJson = {
    version,
    listening: { ...address },
    url: emulator.url,
    domainApiUrl: emulator.domainApiUrl,
    adminUrl: emulator.adminUrl,
    tokensPerMinute: emulator.tokenRateLimit,
    hosts: emulator.hosts,
    accounts: emulator.accounts().map(({ id, functions }) => ({ id, functions })),
    apps: emulator.apps().map(({ accountId, clientId, clientSecret, scope }) => ({
      accountId,
      clientId,
      clientSecret,
      scope,
    })),
    lambdas: emulator
      .lambdas()
      .map(({ uuid, name, eventId, accountId }) => ({ uuid, name, eventId, accountId })),
    v1PublicKey: emulator.v1PublicKey,
    caFile,
    env: {},
  };
  const env = pasteEnv(emulator, caFile);
  for (const { name, value } of env) {
    json.env[name] = value;
  }
  const scheme = new URL(json.url).protocol;
  const bound = `${scheme}//${hostForUrl(address.address)}:${address.port}`;
  const lines = [
    `lpkit-emulator ${version} listening on ${bound}${address.exposed ? " (reachable from other machines)" : ""}`,
    ...(bound === json.url ? [] : [`  URL: ${json.url}`]),
    `  Domain API: ${json.domainApiUrl}/api/account/{accountId}/service/baseURI.json?version=1.0`,
    `  hosts it hands out: sentinel ${json.hosts.sentinel}, faasGW ${json.hosts.faasGW} (Functions V2: ${json.hosts.faasGWV2})`,
    ...(json.adminUrl
      ? [`  admin (loopback only): ${json.adminUrl}/stats, /faults, /clock, /rate-limit`]
      : []),
    ...(json.tokensPerMinute
      ? [`  Sentinel rate limit: ${json.tokensPerMinute} tokens per client per minute`]
      : []),
    "",
    "Accounts:",
    ...json.accounts.map((account) => `  ${account.id} (Functions ${account.functions})`),
    "",
    "App installations (the emulator's own demo credentials):",
    ...json.apps.map(
      (app) =>
        `  account ${app.accountId}: client_id ${app.clientId}  client_secret ${app.clientSecret}  scope ${app.scope}`,
    ),
    "",
    "Lambdas:",
    ...json.lambdas.map(
      (lambda) =>
        `  ${lambda.uuid}${lambda.name ? ` ${lambda.name}` : ""}${lambda.eventId ? ` (event ${lambda.eventId})` : ""}${lambda.accountId ? ` [account ${lambda.accountId}]` : ""}`,
    ),
    "",
    "V1 static public key (V1 tokens are not in the JWKS):",
    json.v1PublicKey.trim(),
  ];
  if (caFile) {
    lines.push("", `CA certificate written to ${caFile}`);
  }
  lines.push(
    "",
    "Point your app at it (paste into its shell; --print-env prints only these lines):",
    ...env.map(({ name, value, note }) => `  export ${name}=${shellWord(value)}  # ${note}`),
  );
  lines.push("", "Press Ctrl-C to stop.");
  return { text: lines.join("\n"), json };
}
