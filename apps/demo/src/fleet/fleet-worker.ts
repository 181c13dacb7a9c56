/**
 * One process of `lpkit-demo fleet`: its own `createLivePersonFunctions` (and, with a Redis URL, its
 * own connection and `@lpkit/redis` token store). Says `ready`, waits for `go`, invokes the demo
 * function `calls` times, reports what it did and exits.
 *
 * @module
 */
import { createHash } from "node:crypto";
import { createLivePersonFunctions, type TokenStore } from "@lpkit/auth";
import { isLpkitError } from "@lpkit/core";
import { createRedisTokenStore, nodeRedisOptions } from "@lpkit/redis";
import { createClient } from "redis";
import { FLEET_WORKER_ENV, type FleetMessage, type FleetWorkerSettings } from "./fleet-protocol.js";

const send = (message: FleetMessage) => process.send?.(message);

async function main(): Promise<void> {
  const settings = JSON.parse(process.env[FLEET_WORKER_ENV] ?? "{}") as FleetWorkerSettings;
  let store: TokenStore | undefined;
  let close = async () => {};
  if (settings.redisUrl) {
    const client = createClient(nodeRedisOptions({ url: settings.redisUrl }));
    client.on("error", () => {}); // the store reports trouble itself
    await client.connect();
    store = createRedisTokenStore({ redis: client });
    close = async () => client.destroy();
  }
  const tokens = new Set<string>();
  let tokenRequests = 0;
  const lp = createLivePersonFunctions({
    accountId: settings.accountId,
    clientId: settings.clientId,
    clientSecret: settings.clientSecret,
    domainApi: { baseUrl: settings.domainApi },
    tokens: { store },
    faas: { source: "lpkit-demo-fleet" },
    fetch: (input: string | URL | Request, init?: RequestInit) => {
      const request = new Request(input, init);
      if (request.url.includes("/token")) {
        tokenRequests += 1;
      }
      const bearer = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "");
      if (bearer && request.url.includes("/invoke")) {
        tokens.add(createHash("sha256").update(bearer).digest("hex").slice(0, 8));
      }
      return fetch(request);
    },
  });
  await new Promise<void>((resolve) => {
    process.once("message", (message: FleetMessage) => message.type === "go" && resolve());
    send({ type: "ready" });
  });
  let failed = 0;
  let firstError: string | undefined;
  for (let i = 0; i < settings.calls; i++) {
    try {
      await lp.invoke(settings.lambdaUuid, { worker: settings.index, call: i });
    } catch (error) {
      failed += 1;
      firstError ??= isLpkitError(error) ? error.code : error instanceof Error ? error.name : "error";
    }
  }
  lp.dispose();
  await close();
  send({
    type: "done",
    result: {
      index: settings.index,
      pid: process.pid,
      invokes: settings.calls,
      failed,
      tokens: [...tokens],
      tokenRequests,
      firstError,
    },
  });
  process.disconnect?.();
}

main().catch((error: unknown) => {
  send({
    type: "failed",
    message: isLpkitError(error) ? error.code : error instanceof Error ? error.name : "error",
  });
  process.exitCode = 1;
  process.disconnect?.();
});
