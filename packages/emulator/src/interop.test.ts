import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import { createEmulator, type Emulator } from "./emulator.js";
import { createConformanceRecorder, requestViolations } from "./test-support/conformance.js";
import { onFreeLoopbackAddress, privilegedPortsUnavailable } from "./test-support/privileged-loopback.js";
import { verifyIssuedTokens } from "./test-support/tokens.js";

/**
 * LivePerson's official Node client (liveperson-functions-client@2.2.0) talks to the emulator:
 * Domain API lookup → Sentinel token → invoke, for a Functions V1 and a V2 account.
 *
 * The client hard-codes http://adminlogin.liveperson.net (port 80) and https:// (port 443) and
 * cannot take a port in a faasGW host, so the emulator listens on ports 443 (TLS) and 80 (plain)
 * of a random loopback address of its own (a new one on EADDRINUSE, so it collides with nothing);
 * a child process maps the two LivePerson names it needs to that address and refuses all others.
 * Where this process may not bind ports below 1024, the suite is skipped and says why.
 */
const childScript = fileURLToPath(new URL("./test-support/fcn-interop-child.cjs", import.meta.url));
const skipReason = await privilegedPortsUnavailable();
const recorder = createConformanceRecorder({ requests: "ignore" });
let ip: string;
let emulator: Emulator;
let dir: string;
let output: Record<string, unknown>;

beforeAll(async () => {
  if (skipReason !== undefined) {
    return;
  }
  ip = await onFreeLoopbackAddress(
    async (address) => {
      emulator = createEmulator({ tls: true, host: address, port: 443, onExchange: recorder.onExchange });
      await emulator.start();
      await emulator.listen({ port: 80, tls: false });
    },
    async () => {
      await emulator?.stop().catch(() => {});
    },
  );
  dir = await mkdtemp(join(tmpdir(), "lpkit-interop-"));
  const caFile = join(dir, "ca.pem");
  await writeFile(caFile, emulator.ca as string);
  const { stdout } = await promisify(execFile)(process.execPath, [childScript], {
    env: {
      PATH: process.env.PATH,
      NODE_EXTRA_CA_CERTS: caFile,
      EMULATOR_IP: ip,
      INTEROP_CONFIG: JSON.stringify({
        v1: { accountId: DEMO.accountId, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret },
        v2: { accountId: DEMO.v2AccountId, clientId: DEMO.v2ClientId, clientSecret: DEMO.v2ClientSecret },
        lambdaUuid: DEMO.lambdaUuid,
        failingLambdaUuid: DEMO.failingLambdaUuid,
        eventId: DEMO.eventId,
      }),
    },
    timeout: 100_000, // a hang guard only: a loaded machine starts Node and the official client slowly
  });
  output = JSON.parse(stdout.trim()) as Record<string, unknown>;
}); // the shared hook timeout (120 s), above the child's hang guard

afterAll(async () => {
  if (skipReason !== undefined) {
    return;
  }
  await emulator?.stop();
  if (dir) {
    await rm(dir, { recursive: true, force: true });
  }
  const { violations, checkedResponses } = await recorder.check();
  expect(violations).toEqual([]);
  expect(checkedResponses).toBeGreaterThan(5);
});

const title = "liveperson-functions-client@2.2.0 against the emulator";
describe.skipIf(skipReason !== undefined)(skipReason ? `${title} (skipped: ${skipReason})` : title, () => {
  it("advertises port-less hosts on the standard ports, as the official client needs", () => {
    expect(emulator.url).toBe(`https://${ip}:443`);
    expect(emulator.hosts).toEqual({
      sentinel: ip,
      faasGW: ip,
      faasGWV2: "fninvocations.localhost",
      idp: ip,
      asyncMessagingEnt: ip,
    });
  });

  it("completes domain lookup → token → invoke on a Functions V1 account", () => {
    expect(output.v1Invoke).toEqual({
      ok: true,
      status: 200,
      body: { echo: { from: "official client" }, headers: [{ key: "x-test", value: "1" }] },
    });
    expect(output.v1Event).toEqual({ ok: true, status: 200, body: { echo: 42, headers: [] } });
    expect(output.v1IsImplemented).toBe(true);
  });

  it("completes the V2 flow through the fninvocations host (LP-EventSource, 202)", () => {
    expect(output.v2Invoke).toEqual({ ok: true, status: 202, body: { echo: "v2", headers: [] } });
    expect(output.v2IsImplemented).toBe(false);
  });

  it("receives the 901 body and classifies it as the lambda's own error", () => {
    expect(output.v1Failing).toEqual({
      ok: false,
      status: 901,
      body: {
        errorCode: "com.liveperson.faas.handler.custom-failure",
        errorMsg: "Error: the demo lambda failed on purpose",
        errorLogs: [
          {
            level: "Error",
            message: "the demo failing lambda was called",
            timestamp: expect.any(Number),
            extras: [],
          },
        ],
      },
    });
    expect(output.strictFailing).toBe("FaaSLambdaError");
  });

  it("resolved only the two routed names", () => {
    expect(output.lookups).toEqual(
      expect.arrayContaining(["adminlogin.liveperson.net", "fninvocations.localhost"]),
    );
    expect(
      (output.lookups as string[]).every((name) =>
        ["adminlogin.liveperson.net", "fninvocations.localhost"].includes(name),
      ),
    ).toBe(true);
  });

  it("went through the emulator: Domain API, v=2.0 on the V1 token path, invocations", () => {
    const stats = emulator.stats();
    expect(stats.domainLookups.byAccount[DEMO.accountId]).toBeGreaterThanOrEqual(1);
    expect(stats.requests.byRoute["sentinel.token.v1"]?.byStatus["200"]).toBeGreaterThanOrEqual(2);
    expect(stats.tokens.byVersion.v2).toBeGreaterThanOrEqual(2);
    expect(stats.executions.byLambda[DEMO.lambdaUuid]).toBe(3);
    const tokenRequests = recorder.exchanges.filter((exchange) => exchange.route === "sentinel.token.v1");
    expect(tokenRequests.every((exchange) => exchange.request.search === "?v=2.0")).toBe(true);
  });

  it("jose verifies the tokens it was issued", async () => {
    expect(await verifyIssuedTokens(emulator, recorder)).toBeGreaterThanOrEqual(2);
  });

  it("sends requests that match lpkit's specs (including the empty skillId it sends on V1)", async () => {
    expect(recorder.exchanges.some((exchange) => exchange.request.query.get("skillId") === "")).toBe(true);
    const violations = [];
    for (const exchange of recorder.exchanges) {
      violations.push(...(await requestViolations(exchange)));
    }
    expect(violations).toEqual([]);
  });
});
