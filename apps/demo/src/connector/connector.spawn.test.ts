/**
 * `lpkit-demo connector` as a process (the built bin, as `pnpm demo connector` runs it): offline
 * against its embedded emulator, and "live" against an emulator this test starts — with a client
 * secret the test knows, so it can prove that neither the secret (nor any 8-character piece of it)
 * nor a token appears in anything the process prints, even with `--debug`. Builds `dist/` first
 * when it is missing or older than the sources.
 */
import { execFile, execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONSUMER_SCOPE, createEmulator, DEMO } from "@lpkit/emulator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JWT_PATTERN } from "../test-support/run.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const cli = join(root, "dist", "cli.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = entry.name === "test-support" ? newest : Math.max(newest, newestSource(path));
    } else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts")) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

function spawnCli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      // A hang guard only (a busy machine can be slow to start a process), never a time bound.
      { cwd: root, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 240_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Every 8-character piece of `secret` (a secret cut in half still leaks). */
const pieces = (secret: string) =>
  Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));

beforeAll(() => {
  if (!existsSync(cli) || statSync(cli).mtimeMs < newestSource(join(root, "src"))) {
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "pipe" });
  }
}, 120_000);

describe("lpkit-demo connector, offline", () => {
  it("walks the whole Connector flow: 8 steps passed, exit 0, plain when piped", async () => {
    const { code, stdout, stderr } = await spawnCli(["connector"]);
    expect(stderr).toBe("");
    expect(code, stdout).toBe(0); // the walkthrough's own output says which check failed
    expect(stdout).not.toContain("\u001b[");
    for (let n = 1; n <= 8; n++) {
      expect(stdout).toMatch(new RegExp(`\\[${n}/8\\] .* — passed`));
    }
    expect(stdout).toContain('agent: "You said: Hello from lpkit — où est mon colis? 📦"');
    expect(stdout).toContain("webhook: cqm.ExConversationChangeNotification, stage CLOSE");
    expect(stdout).toContain("HTTP requests: Domain API 1 · Sentinel 1 · IdP 1 · CONVERSATION 1 · SEND 3");
    expect(stdout).not.toMatch(JWT_PATTERN);
  });

  it("--json: one document, every step passed, with the facts for scripts; --debug prints no token", async () => {
    const { code, stdout, stderr } = await spawnCli(["connector", "--json", "--debug"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as {
      ok: boolean;
      steps: { id: string; status: string; details: Record<string, unknown> }[];
    };
    expect(report.ok).toBe(true);
    expect(report.steps.map((s) => [s.id, s.status])).toEqual([
      ["resolve-hosts", "passed"],
      ["app-jwt", "passed"],
      ["consumer-jws", "passed"],
      ["conversation", "passed"],
      ["send", "passed"],
      ["webhook-reply", "passed"],
      ["close", "passed"],
      ["summary", "passed"],
    ]);
    expect(report.steps[7]?.details.requests).toEqual({
      domain: 1,
      sentinel: 1,
      idp: 1,
      conversation: 1,
      send: 3,
    });
    expect(stderr).toContain("debug: ");
    expect(`${stdout}${stderr}`).not.toMatch(JWT_PATTERN);
  });

  it("--help explains the live variables", async () => {
    const { code, stdout } = await spawnCli(["connector", "--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("LP_EXT_CONSUMER_ID");
    expect(stdout).toContain("LP_WEBHOOK_PORT");
  });
});

describe("lpkit-demo connector, live (against an emulator this test runs)", () => {
  const secret = "spawned-Connector-Secret-91x";
  const clientId = "0d3e5f7a-1111-4222-8333-444455556666";
  const emulator = createEmulator({ demo: true });
  let port = 0;
  beforeAll(async () => {
    await emulator.start();
    port = await freePort();
    const endpoint = `http://127.0.0.1:${port}/hooks`;
    emulator.registerApp({
      accountId: DEMO.accountId,
      clientId,
      clientSecret: secret,
      scope: CONSUMER_SCOPE,
      capabilities: {
        webhooks: {
          "ms.MessagingEventNotification.ContentEvent": { endpoint },
          "ms.MessagingEventNotification.ChatStateEvent": { endpoint },
          "ms.MessagingEventNotification.AcceptStatusEvent": { endpoint },
          "cqm.ExConversationChangeNotification": { endpoint },
        },
      },
    });
  });
  afterAll(() => emulator.stop());

  it("runs every step with LP_* variables and LP_WEBHOOK_PORT, and prints no secret, even in part", async () => {
    const env = {
      LP_DOMAIN_API: emulator.domainApiUrl,
      LP_ACCOUNT_ID: DEMO.accountId,
      LP_CLIENT_ID: clientId,
      LP_CLIENT_SECRET: secret,
      LP_EXT_CONSUMER_ID: "live-test-consumer",
      LP_WEBHOOK_PORT: String(port),
    };
    const { code, stdout, stderr } = await spawnCli(["connector", "--debug"], env);
    const all = `${stdout}\n${stderr}`;
    expect(code, all).toBe(0);
    expect(stdout).toMatch(/\[6\/8\] Receive the agent's reply .* — passed/);
    expect(stdout).toContain("consumer live-test-consumer");
    expect(
      emulator.stats().connector.consumerJws.issuedByConsumer[`${DEMO.accountId} live-test-consumer`],
    ).toBe(1);
    expect(all).not.toMatch(JWT_PATTERN);
    for (const piece of pieces(secret)) {
      expect(all).not.toContain(piece);
    }
  });

  it("without LP_WEBHOOK_PORT the webhook step is skipped; a missing LP_EXT_CONSUMER_ID exits 2 before any request", async () => {
    const base = {
      LP_DOMAIN_API: emulator.domainApiUrl,
      LP_ACCOUNT_ID: DEMO.accountId,
      LP_CLIENT_ID: clientId,
      LP_CLIENT_SECRET: secret,
    };
    const requestsBefore = emulator.stats().requests.total;
    const missing = await spawnCli(["connector"], base);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("LP_EXT_CONSUMER_ID: not set");
    expect(emulator.stats().requests.total).toBe(requestsBefore);
    const skipped = await spawnCli(["connector"], { ...base, LP_EXT_CONSUMER_ID: "live-test-consumer-2" });
    expect(skipped.code, skipped.stdout).toBe(0);
    expect(skipped.stdout).toMatch(/\[6\/8\] Receive the agent's reply .* — skipped/);
    expect(`${skipped.stdout}${skipped.stderr}`).not.toContain(secret.slice(0, 8));
  });
});
