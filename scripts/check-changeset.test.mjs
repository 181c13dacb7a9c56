// @module scripts/check-changeset.test
// `pnpm check:changeset` on throwaway git repositories shaped like the workspace.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { affectsRelease, checkChangesets } from "./check-changeset.mjs";
import { workspaceDirs } from "./spec-diff/changesets.mjs";
import { CHANGESET_CONFIG, changeset, createRepo, manifest } from "./spec-diff/test-repo.mjs";

const CLI = join(dirname(fileURLToPath(import.meta.url)), "check-changeset.mjs");

/** core + auth publishable, demo private (apps/), tools ignored in the changeset config. */
function workspaceRepo() {
  return createRepo({
    "packages/core/package.json": manifest("@lpkit/core"),
    "packages/core/src/index.ts": "export const a = 1;\n",
    "packages/auth/package.json": manifest("@lpkit/auth"),
    "packages/auth/src/index.ts": "export const b = 1;\n",
    "packages/private-tool/package.json": manifest("@lpkit/private-tool", { private: true }),
    "apps/demo/package.json": manifest("@lpkit/demo", { private: true }),
    "apps/demo/src/cli.ts": "console.log(1);\n",
    ".changeset/config.json": CHANGESET_CONFIG,
    ".changeset/README.md": "# Changesets\n",
    "README.md": "# lpkit\n",
  });
}

function check(repo, ref = "main") {
  const lines = [];
  const result = checkChangesets({ cwd: repo.dir, ref, print: (line) => lines.push(line) });
  return { ...result, output: lines.join("\n") };
}

const status = (result) => Object.fromEntries(result.packages.map((p) => [p.name, p.status]));

describe("check-changeset", () => {
  it("passes when nothing publishable changed (root files, private apps)", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({
      "README.md": "# lpkit, reworded\n",
      "apps/demo/src/cli.ts": "console.log(2);\n",
      "packages/private-tool/index.js": "x\n",
    });
    const result = check(repo);
    assert.equal(result.exitCode, 0, result.output);
    assert.deepEqual(result.packages, []);
  });

  it("fails when a publishable package changed without a changeset, naming it and the files", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({ "packages/core/src/index.ts": "export const a = 2;\n" });
    const result = check(repo);
    assert.equal(result.exitCode, 1);
    assert.deepEqual(status(result), { "@lpkit/core": "missing" });
    assert.match(
      result.output,
      /✗ @lpkit\/core: changed without a changeset \(packages\/core\/src\/index\.ts\)/,
    );
  });

  it("counts untracked new files and committed changes alike", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({ "packages/auth/src/new-file.ts": "export {};\n" });
    assert.deepEqual(status(check(repo)), { "@lpkit/auth": "missing" });
    repo.commit("add a file");
    repo.write({ "packages/core/README.md": "# core\n" });
    repo.commit("docs");
    const result = check(repo, repo.git("rev-list", "--max-parents=0", "HEAD"));
    assert.deepEqual(status(result), { "@lpkit/auth": "missing", "@lpkit/core": "missing" });
  });

  it("passes when a changeset added since the base names each changed package", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({
      "packages/core/src/index.ts": "export const a = 2;\n",
      "packages/auth/src/index.ts": "export const b = 2;\n",
      ".changeset/brave-owls.md": changeset({ "@lpkit/core": "minor" }),
      ".changeset/calm-cats.md": changeset({ "@lpkit/auth": "patch" }),
    });
    const result = check(repo);
    assert.equal(result.exitCode, 0, result.output);
    assert.deepEqual(status(result), { "@lpkit/auth": "covered", "@lpkit/core": "covered" });
  });

  it("fails for the package a changeset does not name", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({
      "packages/core/src/index.ts": "export const a = 2;\n",
      "packages/auth/src/index.ts": "export const b = 2;\n",
      ".changeset/brave-owls.md": changeset({ "@lpkit/core": "minor" }),
    });
    const result = check(repo);
    assert.equal(result.exitCode, 1);
    assert.deepEqual(status(result), { "@lpkit/auth": "missing", "@lpkit/core": "covered" });
  });

  it("counts a changeset that is still pending from before the base, not one already consumed", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({ ".changeset/old.md": changeset({ "@lpkit/core": "patch" }) });
    const base = repo.commit("an earlier change, not released yet");
    repo.write({ "packages/core/src/index.ts": "export const a = 3;\n" });
    const pending = check(repo, base);
    assert.equal(pending.exitCode, 0, pending.output);
    assert.match(pending.output, /✓ @lpkit\/core: pending changeset \.changeset\/old\.md/);
    repo.remove(".changeset/old.md"); // what `changeset version` does
    assert.equal(check(repo, base).exitCode, 1);
  });

  it("ignores tests, fixtures, CHANGELOG.md and dev-only config", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({
      "packages/core/src/index.test.ts": "test\n",
      "packages/core/test/fixtures/x.json": "{}\n",
      "packages/core/src/test-support/fake.ts": "export {};\n",
      "packages/core/CHANGELOG.md": "# changes\n",
      "packages/core/tsconfig.json": "{}\n",
      "packages/core/vitest.config.ts": "export default {};\n",
    });
    assert.equal(check(repo).exitCode, 0);
    assert.equal(affectsRelease("tsconfig.build.json"), true);
    assert.equal(affectsRelease("package.json"), true);
    assert.equal(affectsRelease("LICENSE"), true);
  });

  it("treats a version bump since the base as a release (changesets consumed by `changeset version`)", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({
      "packages/core/package.json": manifest("@lpkit/core", { version: "1.1.0" }),
      "packages/core/CHANGELOG.md": "# @lpkit/core\n\n## 1.1.0\n",
    });
    const result = check(repo);
    assert.equal(result.exitCode, 0, result.output);
    assert.deepEqual(status(result), { "@lpkit/core": "released" });
  });

  it("accepts an empty changeset as 'no release needed'", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({ "packages/core/README.md": "typo fixed\n", ".changeset/quiet-fox.md": changeset({}) });
    const result = check(repo);
    assert.equal(result.exitCode, 0, result.output);
    assert.deepEqual(status(result), { "@lpkit/core": "no-release" });
  });

  it("finds the workspace packages through pnpm-workspace.yaml globs", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({
      "pnpm-workspace.yaml":
        "packages:\n  - packages/*\n  - apps/*\n  - tools\n  - libs/**\n  - '!packages/skipped'\n",
      "tools/package.json": manifest("@lpkit/tools"),
      "tools/index.js": "x\n",
      "libs/deep/nested/package.json": manifest("@lpkit/nested"),
      "libs/deep/nested/index.js": "x\n",
      "packages/skipped/package.json": manifest("@lpkit/skipped"),
      "packages/skipped/index.js": "x\n",
    });
    assert.deepEqual(workspaceDirs(repo.dir), [
      "apps/demo",
      "libs/deep/nested",
      "packages/auth",
      "packages/core",
      "packages/private-tool",
      "tools",
    ]);
    assert.deepEqual(status(check(repo)), { "@lpkit/nested": "missing", "@lpkit/tools": "missing" });
  });

  it("requires a changeset for a brand-new publishable package", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({ "packages/newbie/package.json": manifest("@lpkit/newbie", { version: "0.0.1" }) });
    assert.deepEqual(status(check(repo)), { "@lpkit/newbie": "missing" });
  });

  it("defaults to the merge-base with origin/main, then main, then the last release, then the first commit", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({ "packages/core/src/index.ts": "export const a = 2;\n" });
    repo.commit("change core on main");
    // Only `main`, no remote, never released: compare with the first commit.
    const onMain = checkChangesets({ cwd: repo.dir, print: () => {} });
    assert.match(onMain.base.why, /first commit/);
    assert.equal(onMain.exitCode, 1);
    // A release (`changeset version` bumped versions) moves the default base to that commit.
    repo.write({ "packages/core/package.json": manifest("@lpkit/core", { version: "1.1.0" }) });
    const release = repo.commit("Version Packages");
    const afterRelease = checkChangesets({ cwd: repo.dir, print: () => {} });
    assert.equal(afterRelease.base.commit, release);
    assert.equal(afterRelease.exitCode, 0);
    repo.write({ "packages/core/src/index.ts": "export const a = 3;\n" });
    repo.commit("change core after the release");
    assert.equal(checkChangesets({ cwd: repo.dir, print: () => {} }).exitCode, 1);
    // A feature branch off main: only what the branch changed counts.
    repo.git("checkout", "--quiet", "-b", "feature");
    const onBranch = checkChangesets({ cwd: repo.dir, print: () => {} });
    assert.equal(onBranch.base.ref, "main");
    assert.equal(onBranch.exitCode, 0);
    // With origin/main present it wins.
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD~1");
    const withOrigin = checkChangesets({ cwd: repo.dir, print: () => {} });
    assert.equal(withOrigin.base.ref, "origin/main");
    assert.equal(withOrigin.exitCode, 1);
  });

  it("runs as a command with --base; exit 2 on bad usage or an unknown ref", (t) => {
    const repo = workspaceRepo();
    t.after(repo.dispose);
    repo.write({ "packages/auth/src/index.ts": "export const b = 9;\n" });
    const cli = (...args) => spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, encoding: "utf8" });
    const failing = cli("--base", "main");
    assert.equal(failing.status, 1);
    assert.match(failing.stdout, /@lpkit\/auth: changed without a changeset/);
    assert.equal(cli("--base", "nope").status, 2);
    assert.equal(cli("--bogus").status, 2);
    repo.write({ ".changeset/x.md": changeset({ "@lpkit/auth": "patch" }) });
    assert.equal(cli("--base", "main").status, 0);
  });
});
