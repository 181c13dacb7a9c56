#!/usr/bin/env node
/**
 * `turbo run typecheck test --continue`, and when it fails, every failed test once more at the very
 * end of the output. turbo interleaves the packages' logs, so the failure of a package that finished
 * early sits pages above the end, behind the output of the packages that finished later; a CI log
 * that keeps only its tail would show nothing but "Failed: @lpkit/…#test".
 *
 * The failures come from the JSON reports that every package's vitest writes into `.test-reports/`
 * (see `vitest.shared.ts`); reports older than this run are ignored.
 *
 * Usage: node scripts/turbo-test.mjs [extra turbo arguments]
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const REPORTS = join(root, ".test-reports");

/** Lines kept of one failure message: enough for the assertion, its diff and the test's own line. */
const MAX_LINES = 40;

/**
 * The failed tests of the reports in `dir` written at or after `since` (ms since the epoch), as text.
 * Returns "" when no report names a failure.
 *
 * @example
 * ```js
 * process.stdout.write(failureSummary(REPORTS, startedAt));
 * ```
 */
export function failureSummary(dir, since) {
  let names;
  try {
    names = readdirSync(dir).filter((n) => n.endsWith(".json"));
  } catch {
    return "";
  }
  const blocks = [];
  for (const name of names.sort()) {
    const path = join(dir, name);
    if (statSync(path).mtimeMs < since) {
      continue;
    }
    let report;
    try {
      report = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      blocks.push(`${name}: the report is not JSON (the run was cut short?)`);
      continue;
    }
    const suite = name.slice(0, -".json".length);
    for (const file of report.testResults ?? []) {
      const where = String(file.name ?? "").replace(`${root}/`, "");
      const failed = (file.assertionResults ?? []).filter((a) => a.status === "failed");
      for (const test of failed) {
        const message = (test.failureMessages ?? []).join("\n") || "(no message)";
        blocks.push(`✗ ${suite} › ${where} › ${test.fullName ?? test.title}\n${indent(message)}`);
      }
      if (failed.length === 0 && file.status === "failed") {
        blocks.push(
          `✗ ${suite} › ${where} (the file failed outside a test)\n${indent(file.message || "(no message)")}`,
        );
      }
    }
  }
  return blocks.length === 0 ? "" : `${blocks.join("\n\n")}\n`;
}

const COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

function indent(text) {
  const lines = String(text).replace(COLOUR, "").split("\n");
  const kept = lines.slice(0, MAX_LINES);
  if (lines.length > MAX_LINES) {
    kept.push(`… ${lines.length - MAX_LINES} more lines in the package's output above`);
  }
  return kept.map((line) => `    ${line}`).join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(REPORTS, { recursive: true });
  const startedAt = Date.now() - 1_000; // file times may be coarser than ms
  const turbo = spawnSync("turbo", ["run", "typecheck", "test", "--continue", ...process.argv.slice(2)], {
    cwd: root,
    stdio: "inherit",
  });
  if (turbo.error) {
    console.error(`could not start turbo: ${turbo.error.message}`);
  }
  const code = turbo.status ?? 1;
  if (code !== 0) {
    const summary = failureSummary(REPORTS, startedAt);
    process.stdout.write("\n──── failed tests (repeated from the output above) ────\n");
    process.stdout.write(
      summary ||
        "no vitest report names a failed test (a type error, an unhandled error or a crash): see the failed task's output above\n",
    );
  }
  process.exit(code);
}
