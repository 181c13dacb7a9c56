/**
 * Live mode, offline: `LP_DOMAIN_API` points the live code path at an emulator this test starts
 * (plain HTTP on loopback), with the test's own app installation and secret. Covers a full live run,
 * bad credentials, an unreachable host and configuration errors — and that the secret is never
 * printed, with or without debug output.
 */
import { createEmulator, DEMO, type Emulator } from "@lpkit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JWT_PATTERN, run } from "./test-support/run.js";
import { closedPort } from "./test-support/streams.js";

const SECRET = "s3cr3t-Live-Mode-9f8e7d6c";
const WRONG_SECRET = "wr0ng-Secret-1a2b3c4d5e";
const CLIENT_ID = "lpkit-demo-test-client";
const LAMBDA = "6d1e4f2a-9c3b-4a5d-8e7f-0a1b2c3d4e5f";

let emulator: Emulator;

beforeAll(async () => {
  emulator = createEmulator({ tokenTtlSec: 3600 });
  await emulator.start();
  for (const accountId of [DEMO.accountId, DEMO.v2AccountId]) {
    emulator.registerApp({ accountId, clientId: `${CLIENT_ID}-${accountId}`, clientSecret: SECRET });
  }
  emulator.registerLambda(LAMBDA, (payload, context) => ({
    payload,
    userId: context.userId,
    source: context.source,
  }));
});

afterAll(async () => {
  await emulator?.stop();
});

function liveEnv(overrides: Record<string, string | undefined> = {}, accountId: string = DEMO.accountId) {
  return {
    LP_DOMAIN_API: emulator.url,
    LP_ACCOUNT_ID: accountId,
    LP_CLIENT_ID: `${CLIENT_ID}-${accountId}`,
    LP_CLIENT_SECRET: SECRET,
    LP_LAMBDA_UUID: LAMBDA,
    ...overrides,
  };
}

interface JsonDoc {
  ok: boolean;
  exitCode: number;
  mode: string;
  steps: {
    id: string;
    status: string;
    reason?: string;
    details: Record<string, unknown>;
    error?: Record<string, unknown>;
  }[];
}

describe("live mode (pointed at a loopback emulator through LP_DOMAIN_API)", () => {
  it("runs the same flow against the hosts the Domain API names, skipping the emulator-only steps", async () => {
    emulator.resetStats();
    const { code, stdout, stderr } = await run(
      [],
      liveEnv({ LP_PAYLOAD: '{"order":4711}', LP_USER_ID: "crm-user" }),
    );
    expect(stderr).toBe("");
    expect(code, stdout).toBe(0);
    expect(stdout).toContain(`lpkit demo — live, against the hosts the Domain API at ${emulator.url} names`);
    expect(stdout).toMatch(/\[1\/7\] Resolve the sentinel and faasGW hosts through the Domain API — passed/);
    expect(stdout).toMatch(/faasGW {4}http:\/\/127\.0\.0\.1:\d+ {2}\(Functions V1 convention\)/);
    expect(stdout).toMatch(/\[2\/7\] Request an app token, decode it and verify it — passed/);
    expect(stdout).toMatch(/\[3\/7\] Invoke the lambda 5 times with the same token — passed/);
    expect(stdout).toContain(
      'first result: {"payload":{"order":4711},"userId":"crm-user","source":"lpkit-demo"}',
    );
    expect(stdout).toContain(
      "[4/7] Reach the refresh window: the token is renewed in the background, no call fails — skipped (emulator only: it needs control over the token clock)",
    );
    expect(stdout).toContain("[5/7] Invoke by event and ask isImplemented — skipped (emulator only:");
    expect(stdout).toMatch(/\[6\/7\] .* — passed/);
    expect(stdout).toContain("the function error (901) is emulator only");
    expect(stdout).toMatch(/\[7\/7\] .* — passed/);
    expect(stdout).toContain("1 token fetched · 1 Domain API lookup · 6 invocations (1 failing on purpose)");
    expect(stdout).toContain("Done: every step did what it should — 5 passed, 2 skipped");
    // The emulator really served it: one lookup, one token, through the live code path.
    const stats = emulator.stats();
    expect(stats.domainLookups.total).toBe(1);
    expect(stats.tokens.issued).toBe(1);
    expect(stats.invocations.byLambda[LAMBDA]).toBe(5);
    expect(stdout).not.toContain(SECRET);
    expect(stdout).not.toMatch(JWT_PATTERN);
  });

  it("reaches a Functions V2 account's fninvocations.localhost host over loopback HTTP", async () => {
    const { code, stdout } = await run(["--json"], liveEnv({}, DEMO.v2AccountId));
    const doc = JSON.parse(stdout) as JsonDoc;
    expect(code).toBe(0);
    expect(doc).toMatchObject({ ok: true, mode: "live" });
    expect(doc.steps.map((step) => step.status)).toEqual([
      "passed",
      "passed",
      "passed",
      "skipped",
      "skipped",
      "passed",
      "passed",
    ]);
    expect(doc.steps[0]?.details).toMatchObject({ convention: "v2" });
    expect(doc.steps[3]?.reason).toMatch(/^emulator only/);
  });

  it("bad credentials: exit 1 at step 2 with the OAuth error and a hint, later steps not run, no secret printed", async () => {
    for (const debug of [[], ["--debug"]]) {
      const { code, stdout, stderr, all } = await run(
        [...debug],
        liveEnv({ LP_CLIENT_SECRET: WRONG_SECRET, ...(debug.length > 0 ? { LPKIT_DEBUG: "1" } : {}) }),
      );
      expect(code).toBe(1);
      expect(stdout).toMatch(/\[1\/7\] .* — passed/);
      expect(stdout).toMatch(/\[2\/7\] Request an app token, decode it and verify it — FAILED/);
      expect(stdout).toMatch(/error: TokenRequestError ERR_TOKEN_REQUEST \(HTTP 401\): .*invalid_client/);
      expect(stdout).toContain(
        "hint: Sentinel refused the credentials: check LP_CLIENT_ID and LP_CLIENT_SECRET",
      );
      expect(stdout).toContain(
        "[3/7] Invoke the lambda 5 times with the same token — not run (step 2 failed)",
      );
      expect(stdout).toMatch(/Failed: step 2 did not do what it should .* \(exit status 1\)\./);
      if (debug.length > 0) {
        expect(stderr).toMatch(
          /debug: http #\d+ POST http:\/\/127\.0\.0\.1:\d+\/sentinel\/api\/v2\/account\/\d+\/app\/token → 401/,
        );
        expect(stderr).toContain("clientSecret=[REDACTED]");
      }
      expect(all).not.toContain(WRONG_SECRET);
      expect(all).not.toContain(SECRET);
    }
  });

  it("never prints the secret, not even with --debug and LPKIT_DEBUG on a successful run", async () => {
    const { code, stdout, stderr, all } = await run(["--debug", "--json"], liveEnv({ LPKIT_DEBUG: "1" }));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ ok: true });
    expect(stderr).toMatch(/debug: http #1 GET/);
    expect(stderr).toMatch(/debug: info @lpkit\/auth: token-fetched/);
    expect(all).not.toContain(SECRET);
    expect(all).not.toMatch(JWT_PATTERN);
  });

  it("an unreachable Domain API: exit 1 at step 1 with a clear message, no secret printed", async () => {
    const port = await closedPort();
    const { code, stdout, all } = await run([], liveEnv({ LP_DOMAIN_API: `http://127.0.0.1:${port}` }));
    expect(code).toBe(1);
    expect(stdout).toMatch(/\[1\/7\] Resolve the sentinel and faasGW hosts through the Domain API — FAILED/);
    expect(stdout).toMatch(/error: NetworkError ERR_NETWORK: .*ECONNREFUSED/);
    expect(stdout).toContain("hint: check the network connection, and LP_DOMAIN_API if it is set");
    expect(stdout).toContain("[2/7] Request an app token, decode it and verify it — not run (step 1 failed)");
    expect(stdout).toContain(
      "[7/7] Summary: calls, tokens fetched, domain lookups, latency — not run (step 1 failed)",
    );
    expect(all).not.toContain(SECRET);
  });

  it("an unreachable host with --json: the failure is in the document", async () => {
    const port = await closedPort();
    const { code, stdout } = await run(["--json"], liveEnv({ LP_DOMAIN_API: `http://127.0.0.1:${port}` }));
    expect(code).toBe(1);
    const doc = JSON.parse(stdout) as JsonDoc;
    expect(doc).toMatchObject({ ok: false, exitCode: 1 });
    expect(doc.steps[0]).toMatchObject({
      status: "failed",
      error: { name: "NetworkError", code: "ERR_NETWORK" },
    });
    expect(doc.steps.slice(1).every((step) => step.status === "not-run")).toBe(true);
  });

  it("an account the Domain API does not know: exit 1 with a hint naming LP_ACCOUNT_ID", async () => {
    const { code, stdout } = await run([], liveEnv({ LP_ACCOUNT_ID: "99999999" }));
    expect(code).toBe(1);
    expect(stdout).toMatch(/\[1\/7\] .* — FAILED/);
    expect(stdout).toContain("hint: check LP_ACCOUNT_ID");
  });

  it("a lambda that does not exist: step 3 fails with a GatewayError and a hint naming LP_LAMBDA_UUID", async () => {
    const { code, stdout } = await run(
      [],
      liveEnv({ LP_LAMBDA_UUID: "11111111-2222-4333-8444-555555555555" }),
    );
    expect(code).toBe(1);
    expect(stdout).toMatch(/\[3\/7\] .* — FAILED/);
    expect(stdout).toMatch(/error: GatewayError ERR_FAAS_GATEWAY \(HTTP 404\)/);
    expect(stdout).toContain("hint: check LP_LAMBDA_UUID");
    // Step 3 is not essential: the rest still runs, and the summary counts the unexpected failures.
    expect(stdout).toMatch(/\[6\/7\] .* — passed/);
    expect(stdout).toMatch(/\[7\/7\] .* — FAILED/);
    expect(stdout).toContain("✗ no call failed except those meant to (2 failed, 1 meant to)");
  });
});

describe("configuration errors (before any request)", () => {
  it("names every missing variable, exits 2 and sends nothing", async () => {
    emulator.resetStats();
    const { code, stdout, stderr } = await run([], {
      LP_DOMAIN_API: emulator.url,
      LP_ACCOUNT_ID: "12345678",
    });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("the configuration for live mode is incomplete or malformed:");
    expect(stderr).toContain("  LP_CLIENT_ID: not set");
    expect(stderr).toContain("  LP_CLIENT_SECRET: not set");
    expect(stderr).toContain("  LP_LAMBDA_UUID: not set");
    expect(stderr).not.toContain("LP_ACCOUNT_ID: ");
    expect(stderr).toContain("Live mode because LP_ACCOUNT_ID, LP_DOMAIN_API are set");
    expect(emulator.stats().requests.total).toBe(0);
  });

  it("names each malformed variable and never echoes the secret", async () => {
    emulator.resetStats();
    const { code, stderr, all } = await run(
      [],
      liveEnv({
        LP_ACCOUNT_ID: "12 34",
        LP_CLIENT_SECRET: "   ",
        LP_LAMBDA_UUID: "not-a-uuid",
        LP_SENTINEL_VERSION: "v3",
        LP_PAYLOAD: "{oops",
        LP_USER_ID: "",
      }),
    );
    expect(code).toBe(2);
    for (const name of [
      "LP_ACCOUNT_ID",
      "LP_CLIENT_SECRET",
      "LP_LAMBDA_UUID",
      "LP_SENTINEL_VERSION",
      "LP_PAYLOAD",
      "LP_USER_ID",
    ]) {
      expect(stderr).toMatch(new RegExp(`^  ${name}: `, "m"));
    }
    expect(stderr).not.toMatch(/^ {2}LP_CLIENT_ID: /m);
    expect(emulator.stats().requests.total).toBe(0);
    expect(all).not.toContain(SECRET);
  });

  it("--json: the configuration error is a JSON document too", async () => {
    const { code, stdout, all } = await run(["--json"], { LP_CLIENT_SECRET: SECRET });
    expect(code).toBe(2);
    const doc = JSON.parse(stdout) as {
      ok: boolean;
      exitCode: number;
      error: { code: string; variables: string[] };
    };
    expect(doc).toMatchObject({ ok: false, exitCode: 2, error: { code: "ERR_DEMO_CONFIG" } });
    expect(doc.error.variables).toEqual(["LP_ACCOUNT_ID", "LP_CLIENT_ID", "LP_LAMBDA_UUID"]);
    expect(all).not.toContain(SECRET);
  });

  it("--emulator ignores the LP_* variables", async () => {
    const { code, stdout } = await run(["--emulator"], { LP_ACCOUNT_ID: "not valid!" });
    expect(code).toBe(0);
    expect(stdout).toContain("lpkit demo — offline");
  });

  it("--live without any variable names all four", async () => {
    const { code, stderr } = await run(["--live"], {});
    expect(code).toBe(2);
    for (const name of ["LP_ACCOUNT_ID", "LP_CLIENT_ID", "LP_CLIENT_SECRET", "LP_LAMBDA_UUID"]) {
      expect(stderr).toContain(`  ${name}: not set`);
    }
    expect(stderr).toContain("Live mode because --live was given");
  });
});
