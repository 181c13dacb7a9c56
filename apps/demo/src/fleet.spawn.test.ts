/**
 * `lpkit-demo fleet --redis <url>` as a process: the built bin starts its emulator and worker
 * processes; the Redis is a real redis-server this test starts (and stops).
 */
import { execFile, execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type RedisServer, startRedisServer } from "@lpkit/redis-test-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FleetSummary } from "./fleet/fleet-command.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli.js");
let redis: RedisServer;

function run(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      // a hang guard only: four node processes may take long to start on a busy machine
      { cwd: root, env: { PATH: process.env.PATH ?? "", ...env }, timeout: 5 * 60_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

beforeAll(async () => {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: root, stdio: "pipe" });
  redis = await startRedisServer();
}, 120_000);
afterAll(() => redis?.stop());

describe("lpkit-demo fleet", () => {
  it("--redis: 3 worker processes share one token, 1 Sentinel request", async () => {
    const { code, stdout, stderr } = await run(["--redis", redis.url, "--workers", "3", "--json"]);
    expect(stderr).toBe("");
    expect(code, `${stdout}\n${stderr}`).toBe(0);
    const summary = JSON.parse(stdout) as FleetSummary;
    expect(summary).toMatchObject({ ok: true, shared: true, sentinelTokenRequests: 1, distinctTokens: 1 });
    expect(summary.workers.map((w) => w.tokenRequests).sort()).toEqual([0, 0, 1]);
    expect(new Set(summary.workers.map((w) => w.pid)).size).toBe(3);
  });

  it("without Redis each process fetches its own token; the text names every worker", async () => {
    const { code, stdout } = await run(["fleet", "--workers", "3"]);
    expect(code, stdout).toBe(0);
    for (const n of [1, 2, 3]) {
      expect(stdout).toMatch(
        new RegExp(`worker ${n} \\(pid \\d+\\): 3 invokes ok; 1 token request to Sentinel`),
      );
    }
    expect(stdout).toContain("Sentinel token requests: 3 for 3 processes");
  });

  it("LPKIT_REDIS_URL works like --redis, and a bad URL or count is a usage error (exit 2)", async () => {
    const shared = await run(["fleet", "--workers", "2", "--json"], { LPKIT_REDIS_URL: redis.url });
    expect(JSON.parse(shared.stdout)).toMatchObject({ shared: true, sentinelTokenRequests: 1 });
    expect((await run(["--redis", "http://x"])).code).toBe(2);
    expect((await run(["fleet", "--workers", "0"])).code).toBe(2);
  });
});
