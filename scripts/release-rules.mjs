// @module scripts/release-rules
// The versioning rules of lpkit's releases that changesets itself does not enforce, as plain functions
// (tested in scripts/release-rules.test.mjs, which also applies them to this repository):
// - a package that was never released sits at version 0.0.0, and its pending changesets bump it by
//   exactly `minor`, so its first release is 0.1.0 (0.1.0 + minor would be 0.2.0; a `major` 1.0.0;
//   only patches 0.0.1);
// - "released" is read from the package's CHANGELOG.md, where `changeset version` writes `## <version>`.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ignoredPackages, readChangesets, readWorkspacePackages } from "./spec-diff/changesets.mjs";

/**
 * Whether the package in `dir` was released at `version`: `changeset version` writes a `## <version>`
 * entry into its CHANGELOG.md, so a package without one has never been published at that version.
 * @example wasReleased("packages/core", "0.0.0") // false
 */
export function wasReleased(dir, version) {
  const file = join(dir, "CHANGELOG.md");
  if (!existsSync(file)) {
    return false;
  }
  return readFileSync(file, "utf8")
    .split("\n")
    .some((line) => line.trim() === `## ${version}`);
}

/**
 * Problems with the first release of every never-released publishable package of the workspace at
 * `root`: a version other than 0.0.0, a pending `major` changeset, or no pending `minor` one.
 * @example firstReleaseProblems(".") // [] when every new package will be released as 0.1.0
 */
export function firstReleaseProblems(root) {
  const ignored = ignoredPackages(root);
  const changesets = readChangesets(root);
  const problems = [];
  for (const pkg of readWorkspacePackages(root)) {
    if (pkg.private || ignored.has(pkg.name) || wasReleased(join(root, pkg.dir), pkg.version)) {
      continue;
    }
    const bumps = changesets
      .filter((c) => c.releases.has(pkg.name))
      .map((c) => ({ file: c.file, bump: c.releases.get(pkg.name) }));
    if (pkg.version !== "0.0.0") {
      problems.push(
        `${pkg.name} was never released but is at ${pkg.version}: set "version": "0.0.0" in ` +
          `${pkg.dir}/package.json (its first release is 0.0.0 + minor = 0.1.0)`,
      );
    }
    for (const { file } of bumps.filter((b) => b.bump === "major")) {
      problems.push(
        `${pkg.name}: ${file} bumps it "major", which would release 1.0.0 first; before 1.0 a ` +
          `breaking change is a "minor"`,
      );
    }
    if (!bumps.some((b) => b.bump === "minor")) {
      problems.push(
        `${pkg.name} was never released and no pending changeset bumps it "minor": its first release ` +
          `would not be 0.1.0 (add it to a changeset as "minor")`,
      );
    }
  }
  return problems;
}
