#!/usr/bin/env node
// @module scripts/check-changeset
// `pnpm check:changeset [--base <ref>]`: fails when a publishable package's files changed since the
// base ref (default: merge-base with origin/main; else with main; else, on a clone that only has
// `main`, the last release commit or the first commit) but no pending changeset (.changeset/*.md,
// not yet consumed by `changeset version`) names that package, so the change would ship without a
// version bump.
//
// - "Publishable" = a workspace package (pnpm-workspace.yaml) that is not private and not in
//   .changeset/config.json `ignore`.
// - Files that never reach a user do not count: tests (*.test.*, test/, __tests__/, fixtures),
//   CHANGELOG.md (written by `changeset version`), and dev-only config (tsconfig.json, turbo.json,
//   vitest.config.*). tsconfig.build.json, src/, package.json, README.md and LICENSE do count.
// - A package whose version changed since the base was released by `changeset version` (its
//   changesets were consumed), so it passes.
// - An empty changeset (`pnpm changeset --empty`) declares "no release needed".
import { pathToFileURL } from "node:url";
import { ignoredPackages, readChangesets, readWorkspacePackages } from "./spec-diff/changesets.mjs";
import { changedFiles, defaultBase, repoRoot, resolveCommit, showFile } from "./spec-diff/git.mjs";

const NOT_SHIPPED = [
  /\.test\.[cm]?[jt]sx?$/,
  /\.test-d\.ts$/,
  /(^|\/)(test|tests|__tests__|__fixtures__|fixtures|test-support)\//,
  /(^|\/)CHANGELOG\.md$/,
  /(^|\/)tsconfig\.json$/,
  /(^|\/)turbo\.json$/,
  /(^|\/)vitest\.config\.[cm]?[jt]s$/,
];

/**
 * Whether a file (relative to its package folder) can change what the package publishes.
 * @example affectsRelease("src/index.ts") // true
 * @example affectsRelease("src/index.test.ts") // false
 */
export function affectsRelease(fileInPackage) {
  return !NOT_SHIPPED.some((pattern) => pattern.test(fileInPackage));
}

/**
 * Runs the check in the repository containing `cwd`. Returns `{ exitCode, base, packages }` where each
 * package is `{ name, files, status: "covered" | "released" | "no-release" | "missing", changeset }`.
 * @example const { exitCode } = checkChangesets({ cwd: ".", ref: "origin/main" });
 */
export function checkChangesets({ cwd = process.cwd(), ref, print = console.log } = {}) {
  const root = repoRoot(cwd);
  const base = ref ? { ref, commit: resolveCommit(root, ref), why: "given" } : defaultBase(root);
  const changed = changedFiles(root, base.commit);
  const ignored = ignoredPackages(root);
  const publishable = readWorkspacePackages(root).filter((p) => !p.private && !ignored.has(p.name));

  // Pending changesets (`changeset version` deletes them); those added since the base listed first.
  const changedSet = new Set(changed);
  const changesets = readChangesets(root).sort(
    (a, b) => Number(changedSet.has(b.file)) - Number(changedSet.has(a.file)),
  );
  const emptyChangeset = changesets.find((c) => c.releases.size === 0)?.file;
  const origin = (file) => (changedSet.has(file) ? "new" : "pending");

  print(`check-changeset: against ${base.ref} (${base.commit.slice(0, 12)}, ${base.why})`);
  const packages = [];
  for (const pkg of publishable) {
    const files = changed.filter(
      (f) => f.startsWith(`${pkg.dir}/`) && affectsRelease(f.slice(pkg.dir.length + 1)),
    );
    if (files.length === 0) {
      continue;
    }
    const baseManifest = showFile(root, base.commit, `${pkg.dir}/package.json`);
    const baseVersion = baseManifest === null ? null : JSON.parse(baseManifest).version;
    const changeset = changesets.find((c) => c.releases.has(pkg.name))?.file;
    let status = "missing";
    if (changeset) {
      status = "covered";
    } else if (baseVersion !== null && baseVersion !== pkg.version) {
      status = "released";
    } else if (emptyChangeset) {
      status = "no-release";
    }
    packages.push({ name: pkg.name, files, status, changeset: changeset ?? emptyChangeset ?? null });
    const shown = files.slice(0, 5).join(", ") + (files.length > 5 ? `, … (${files.length} files)` : "");
    const verdict = {
      covered: `✓ ${pkg.name}: ${origin(changeset)} changeset ${changeset}`,
      released: `✓ ${pkg.name}: released (version ${baseVersion} → ${pkg.version})`,
      "no-release": `✓ ${pkg.name}: no release needed (empty changeset ${emptyChangeset})`,
      missing: `✗ ${pkg.name}: changed without a changeset (${shown})`,
    }[status];
    print(`  ${verdict}`);
  }
  const missing = packages.filter((p) => p.status === "missing");
  if (packages.length === 0) {
    print("  no publishable package changed");
  }
  if (missing.length > 0) {
    print(
      `check-changeset: FAILED — run \`pnpm changeset\` and select ${missing.map((p) => p.name).join(", ")} ` +
        "(or `pnpm changeset --empty` when no release is needed)",
    );
  } else {
    print("check-changeset: ok");
  }
  return { exitCode: missing.length > 0 ? 1 : 0, base, packages };
}

async function main(argv) {
  let ref;
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === "--base" && argv[i + 1]) {
      ref = argv[i + 1];
      i += 1;
    } else {
      console.error("usage: pnpm check:changeset [--base <git-ref>]");
      return 2;
    }
  }
  try {
    return checkChangesets({ ref }).exitCode;
  } catch (error) {
    console.error(`check-changeset: ${error.message}`);
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
