#!/usr/bin/env node
// @module scripts/spec-diff
// `pnpm spec:diff [git-ref] [--json]`: compares every specs/*.yaml in the working tree with its
// version at <git-ref> (default: the merge-base with origin/main; on a clone with only `main`, the
// last release commit, or nothing before the first release; see scripts/spec-diff/git.mjs),
// lists each change as breaking or not, and exits 1 when a spec has a breaking change but no pending
// changeset (.changeset/*.md) bumps its package (specs/domain.yaml → @lpkit/domain …) as `major` —
// or, while the package is below 1.0 (0.x, where semver's breaking bump is the minor), as `minor`.
// A spec that does not exist at the ref is new: nothing in it is breaking.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";
import { pathToFileURL } from "node:url";
import { packageForSpec, readChangesets, readWorkspacePackages } from "./spec-diff/changesets.mjs";
import { compareSpecs } from "./spec-diff/compare.mjs";
import { defaultBase, listFilesAt, repoRoot, resolveCommit, showFile } from "./spec-diff/git.mjs";
import { parseSpec } from "./spec-diff/openapi.mjs";

const SPEC_FILE = /^specs\/[^/]+\.(ya?ml|json)$/;

/**
 * Runs the comparison in the repository containing `cwd`. Returns `{ exitCode, base, specs }` where
 * each spec is `{ path, packageName, changes, breaking, majorChangeset }`; writes the report with `print`.
 * @example const { exitCode } = runSpecDiff({ cwd: process.cwd(), ref: "origin/main" });
 */
export function runSpecDiff({ cwd = process.cwd(), ref, print = console.log } = {}) {
  const root = repoRoot(cwd);
  // Before the first release nothing was published, so nothing can break: no baseline by default.
  const base = ref
    ? { ref, commit: resolveCommit(root, ref), why: "given" }
    : defaultBase(root, { unreleased: "none" });
  const atBase = base.commit ? listFilesAt(root, base.commit, "specs").filter((f) => SPEC_FILE.test(f)) : [];
  const inTree = existsSync(join(root, "specs"))
    ? readdirSync(join(root, "specs"))
        .map((f) => `specs/${f}`)
        .filter((f) => SPEC_FILE.test(f))
    : [];
  const paths = [...new Set([...atBase, ...inTree])].sort();
  const changesets = readChangesets(root);
  const versions = new Map(readWorkspacePackages(root).map((pkg) => [pkg.name, String(pkg.version)]));

  print(
    `spec-diff: ${paths.length} spec(s) against ${base.ref} (${base.commit?.slice(0, 12) ?? "-"}, ${base.why})`,
  );
  const specs = [];
  let failed = false;
  for (const path of paths) {
    const baseText = base.commit ? showFile(root, base.commit, path) : null;
    const headPath = join(root, path);
    const headText = existsSync(headPath) ? readFileSync(headPath, "utf8") : null;
    const baseDoc = baseText === null ? null : parseSpec(baseText, `${path}@${base.ref}`);
    const headDoc = headText === null ? null : parseSpec(headText, path);
    const near = (file) => posix.normalize(posix.join(posix.dirname(path), file));
    const changes = compareSpecs(baseDoc, headDoc, {
      base: (file) => {
        const text = showFile(root, base.commit, near(file));
        return text === null ? undefined : parseSpec(text, `${near(file)}@${base.ref}`);
      },
      head: (file) => {
        const full = join(root, near(file));
        return existsSync(full) ? parseSpec(readFileSync(full, "utf8"), near(file)) : undefined;
      },
    });
    const packageName = packageForSpec(root, path);
    const breaking = changes.filter((change) => change.breaking);
    // Below 1.0 a breaking change is a minor (0.1.x → 0.2.0); a major would jump to 1.0.0.
    const belowOne = versions.get(packageName)?.startsWith("0.") ?? false;
    const covering = belowOne ? ["major", "minor"] : ["major"];
    const majorChangeset =
      changesets.find((c) => covering.includes(c.releases.get(packageName)))?.file ?? null;
    specs.push({ path, packageName, changes, breaking: breaking.length, majorChangeset });

    print("");
    print(
      `${path} → ${packageName}: ${
        changes.length === 0
          ? "no changes"
          : `${breaking.length} breaking, ${changes.length - breaking.length} other`
      }`,
    );
    for (const change of changes) {
      print(
        `  ${change.breaking ? "BREAKING" : "change  "}  ${change.kind.padEnd(24)} ${change.where}: ${change.message}`,
      );
    }
    if (breaking.length > 0) {
      if (majorChangeset) {
        const bump = changesets.find((c) => c.file === majorChangeset).releases.get(packageName);
        print(`  ✓ covered by a ${bump} changeset for ${packageName} (${majorChangeset})`);
      } else {
        failed = true;
        print(
          `  ✗ ${breaking.length} breaking change(s) but no ${belowOne ? "minor" : "major"} changeset for ` +
            `${packageName}: run \`pnpm changeset\`, select ${packageName} and choose ` +
            `"${belowOne ? "minor" : "major"}"${belowOne ? " (below 1.0 a breaking change is a minor)" : ""} ` +
            "(or undo the breaking change)",
        );
      }
    }
  }
  print("");
  print(failed ? "spec-diff: FAILED (breaking changes without a major changeset)" : "spec-diff: ok");
  return { exitCode: failed ? 1 : 0, base, specs };
}

const USAGE = `usage: pnpm spec:diff [git-ref] [--json]
  Compares specs/*.yaml in the working tree with their version at git-ref (default: merge-base with
  origin/main, else with main, else the last release commit; before any release, nothing).
  Exit 1: breaking change without a major changeset; 2: bad usage or unknown ref.`;

async function main(argv) {
  const args = argv.filter((arg) => !arg.startsWith("--"));
  const flags = new Set(argv.filter((arg) => arg.startsWith("--")));
  if (flags.has("--help") || args.length > 1 || [...flags].some((f) => !["--json", "--help"].includes(f))) {
    console.error(USAGE);
    return flags.has("--help") ? 0 : 2;
  }
  const json = flags.has("--json");
  try {
    const result = runSpecDiff({ ref: args[0], print: json ? () => {} : console.log });
    if (json) {
      console.log(
        JSON.stringify({ base: result.base, specs: result.specs, ok: result.exitCode === 0 }, null, 2),
      );
    }
    return result.exitCode;
  } catch (error) {
    console.error(`spec-diff: ${error.message}`);
    return 2;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await main(process.argv.slice(2));
}
