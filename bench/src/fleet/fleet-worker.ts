/**
 * One process of the fleet: sets up its client (`FLEET_WORKER`: lpkit on the shared Redis, lpkit on
 * its own, or LivePerson's official client), says `ready`, and on `run` invokes the echo lambda
 * every `intervalMs` for `durationMs`, then reports what it saw: calls, failures, the slowest call,
 * the tokens it sent (short hashes) and whether any was past its JWT `exp` when sent. Started with
 * the bench's DNS guard and the emulator's CA (`NODE_EXTRA_CA_CERTS`), like every contender.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { createLivePersonFunctions, type TokenStore } from "@lpkit/auth";
import { isLpkitError } from "@lpkit/core";
import { createRedisTokenStore, nodeRedisOptions } from "@lpkit/redis";
import { Client } from "liveperson-functions-client";
import { createClient } from "redis";
import { checkEcho, PAYLOAD, SOURCE } from "../workload.js";
import {
  type FleetCommand,
  type FleetReply,
  type FleetWorkerConfig,
  type FleetWorkerReport,
  WAIT_THRESHOLD_MS,
  WORKER_CONFIG_ENV,
} from "./protocol.js";

type Invoke = () => Promise<void>;

const send = (reply: FleetReply) => process.send?.(reply);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What the lpkit workers observe on the wire: every token sent to faasGW, and for each call how
 * long it took to get its token while the last token sent was still valid (calls are sequential).
 */
const sent = {
  tokens: new Set<string>(),
  expired: 0,
  /** True-clock expiry (ms) of the last token sent. */
  lastExpMs: 0,
  callStartedAt: 0,
  callStartedWithValidToken: false,
  waits: 0,
  worstWaitMs: 0,
};

function startCall(): void {
  sent.callStartedAt = performance.now();
  sent.callStartedWithValidToken = sent.lastExpMs > Date.now();
}

function observe(authorization: string | null): void {
  const token = authorization?.replace(/^Bearer\s+/i, "");
  if (!token) {
    return;
  }
  if (sent.callStartedWithValidToken) {
    const waitedMs = performance.now() - sent.callStartedAt;
    sent.worstWaitMs = Math.max(sent.worstWaitMs, waitedMs);
    sent.waits += waitedMs > WAIT_THRESHOLD_MS ? 1 : 0;
  }
  sent.tokens.add(createHash("sha256").update(token).digest("hex").slice(0, 12));
  try {
    const claims = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as {
      exp?: number;
    };
    if (typeof claims.exp === "number") {
      sent.lastExpMs = claims.exp * 1000;
      if (claims.exp * 1000 <= Date.now()) {
        sent.expired += 1; // judged on the true clock, whatever the worker's skew
      }
    }
  } catch {
    // not a JWT: the emulator will refuse it, and the call counts as failed
  }
}

async function lpkit(config: FleetWorkerConfig, fallbacks: { count: number }): Promise<Invoke> {
  let store: TokenStore | undefined;
  if (config.client === "lpkit-redis") {
    const client = createClient(nodeRedisOptions({ url: config.redisUrl }));
    client.on("error", () => {}); // the store reports failures; a dropped socket must not crash the worker
    await client.connect();
    // The entry leaves Redis `expiryMarginMs` (default 5 s) before its token expires: for the
    // short-lived tokens of a quick run that margin must shrink, or nothing would be shared.
    store = createRedisTokenStore({
      redis: client,
      expiryMarginMs: Math.min(5_000, config.tokenTtlSec * 100),
    });
  }
  const observingFetch: typeof fetch = (input, init) => {
    const request = new Request(input, init);
    if (new URL(request.url).pathname.includes("/invoke")) {
      observe(request.headers.get("authorization"));
    }
    return fetch(request);
  };
  const lp = createLivePersonFunctions({
    accountId: config.accountId,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    domainApi: { baseUrl: config.domainApi },
    tokens: { store },
    faas: { source: SOURCE },
    fetch: observingFetch,
    now: () => Date.now() + config.clockOffsetMs,
    logger: {
      warn: (message) => {
        if (message.includes("requesting a token in this process")) {
          fallbacks.count += 1;
        }
      },
    },
  });
  return async () => {
    startCall();
    const { data } = await lp.invoke(config.lambdaUuid, PAYLOAD);
    checkEcho(data);
  };
}

function official(config: FleetWorkerConfig): Invoke {
  const client = new Client({
    accountId: config.accountId,
    authStrategy: { clientId: config.clientId, clientSecret: config.clientSecret },
    // Its default refreshes 30 minutes before expiry: half of a one-hour token. The same share of
    // the short tokens here, so it renews as it would in production instead of on every call.
    jwtRefreshAfterMinutes: config.tokenTtlSec / 2 / 60,
  });
  return async () => {
    const response = await client.invoke({
      lambdaUuid: config.lambdaUuid,
      externalSystem: SOURCE,
      body: { headers: [], payload: PAYLOAD },
    });
    if (!response.ok) {
      throw new Error(`official client: invoke answered ${response.status}`);
    }
    checkEcho(response.body);
  };
}

function failureName(error: unknown): string {
  if (isLpkitError(error)) {
    const status = (error as { status?: unknown }).status;
    return typeof status === "number" ? `${error.code} ${status}` : error.code;
  }
  return error instanceof Error ? error.name : typeof error;
}

async function run(invoke: Invoke, durationMs: number, intervalMs: number, fallbacks: { count: number }) {
  const failures: Record<string, number> = {};
  let calls = 0;
  let failed = 0;
  let worstMs = 0;
  let slowCalls = 0;
  const end = performance.now() + durationMs;
  await sleep(Math.random() * intervalMs); // spread the fleet's calls over the interval
  while (performance.now() < end) {
    const started = performance.now();
    try {
      await invoke();
    } catch (error) {
      failed += 1;
      const name = failureName(error);
      failures[name] = (failures[name] ?? 0) + 1;
    }
    calls += 1;
    const took = performance.now() - started;
    worstMs = Math.max(worstMs, took);
    slowCalls += took > 1_000 ? 1 : 0;
    await sleep(Math.max(0, intervalMs - took));
  }
  const report: FleetWorkerReport = {
    calls,
    failed,
    failures,
    worstMs,
    slowCalls,
    tokens: [...sent.tokens],
    expiredSent: sent.expired,
    fallbacks: fallbacks.count,
    waits: sent.waits,
    worstWaitMs: sent.worstWaitMs,
  };
  return report;
}

async function once(invoke: Invoke): Promise<void> {
  const started = performance.now();
  let failure: string | undefined;
  try {
    await invoke();
  } catch (error) {
    failure = failureName(error);
  }
  send({ type: "once", ms: performance.now() - started, failure });
}

async function main(): Promise<void> {
  if (!process.env.BENCH_TARGET_IP) {
    // Without it the preloaded DNS guard stays off: names would reach the real resolver, and the
    // official client's hard-coded Domain API host would not reach the emulator.
    throw new Error("fleet worker: BENCH_TARGET_IP is not set, so the bench DNS guard is not installed");
  }
  const config = JSON.parse(process.env[WORKER_CONFIG_ENV] ?? "{}") as FleetWorkerConfig;
  const fallbacks = { count: 0 };
  const invoke = config.client === "official" ? official(config) : await lpkit(config, fallbacks);
  process.on("disconnect", () => process.exit(0));
  process.on("message", (command: FleetCommand) => {
    if (command.type === "exit") {
      process.exit(0);
    }
    const work =
      command.type === "once"
        ? once(invoke)
        : run(invoke, command.durationMs, command.intervalMs, fallbacks).then((report) =>
            send({ type: "report", report }),
          );
    work.catch((error: unknown) => send({ type: "error", message: String(error) }));
  });
  send({ type: "ready" });
}

main().catch((error: unknown) => {
  send({
    type: "error",
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  });
  process.exitCode = 1;
});
