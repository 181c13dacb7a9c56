/**
 * `pnpm bench:connector --quick` end to end: the emulator child starts, every figure is measured
 * and well formed, and the counts the Connector promises hold (one ConsumerJWS and one conversation
 * for 1,000 concurrent first sends, every delivery handed on once). No performance threshold.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";

const run = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "dist", "connector", "run.js");

it("--quick measures every Connector figure and writes the results and the section", async () => {
  const out = mkdtempSync(join(tmpdir(), "lpkit-bench-connector-test-"));
  const stdout = await new Promise<string>((resolve, reject) => {
    // A hang guard only (minutes), never a time bound.
    execFile(process.execPath, [run, "--quick", "--out-dir", out], { timeout: 300_000 }, (error, text) =>
      error ? reject(error) : resolve(text),
    );
  });
  expect(stdout).toContain("## Connector API (Send API and webhooks)");
  const results = JSON.parse(readFileSync(join(out, "connector-results.json"), "utf8"));
  for (const contender of [results.send.lpkit, results.send.rawFetch]) {
    expect(contender.sendsPerSecond.median).toBeGreaterThan(0);
    expect(contender.cpuUsPerSend.median).toBeGreaterThan(0);
  }
  expect(results.burst).toMatchObject({ sends: 1_000, consumerJwsRequests: 1, conversationRequests: 1 });
  expect(results.burst.failed, JSON.stringify(results.burst.failures)).toBe(0);
  expect(results.verify.lpkitUs.median).toBeGreaterThan(0);
  expect(results.receiver.handedToCallbacks).toBe(results.plan.deliveries * results.plan.repetitions);
  expect(results.receiver.bareAccepted).toBe(results.plan.deliveries * results.plan.repetitions);
  const markdown = readFileSync(join(out, "BENCHMARKS.md"), "utf8");
  expect(markdown).toMatch(
    /<!-- generated:connector:start -->[\s\S]*ConsumerJWS \(IdP\) \| 1 \| 1[\s\S]*<!-- generated:connector:end -->/,
  );
});
