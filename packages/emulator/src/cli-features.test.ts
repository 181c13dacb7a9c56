// The command line beyond start-up (issue 16 item 7, issue 13 item 11): --version, one-line usage
// errors (JSON with --json), --expose, --log, --fault, --clock, --rate-limit, --cors and the admin
// endpoint, each against the built command in its own process.
import { readFileSync } from "node:fs";
import http from "node:http";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import type { SummaryJson } from "./summary.js";
import { type RunningCli, runCli } from "./test-support/cli-process.js";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

async function summaryOf(running: RunningCli): Promise<SummaryJson> {
  return JSON.parse((await running.firstOutput).split("\n")[0] as string) as SummaryJson;
}

async function stop(running: RunningCli): Promise<{ code: number | null; stdout: string; stderr: string }> {
  running.child.kill("SIGTERM");
  return running.exit;
}

function token(
  url: string,
  path = `/sentinel/api/v2/account/${DEMO.accountId}/app/token`,
): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      client_id: DEMO.clientId,
      client_secret: DEMO.clientSecret,
      grant_type: "client_credentials",
    }),
  });
}

function invoke(url: string, bearer: string, query = "?v=1"): Promise<Response> {
  return fetch(`${url}/api/account/${DEMO.accountId}/lambdas/${DEMO.lambdaUuid}/invoke${query}`, {
    method: "POST",
    headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
    body: JSON.stringify({ timestamp: 0, headers: [], payload: { hello: "world" } }),
  });
}

describe("lpkit-emulator flags", () => {
  it("prints its version with --version and -v (JSON with --json)", async () => {
    expect(await runCli(["--version"]).exit).toMatchObject({ code: 0, stdout: `${version}\n` });
    expect(await runCli(["-v"]).exit).toMatchObject({ code: 0, stdout: `${version}\n` });
    const json = await runCli(["--version", "--json"]).exit;
    expect(JSON.parse(json.stdout)).toEqual({ name: "@lpkit/emulator", version });
  });

  it("reports a usage error as one JSON line on stdout with --json, exit 2", async () => {
    const result = await runCli(["--json", "--bogus"]).exit;
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      error: { code: "ERR_USAGE", message: "unknown option --bogus", help: "lpkit-emulator --help" },
    });
    const fault = await runCli(["--fault", "faasgw.invoke:kind=explode"]).exit;
    expect(fault.code).toBe(2);
    expect(fault.stderr).toMatch(
      /^lpkit-emulator: --fault: give a kind, a status or a latencyMs \(see --help\)\n$/,
    );
  });

  it("listen on every interface: refuses --host 0.0.0.0 without --expose", async () => {
    const result = await runCli(["--host", "0.0.0.0"]).exit;
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      "lpkit-emulator: --host 0.0.0.0 is not a loopback address: add --expose to let other machines reach it (see --help)\n",
    );
  });

  it("listen on every interface: with --expose warns on stderr and prints the address actually bound", async () => {
    const json = runCli(["--host", "0.0.0.0", "--expose", "--json"]);
    const summary = await summaryOf(json);
    expect(summary.listening).toMatchObject({ address: "0.0.0.0", exposed: true });
    expect(summary.url).toBe(`http://127.0.0.1:${summary.listening.port}`);
    expect(json.stderr()).toContain("warning: listening on 0.0.0.0");
    expect(json.stderr()).toContain("reachable from other machines");
    await stop(json);
    const text = runCli(["--host", "0.0.0.0", "--expose"]);
    const first = (await text.firstOutput).split("\n")[0];
    expect(first).toMatch(
      /^lpkit-emulator \S+ listening on http:\/\/0\.0\.0\.0:\d+ \(reachable from other machines\)$/,
    );
    expect((await stop(text)).stdout).toMatch(/\n {2}URL: http:\/\/127\.0\.0\.1:\d+\n/);
  });

  it("--log prints one line per request with route, status and time, never a secret or a query value", async () => {
    const running = runCli(["--log"]);
    const url = /listening on (http:\/\/\S+)/.exec(await running.firstOutput)?.[1] as string;
    const issued = (await (await token(url)).json()) as { access_token: string };
    await invoke(url, issued.access_token, "?v=1&externalSystem=crm-query-value&userId=user-query-value");
    await fetch(`${url}/nowhere?api_key=query-secret`);
    const stdout = await running.waitForStdout((text) => text.includes(" 404 "), "three log lines");
    const lines = stdout.split("\n").filter((line) => /^\d{2}:\d{2}:\d{2}\.\d{3} /.test(line));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\S+ POST sentinel\.token\.v2 200 \d+\.\d ms account=12345678$/);
    expect(lines[1]).toMatch(
      new RegExp(`^\\S+ POST faasgw\\.invoke 200 \\d+\\.\\d ms account=12345678 lambda=${DEMO.lambdaUuid}$`),
    );
    expect(lines[2]).toMatch(/^\S+ GET unknown 404 \d+\.\d ms$/);
    for (const secret of [
      DEMO.clientSecret,
      issued.access_token.split(".")[2] as string,
      "query-value",
      "query-secret",
    ]) {
      expect(lines.join("\n")).not.toContain(secret);
    }
    await stop(running);
  });

  it("applies --fault, --clock and --rate-limit, and serves the admin endpoint", async () => {
    const running = runCli([
      "--json",
      "--fault",
      "faasgw.invoke:status=503,retryAfter=2,times=1",
      "--clock",
      "2030-01-01T00:00:00Z",
      "--rate-limit",
      "1",
    ]);
    const summary = await summaryOf(running);
    expect(summary).toMatchObject({ version, tokensPerMinute: 1, adminUrl: `${summary.url}/__lpkit` });
    const first = await token(summary.url);
    const { access_token } = (await first.json()) as { access_token: string };
    expect(decodeJwt(access_token).iat).toBeGreaterThanOrEqual(Date.UTC(2030, 0, 1) / 1000);
    const limited = await token(summary.url);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    const faulted = await invoke(summary.url, access_token);
    expect([faulted.status, faulted.headers.get("retry-after")]).toEqual([503, "2"]);
    expect((await invoke(summary.url, access_token)).status).toBe(200);
    const moved = await fetch(`${summary.adminUrl}/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ clock: "+61s" }),
    });
    expect(moved.status).toBe(200);
    expect((await token(summary.url)).status).toBe(200);
    const stats = (await (await fetch(`${summary.adminUrl}/stats`)).json()) as {
      tokens: { issued: number; rateLimited: number };
      faults: { applied: number };
    };
    expect(stats.tokens).toMatchObject({ issued: 2, rateLimited: 1 });
    expect(stats.faults.applied).toBe(1);
    expect((await stop(running)).code).toBe(0);
  });

  it("answers CORS preflights only with --cors, and serves no admin endpoint with --no-admin", async () => {
    const running = runCli(["--json", "--cors", "http://localhost:5173", "--no-admin"]);
    const summary = await summaryOf(running);
    expect(summary.adminUrl).toBeUndefined();
    const status = (origin: string) =>
      new Promise<{ status: number; allow: string | undefined }>((resolve, reject) => {
        const request = http.request(
          new URL(`/api/account/${DEMO.accountId}/lambdas/${DEMO.lambdaUuid}/invoke?v=1`, summary.url),
          {
            method: "OPTIONS",
            headers: {
              origin,
              "access-control-request-method": "POST",
              "access-control-request-headers": "authorization",
            },
          },
          (response) => {
            response.resume();
            resolve({
              status: response.statusCode ?? 0,
              allow: response.headers["access-control-allow-origin"] as string | undefined,
            });
          },
        );
        request.once("error", reject);
        request.end();
      });
    expect(await status("http://localhost:5173")).toEqual({ status: 204, allow: "http://localhost:5173" });
    expect(await status("http://evil.example")).toEqual({ status: 405, allow: undefined });
    expect((await fetch(`${summary.url}/__lpkit/stats`)).status).toBe(404);
    await stop(running);
  });
});
