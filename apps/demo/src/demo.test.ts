/**
 * The walk-through end to end against the embedded emulator, in-process: plain text step by step,
 * `--json`, colour and progress decisions, and that nothing secret is ever printed.
 */
import { DEMO } from "@lpkit/emulator";
import { describe, expect, it } from "vitest";
import { JWT_PATTERN, run } from "./test-support/run.js";

/** The block of step `n` in plain output: from its header to the next blank line. */
function block(stdout: string, n: number): string {
  const start = stdout.indexOf(`[${n}/7] `);
  expect(start, `step ${n} is printed`).toBeGreaterThanOrEqual(0);
  const end = stdout.indexOf("\n\n", start);
  return stdout.slice(start, end === -1 ? undefined : end);
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);

interface JsonStep {
  number: number;
  id: string;
  status: string;
  durationMs: number;
  checks: { name: string; ok: boolean }[];
  details: Record<string, unknown>;
  lines: string[];
  reason?: string;
}

describe("pnpm demo (offline, embedded emulator)", () => {
  it("walks through the seven steps in plain text and exits 0", async () => {
    const { code, stdout, stderr, all } = await run([], {});
    expect(code, all).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).not.toMatch(ANSI);
    expect(stdout).toMatch(
      /^lpkit demo — offline, against the embedded emulator at http:\/\/127\.0\.0\.1:\d+\n/,
    );
    expect(stdout).toContain(`account ${DEMO.v2AccountId}`);

    const s1 = block(stdout, 1);
    expect(s1).toMatch(/Resolve the sentinel and faasGW hosts through the Domain API — passed in [\d.]+ m?s/);
    expect(s1).toMatch(
      new RegExp(
        `GET http://127\\.0\\.0\\.1:\\d+/api/account/${DEMO.v2AccountId}/service/baseURI\\.json → 200`,
      ),
    );
    expect(s1).toMatch(/sentinel {2}http:\/\/127\.0\.0\.1:\d+/);
    expect(s1).toMatch(/faasGW {4}http:\/\/fninvocations\.localhost:\d+ {2}\(Functions V2 convention/);
    expect(s1).toContain("✓ one Domain API lookup served both services");

    const s2 = block(stdout, 2);
    expect(s2).toContain("— passed");
    expect(s2).toMatch(/token #1 fetched from http:\/\/127\.0\.0\.1:\d+ \(Sentinel v2\): 1 attempt/);
    expect(s2).toContain("(lifetime 60 s)");
    expect(s2).toMatch(/header {2}alg RS256 · kid \S+ · typ JWT/);
    expect(s2).toContain(
      `claims  iss Sentinel · aud ${DEMO.v2AccountId} · azp 5c0ffee0… · scope faas.lambda.invoke`,
    );
    expect(s2).toMatch(
      /verified: RS256 signature against the JWKS at http:\/\/127\.0\.0\.1:\d+\/sentinel\/well-known\/jwks/,
    );
    expect(s2).toContain("✓ exactly one token request");
    expect(s2).toContain("✓ the token verifies for this account");

    const s3 = block(stdout, 3);
    expect(s3).toContain("Invoke the lambda 5 times with the same token — passed");
    expect(s3).toContain(`lambda ${DEMO.lambdaUuid} answered 5 times (HTTP 202)`);
    expect(s3).toContain('first result: {"echo":{"greeting":"hello from lpkit","call":1}');
    expect(s3).toContain("every call carried token #1; token requests during these calls: 0");
    expect(s3).toContain("✓ no further token requests");
    expect(s3).toContain("✓ the emulator issued no token meanwhile");

    const s4 = block(stdout, 4);
    expect(s4).toContain("the token is renewed in the background, no call fails — passed");
    // The windows are half and a tenth of the lifetime the manager counts: from the request start
    // when that is earlier than `exp`, so up to the request's duration plus a second under 60 s.
    const windows = s4.match(
      /background refresh in the last ([\d.]+) s, callers wait only in the last ([\d.]+) s/,
    );
    expect(windows, s4).not.toBeNull();
    expect(Number(windows![1])).toBeGreaterThan(29);
    expect(Number(windows![1])).toBeLessThanOrEqual(30);
    expect(Number(windows![2])).toBeGreaterThan(5.8);
    expect(Number(windows![2])).toBeLessThanOrEqual(6);
    const left = s4.match(
      /moved the emulator clock \(which the token manager reads\) [\d.]+ s forward: token #1 has ([\d.]+) s left/,
    );
    expect(left, s4).not.toBeNull();
    expect(Number(left![1])).toBeGreaterThan(17);
    expect(Number(left![1])).toBeLessThanOrEqual(18);
    expect(s4).toMatch(/background refresh: 1 token request, [\d.]+ m?s; token #2 expires/);
    expect(s4).toContain("2 calls after the refresh carried tokens #2 #2; failed calls: 0");
    expect(s4).toContain("✓ the refresh ran in the background and renewed the token");
    expect(s4).toContain("✓ no call failed or was refused");

    const s5 = block(stdout, 5);
    expect(s5).toContain(`invokeEvent("${DEMO.eventId}") → 202`);
    expect(s5).toContain(`isImplemented("${DEMO.eventId}") → true`);
    expect(s5).toContain('isImplemented("lpkit_demo_unimplemented_event") → false');
    expect(s5).not.toContain("✗");

    const s6 = block(stdout, 6);
    expect(s6).toMatch(/class {9}FunctionError +GatewayError/);
    expect(s6).toMatch(/code {10}ERR_FAAS_FUNCTION +ERR_FAAS_GATEWAY/);
    expect(s6).toMatch(/HTTP status {3}901 +404/);
    expect(s6).toMatch(
      /errorCode {5}com\.customer\.faas\.function\.threw-error +com\.liveperson\.faas\.function\.not-found/,
    );
    expect(s6).toContain("✓ it ran exactly once (not retried)");

    const s7 = block(stdout, 7);
    expect(s7).toMatch(
      /19 HTTP calls · 2 tokens fetched · 1 Domain API lookup · 13 invocations \(2 failing on purpose\)/,
    );
    expect(s7).toMatch(/Sentinel token {2}2 +p50 [\d.]+ m?s · p99 [\d.]+ m?s/);
    expect(s7).toMatch(/latency, all HTTP calls: +p50 [\d.]+ m?s · p99 [\d.]+ m?s/);
    expect(s7).toContain("✓ the emulator saw exactly these calls");

    expect(stdout).not.toContain("✗");
    expect(stdout).toMatch(/Done: every step did what it should — 7 passed in [\d.]+ m?s\.\n$/);
    // Never a token, never the (emulator's) client secret.
    expect(all).not.toMatch(JWT_PATTERN);
    expect(all).not.toContain(DEMO.v2ClientSecret);
  });

  it("--json prints one JSON document with every step's status, timings, checks and details", async () => {
    const { code, stdout, stderr } = await run(["--json"], {});
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    expect(stderr).toBe("");
    const doc = JSON.parse(stdout) as {
      tool: string;
      ok: boolean;
      exitCode: number;
      mode: string;
      durationMs: number;
      target: Record<string, unknown>;
      steps: JsonStep[];
    };
    expect(doc).toMatchObject({ tool: "lpkit-demo", ok: true, exitCode: 0, mode: "emulator" });
    expect(doc.target).toMatchObject({ accountId: DEMO.v2AccountId, sentinelVersion: "v2", tokenTtlSec: 60 });
    expect(doc.steps.map((step) => [step.number, step.id, step.status])).toEqual([
      [1, "resolve-hosts", "passed"],
      [2, "request-token", "passed"],
      [3, "reuse-token", "passed"],
      [4, "background-refresh", "passed"],
      [5, "invoke-by-event", "passed"],
      [6, "typed-errors", "passed"],
      [7, "summary", "passed"],
    ]);
    for (const step of doc.steps) {
      expect(step.durationMs).toBeGreaterThanOrEqual(0);
      expect(step.checks.length).toBeGreaterThan(0);
      expect(step.checks.every((check) => check.ok)).toBe(true);
    }
    const [hosts, token, reuse, refresh, event, errors, summary] = doc.steps as [
      JsonStep,
      JsonStep,
      JsonStep,
      JsonStep,
      JsonStep,
      JsonStep,
      JsonStep,
    ];
    expect(hosts.details).toMatchObject({
      convention: "v2",
      lookups: 1,
      services: ["sentinel", "faasGW", "idp", "asyncMessagingEnt"],
    });
    expect(token.details).toMatchObject({
      tokenSerial: 1,
      lifetimeSec: 60,
      header: { alg: "RS256", typ: "JWT" },
      claims: { iss: "Sentinel", aud: DEMO.v2AccountId, scope: "faas.lambda.invoke" },
      verification: { ok: true, keySource: "jwks", jwksFetches: 1 },
    });
    expect(reuse.details).toMatchObject({ calls: 5, status: 202, tokenSerials: [1], tokenRequests: 0 });
    expect(refresh.details).toMatchObject({
      refresh: { type: "token-refreshed", background: true, renewed: true },
      tokenSerials: { after: [2, 2] },
      failedCalls: 0,
      tokenRequests: 1,
    });
    expect(event.details).toMatchObject({ isImplemented: { [DEMO.eventId]: true } });
    expect(errors.details).toMatchObject({
      functionError: { name: "FunctionError", code: "ERR_FAAS_FUNCTION", status: 901 },
      gatewayError: { name: "GatewayError", code: "ERR_FAAS_GATEWAY", status: 404 },
    });
    expect(summary.details).toMatchObject({
      calls: 19,
      tokensFetched: 2,
      domainLookups: 1,
      invocations: 13,
      failedCalls: 2,
    });
    expect(summary.details.latencyMs).toMatchObject({ count: 19 });
    expect(stdout).not.toMatch(JWT_PATTERN);
  });

  it("adds colour with FORCE_COLOR, even when piped, and none with NO_COLOR on a terminal", async () => {
    const forced = await run(["--emulator"], { FORCE_COLOR: "1" });
    expect(forced.code, forced.all).toBe(0);
    expect(forced.stdout).toMatch(ANSI);
    expect(forced.stdout).not.toContain("\r"); // no progress spinner when piped

    const tty = await run([], {}, { tty: true });
    expect(tty.code, tty.all).toBe(0);
    expect(tty.stdout).toMatch(ANSI);
    expect(tty.stdout).toContain("\r\u001b[2K"); // progress line rewritten in place

    const noColor = await run([], { NO_COLOR: "1" }, { tty: true });
    expect(noColor.code, noColor.all).toBe(0);
    expect(noColor.stdout.replaceAll("\r\u001b[2K", "")).not.toMatch(ANSI);
  });

  it("runs the Sentinel v1 path offline with LP_SENTINEL_VERSION=v1, verified against the emulator's v1 key", async () => {
    const { code, stdout } = await run(["--json"], { LP_SENTINEL_VERSION: "v1" });
    expect(code, stdout).toBe(0);
    const doc = JSON.parse(stdout) as { steps: JsonStep[] };
    expect(doc.steps[1]?.details).toMatchObject({
      sentinelVersion: "v1",
      verification: { ok: true, keySource: "v1-static-key", jwksFetches: 0 },
    });
  });

  it("sends LP_PAYLOAD offline too", async () => {
    const { code, stdout } = await run(["--json"], { LP_PAYLOAD: '{"order":4711}', LP_USER_ID: "crm-user" });
    expect(code, stdout).toBe(0);
    const doc = JSON.parse(stdout) as { steps: JsonStep[] };
    expect(doc.steps[2]?.details.firstResult).toMatchObject({ echo: { order: 4711 } });
  });
});
