import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO } from "./config.js";
import type { SummaryJson } from "./summary.js";
import { runCli, waitFor } from "./test-support/cli-process.js";
import { httpsGet } from "./test-support/https-get.js";

const packageDir = fileURLToPath(new URL("..", import.meta.url));
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lpkit-emulator-cli-"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = runCli;

describe("lpkit-emulator", () => {
  it("is a committed, executable launcher with a shebang, so installs link it before any build", async () => {
    const manifest = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as {
      bin: Record<string, string>;
    };
    const launcher = join(packageDir, manifest.bin["lpkit-emulator"] as string);
    expect(manifest.bin["lpkit-emulator"]).toBe("./bin/lpkit-emulator.js");
    expect((await readFile(launcher, "utf8")).startsWith("#!/usr/bin/env node\n")).toBe(true);
    expect((await stat(launcher)).mode & 0o111).not.toBe(0);
  });

  it("prints its URLs and credentials as JSON, serves them, and stops on SIGTERM", async () => {
    const running = run(["--port", "0", "--json", "--token-ttl", "90"]);
    const summary = JSON.parse((await running.firstOutput).trim()) as SummaryJson;
    expect(summary.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(summary.apps).toContainEqual({
      accountId: DEMO.accountId,
      clientId: DEMO.clientId,
      clientSecret: DEMO.clientSecret,
      scope: "faas.lambda.invoke",
    });
    expect(summary.v1PublicKey).toContain("BEGIN PUBLIC KEY");
    const token = await fetch(`${summary.url}/sentinel/api/v2/account/${DEMO.accountId}/app/token`, {
      method: "POST",
      body: new URLSearchParams({
        client_id: DEMO.clientId,
        client_secret: DEMO.clientSecret,
        grant_type: "client_credentials",
      }),
    });
    expect(((await token.json()) as { expires_in: string }).expires_in).toBe("90");
    running.child.kill("SIGTERM");
    const { code } = await running.exit;
    expect(code).toBe(0);
    await expect(fetch(`${summary.url}/sentinel/well-known/jwks`)).rejects.toThrow();
  });

  it("prints text, writes its CA with --tls --ca-out, and stops on SIGINT", async () => {
    const caFile = join(dir, "ca.pem");
    const running = run(["--port", "0", "--tls", "--ca-out", caFile]);
    const first = await running.firstOutput;
    const url = /listening on (https:\/\/\S+)/.exec(first)?.[1] as string;
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await waitFor(() => existsSync(caFile), "the CA file");
    const ca = await readFile(caFile, "utf8");
    const { status } = await httpsGet(`${url}/sentinel/well-known/jwks`, { ca });
    expect(status).toBe(200);
    running.child.kill("SIGINT");
    const { code, stdout } = await running.exit;
    expect(code).toBe(0);
    expect(stdout).toContain(`client_secret ${DEMO.clientSecret}`);
    expect(stdout).toContain(`CA certificate written to ${caFile}`);
    expect(stdout).toContain("stopped (SIGINT)");
  });

  it("loads accounts, apps and canned lambdas from --config", async () => {
    const file = join(dir, "emulator.yaml");
    await writeFile(
      file,
      [
        "accounts:",
        "  - id: '424242'",
        "apps:",
        "  - { accountId: '424242', clientId: cfg-app, clientSecret: cfg-secret }",
        "lambdas:",
        "  - { uuid: 0f8d1c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f, result: { canned: true } }",
      ].join("\n"),
    );
    const running = run(["--config", file, "--json"]);
    const summary = JSON.parse((await running.firstOutput).trim()) as SummaryJson;
    expect(summary.accounts).toEqual([{ id: "424242", functions: "v1" }]);
    const tokenResponse = await fetch(`${summary.url}/sentinel/api/account/424242/app/token?v=1.0`, {
      method: "POST",
      body: new URLSearchParams({
        client_id: "cfg-app",
        client_secret: "cfg-secret",
        grant_type: "client_credentials",
      }),
    });
    const { access_token } = (await tokenResponse.json()) as { access_token: string };
    const invoked = await fetch(
      `${summary.url}/api/account/424242/lambdas/0f8d1c2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f/invoke?v=1`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${access_token}`, "content-type": "application/json" },
        body: JSON.stringify({ payload: {} }),
      },
    );
    expect(await invoked.json()).toEqual({ canned: true });
    running.child.kill("SIGTERM");
    expect((await running.exit).code).toBe(0);
  });

  it("exits 2 with one line pointing at --help on a bad flag, and 1 on a bad config file", async () => {
    const bad = run(["--port", "nope"]);
    const result = await bad.exit;
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("lpkit-emulator: --port must be an integer from 0 to 65535 (see --help)\n");
    expect(result.stdout).toBe("");
    const missing = await run(["--config", join(dir, "missing.yaml")]).exit;
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("missing.yaml");
  });

  it("prints help", async () => {
    const { code, stdout } = await run(["--help"]).exit;
    expect(code).toBe(0);
    expect(stdout).toContain("--ca-out <file>");
  });
});
