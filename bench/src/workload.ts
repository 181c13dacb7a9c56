/**
 * The one workload every contender runs: invoke the emulator's echo lambda of a Functions V1 account
 * with the same small payload, and check that the echo came back.
 *
 * @module
 */

/** Names of the contenders, in table order. */
export const CONTENDER_IDS = [
  "raw-fetch",
  "node-https",
  "undici-pool",
  "openapi-fetch",
  "lpkit",
  "lpkit-node",
  "official",
] as const;

/** One of {@link CONTENDER_IDS}. */
export type ContenderId = (typeof CONTENDER_IDS)[number];

/** The contenders that are a bare transport, hand-written (no client library around it). */
export const BARE_TRANSPORTS: readonly ContenderId[] = ["raw-fetch", "node-https", "undici-pool"];

/** Human-readable names and what each contender is. */
export const CONTENDERS: Readonly<Record<ContenderId, { name: string; description: string }>> = {
  "raw-fetch": {
    name: "raw fetch",
    description:
      "Node's global fetch, hand-written: Domain API lookup and one token request up front, then every invoke with a fixed Authorization header.",
  },
  "node-https": {
    name: "node:https",
    description:
      "bare node:https with a keep-alive Agent, hand-written (request written, chunks collected, JSON.parse); same setup as raw fetch.",
  },
  "undici-pool": {
    name: "undici Pool",
    description:
      "bare undici 7 Pool (16 connections, the Node transport's default) with pool.request() and body.json(), hand-written; same setup as raw fetch.",
  },
  "openapi-fetch": {
    name: "openapi-fetch",
    description:
      "openapi-fetch 0.17 with lpkit's generated Domain API, Sentinel and faasGW types; token fetched once, then a fixed Authorization header.",
  },
  lpkit: {
    name: "lpkit",
    description:
      "createLivePersonFunctions from @lpkit/auth: domain resolver + token manager (single-flight, refresh, 401 replay) + @lpkit/faasgw client (timeouts, retry policy, typed errors), all defaults — on the default transport (fetch).",
  },
  "lpkit-node": {
    name: "lpkit (Node transport)",
    description:
      "the same createLivePersonFunctions with transport: nodeTransport() from @lpkit/node-transport (undici Pool dispatch), every other default.",
  },
  official: {
    name: "official client",
    description:
      "liveperson-functions-client@2.2.0 (LivePerson's Node client: got, simple-oauth2, jsonwebtoken), all defaults.",
  },
};

/**
 * What the contenders talk to. `nginx` answers the Domain API lookup and every invoke with fixed
 * bodies (Sentinel stays the emulator's): the warm figures then measure the client. `emulator` is
 * lpkit's emulator for everything: the flows that need real tokens, and the warm figures again.
 */
export type TargetId = "nginx" | "emulator";

/** The payload every invoke sends. */
export const PAYLOAD = { conversationId: "bench", n: 1 } as const;

/** The V1 `externalSystem` / source every contender sends. */
export const SOURCE = "bench";

/**
 * What a contender needs to reach its target, passed to child processes through the environment
 * (`LP_*` as a user's program would read it, `BENCH_TARGET_IP` for the DNS guard).
 */
export interface BenchEnv {
  accountId: string;
  clientId: string;
  clientSecret: string;
  lambdaUuid: string;
  /** Domain API base URL, `http://<target ip>` (plain HTTP on port 80, as LivePerson's own client uses). */
  domainApi: string;
  /** The target's loopback address: where the DNS guard sends `adminlogin.liveperson.net`. */
  targetIp: string;
  /** File holding the CA certificates to trust (PEM): the emulator's and nginx's. */
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
    BENCH_TARGET_IP: env.targetIp,
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
    targetIp: need("BENCH_TARGET_IP"),
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
