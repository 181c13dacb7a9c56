// The failure summary at the end of `pnpm test`: built from the JSON reports a real vitest writes,
// naming each failed test with its message, and nothing that passed or that an older run left.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { failureSummary } from "./turbo-test.mjs";

const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");

/** Runs vitest on `files` in a throwaway folder; the JSON report lands in `reports/<name>.json`. */
function runSuite(reports, name, files) {
  const dir = mkdtempSync(join(tmpdir(), "lpkit-turbo-test-"));
  for (const [file, text] of Object.entries(files)) {
    writeFileSync(join(dir, file), text);
  }
  const run = spawnSync(
    process.execPath,
    [
      vitest,
      "run",
      "--root",
      dir,
      "--globals",
      "--reporter=json",
      `--outputFile=${join(reports, `${name}.json`)}`,
    ],
    { encoding: "utf8", env: { ...process.env, NO_COLOR: "1", CI: "true" } },
  );
  return run.status;
}

test("names every failed test with its message, and the file that failed before its tests ran", () => {
  const reports = mkdtempSync(join(tmpdir(), "lpkit-reports-"));
  const since = Date.now() - 1_000;
  const status = runSuite(reports, "packages-example", {
    "a.test.js": [
      'describe("the store", () => {',
      '  it("keeps what it is given", () => { expect(1 + 1).toBe(2); });',
      '  it("hands back the token", () => { expect("step 2 FAILED").toBe("all passed"); });',
      "});",
    ].join("\n"),
    "b.test.js":
      'beforeAll(() => { throw new Error("redis-server did not start"); });\nit("never runs", () => {});\n',
  });
  assert.equal(status, 1);

  const summary = failureSummary(reports, since);
  assert.match(summary, /✗ packages-example › .*a\.test\.js › the store hands back the token/);
  assert.match(summary, /expected 'step 2 FAILED' to be 'all passed'/);
  assert.match(summary, /b\.test\.js/);
  assert.match(summary, /redis-server did not start/);
  assert.doesNotMatch(summary, /keeps what it is given/);
  assert.ok(!summary.includes(String.fromCharCode(27)), "no colour codes remain");
});

test("is empty when every test passed, and ignores reports older than the run", () => {
  const reports = mkdtempSync(join(tmpdir(), "lpkit-reports-"));
  const since = Date.now() - 1_000;
  assert.equal(runSuite(reports, "ok", { "ok.test.js": 'it("passes", () => {});\n' }), 0);
  assert.equal(failureSummary(reports, since), "");

  assert.equal(
    runSuite(reports, "old", { "old.test.js": 'it("failed long ago", () => { throw new Error("x"); });\n' }),
    1,
  );
  assert.match(failureSummary(reports, since), /failed long ago/);
  const anHourAgo = new Date(Date.now() - 3_600_000);
  utimesSync(join(reports, "old.json"), anHourAgo, anHourAgo);
  assert.equal(failureSummary(reports, since), "");
});

test("reports a cut-short report instead of throwing, and a missing folder as nothing", () => {
  const reports = mkdtempSync(join(tmpdir(), "lpkit-reports-"));
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, "packages-cut.json"), '{"testResults": [');
  assert.match(failureSummary(reports, 0), /packages-cut\.json: the report is not JSON/);
  assert.equal(failureSummary(join(reports, "nowhere"), 0), "");
});
