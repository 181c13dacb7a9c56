/**
 * The one workload every contender runs: invoke the emulator's echo lambda of a Functions V1 account
 * with the same small payload, and check that the echo came back.
 *
 * @module
 */

/** Names of the contenders, in table order. */
export const CONTENDER_IDS = ["raw-fetch", "openapi-fetch", "lpkit", "official"] as const;

/** One of {@link CONTENDER_IDS}. */
export type ContenderId = (typeof CONTENDER_IDS)[number];

/** Human-readable names and what each contender is. */
export const CONTENDERS: Readonly<Record<ContenderId, { name: string; description: string }>> = {
  "raw-fetch": {
    name: "raw fetch",
    description:
      "Node's global fetch, hand-written: Domain API lookup and one token request up front, then every invoke with a fixed Authorization header (the floor).",
  },
  "openapi-fetch": {
    name: "openapi-fetch",
    description:
      "openapi-fetch 0.17 with lpkit's generated Domain API, Sentinel and faasGW types; token fetched once, then a fixed Authorization header.",
  },
  lpkit: {
    name: "lpkit",
    description:
      "createLivePersonFunctions from @lpkit/auth: domain resolver + token manager (single-flight, refresh, 401 replay) + @lpkit/faasgw client (timeouts, retry policy, typed errors), all defaults.",
  },
  official: {
    name: "official client",
    description:
      "liveperson-functions-client@2.2.0 (LivePerson's Node client: got, simple-oauth2, jsonwebtoken), all defaults.",
  },
};

/** The payload every invoke sends. */
export const PAYLOAD = { conversationId: "bench", n: 1 } as const;

/** The V1 `externalSystem` / source every contender sends. */
export const SOURCE = "bench";

/**
 * What a contender needs to reach the emulator, passed to child processes through the environment
 * (`LP_*` as a user's program would read it, `BENCH_EMULATOR_IP` for the DNS guard).
 */
export interface BenchEnv {
  accountId: string;
  clientId: string;
  clientSecret: string;
  lambdaUuid: string;
  /** Domain API base URL, `http://<emulator ip>` (plain HTTP on port 80, as LivePerson's own client uses). */
  domainApi: string;
  /** The emulator's loopback address. */
  emulatorIp: string;
  /** File holding the emulator's CA certificate (PEM). */
  caFile: string;
}

/**
 * The environment of a child process that runs a contender: nothing inherited except `PATH`, so no
 * `NODE_OPTIONS` or proxy setting of the parent changes what is measured.
 */
export function childEnv(env: BenchEnv): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "",
    NODE_EXTRA_CA_CERTS: env.caFile,
    BENCH_EMULATOR_IP: env.emulatorIp,
    LP_ACCOUNT_ID: env.accountId,
    LP_CLIENT_ID: env.clientId,
    LP_CLIENT_SECRET: env.clientSecret,
    LP_LAMBDA_UUID: env.lambdaUuid,
    LP_DOMAIN_API: env.domainApi,
  };
}

/** Reads a {@link BenchEnv} back from `process.env` inside a child process. */
export function benchEnvFromProcess(source: NodeJS.ProcessEnv = process.env): BenchEnv {
  const need = (name: string): string => {
    const value = source[name];
    if (value === undefined || value === "") {
      throw new Error(`bench: ${name} is not set`);
    }
    return value;
  };
  return {
    accountId: need("LP_ACCOUNT_ID"),
    clientId: need("LP_CLIENT_ID"),
    clientSecret: need("LP_CLIENT_SECRET"),
    lambdaUuid: need("LP_LAMBDA_UUID"),
    domainApi: need("LP_DOMAIN_API"),
    emulatorIp: need("BENCH_EMULATOR_IP"),
    caFile: need("NODE_EXTRA_CA_CERTS"),
  };
}

/**
 * Checks that an invoke returned the echo of {@link PAYLOAD}; every contender runs this same check.
 *
 * @example
 * ```ts
 * checkEcho({ echo: { conversationId: "bench", n: 1 }, headers: [] }); // ok
 * ```
 */
export function checkEcho(value: unknown): void {
  const echo = (value as { echo?: { conversationId?: unknown } } | null | undefined)?.echo;
  if (echo?.conversationId !== PAYLOAD.conversationId) {
    throw new Error(`bench: unexpected invoke result ${JSON.stringify(value)?.slice(0, 200)}`);
  }
}
