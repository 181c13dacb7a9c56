// @module scripts/release-rules.test
// The first-release rules (scripts/release-rules.mjs) on throwaway workspaces, then on this repository:
// every package that was never released must come out of the next `changeset version` as 0.1.0.
import assert from "node:assert/strict";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { firstReleaseProblems, wasReleased } from "./release-rules.mjs";
import { CHANGESET_CONFIG, changeset, createRepo, manifest } from "./spec-diff/test-repo.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function workspace(files) {
  return createRepo({
    "pnpm-workspace.yaml": "packages:\n  - packages/*\n  - apps/*\n",
    ".changeset/config.json": CHANGESET_CONFIG,
    "apps/demo/package.json": manifest("@lpkit/demo", { version: "0.0.0", private: true }),
    ...files,
  });
}

describe("first release", () => {
  it("reads a release from CHANGELOG.md", (t) => {
    const repo = workspace({
      "packages/core/package.json": manifest("@lpkit/core", { version: "0.1.0" }),
      "packages/core/CHANGELOG.md": "# @lpkit/core\n\n## 0.1.0\n\n### Minor Changes\n\n- First.\n",
    });
    t.after(repo.dispose);
    assert.equal(wasReleased(join(repo.dir, "packages/core"), "0.1.0"), true);
    assert.equal(wasReleased(join(repo.dir, "packages/core"), "0.1.1"), false);
    assert.equal(wasReleased(join(repo.dir, "packages/nothing"), "0.0.0"), false);
  });

  it("accepts unreleased packages at 0.0.0 with a minor changeset, and ignores released and private ones", (t) => {
    const repo = workspace({
      "packages/core/package.json": manifest("@lpkit/core", { version: "0.0.0" }),
      "packages/auth/package.json": manifest("@lpkit/auth", { version: "0.3.1" }),
      "packages/auth/CHANGELOG.md": "# @lpkit/auth\n\n## 0.3.1\n\n- Fix.\n",
      ".changeset/first.md": changeset({ "@lpkit/core": "minor", "@lpkit/auth": "major" }),
      ".changeset/more.md": changeset({ "@lpkit/core": "patch" }),
    });
    t.after(repo.dispose);
    assert.deepEqual(firstReleaseProblems(repo.dir), []);
  });

  it("refuses an unreleased package at 0.1.0 (its first release would be 0.2.0)", (t) => {
    const repo = workspace({
      "packages/idp/package.json": manifest("@lpkit/idp", { version: "0.1.0" }),
      ".changeset/idp.md": changeset({ "@lpkit/idp": "minor" }),
    });
    t.after(repo.dispose);
    const problems = firstReleaseProblems(repo.dir);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /@lpkit\/idp was never released but is at 0\.1\.0: set "version": "0\.0\.0"/);
  });

  it("refuses a major (1.0.0) and a first release made only of patches (0.0.1)", (t) => {
    const repo = workspace({
      "packages/core/package.json": manifest("@lpkit/core", { version: "0.0.0" }),
      "packages/redis/package.json": manifest("@lpkit/redis", { version: "0.0.0" }),
      ".changeset/a.md": changeset({ "@lpkit/core": "major", "@lpkit/redis": "patch" }),
      ".changeset/b.md": changeset({ "@lpkit/core": "minor" }),
    });
    t.after(repo.dispose);
    const problems = firstReleaseProblems(repo.dir);
    assert.equal(problems.length, 2, problems.join("\n"));
    assert.match(
      problems[0],
      /@lpkit\/core: \.changeset\/a\.md bumps it "major", which would release 1\.0\.0/,
    );
    assert.match(problems[1], /@lpkit\/redis was never released and no pending changeset bumps it "minor"/);
  });

  it("holds for this repository: every unreleased package will be released as 0.1.0", () => {
    assert.deepEqual(firstReleaseProblems(ROOT), []);
  });
});
