// @module scripts/registry-test/workspace
// A throwaway copy of the workspace to release from, so the real tree's versions, changesets,
// CHANGELOGs, lockfile and git tags are never touched: the files git would put in a clean clone of
// the working tree (tracked and untracked-but-not-ignored, as they are on disk now), committed into
// a fresh repository on `main`.
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { readWorkspacePackages } from "../spec-diff/changesets.mjs";
import { git } from "../spec-diff/git.mjs";
import { run } from "./exec.mjs";

/**
 * Copies the workspace at `root` into `dest` (a new folder) and commits it there. Returns the number
 * of files copied.
 * @example await copyWorkspace("/work/main", "/tmp/x/workspace")
 */
export async function copyWorkspace(root, dest) {
  const listed = git(["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: root })
    .split("\0")
    .filter((file) => file !== "");
  let copied = 0;
  for (const file of listed) {
    const from = join(root, file);
    if (!existsSync(from) || !statSync(from).isFile()) {
      continue; // deleted in the working tree, or a submodule
    }
    mkdirSync(dirname(join(dest, file)), { recursive: true });
    copyFileSync(from, join(dest, file));
    copied += 1;
  }
  await run("git", ["init", "--quiet", "-b", "main"], { cwd: dest, env: gitEnv() });
  await commitAll(dest, "workspace as it is");
  return copied;
}

/** A git environment with a fixed identity and no user or system config. */
export function gitEnv() {
  return {
    ...process.env,
    GIT_AUTHOR_NAME: "lpkit registry test",
    GIT_AUTHOR_EMAIL: "release@lpkit.invalid",
    GIT_COMMITTER_NAME: "lpkit registry test",
    GIT_COMMITTER_EMAIL: "release@lpkit.invalid",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_NOSYSTEM: "1",
  };
}

/** Commits everything in `dir` (a repository made by {@link copyWorkspace}). */
export async function commitAll(dir, message) {
  await run("git", ["add", "-A"], { cwd: dir, env: gitEnv() });
  await run("git", ["commit", "--quiet", "--allow-empty", "-m", message], { cwd: dir, env: gitEnv() });
}

/**
 * The publishable packages of a workspace: every workspace package (pnpm-workspace.yaml) that is not
 * private, as `[{ dir, short, name, version, manifest }]` (dir absolute, short = folder name).
 * @example publishablePackages("/work/main").map((p) => p.name)
 */
export function publishablePackages(root) {
  return readWorkspacePackages(root)
    .filter((pkg) => !pkg.private)
    .map((pkg) => ({
      dir: join(root, pkg.dir),
      short: basename(pkg.dir),
      name: pkg.name,
      version: pkg.version,
      manifest: pkg.manifest,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Names of the private workspace packages, which must never be published. */
export function privatePackages(root) {
  return readWorkspacePackages(root)
    .filter((pkg) => pkg.private)
    .map((pkg) => pkg.name)
    .sort();
}

/**
 * The manifests of the private workspace packages as they are on disk, `{ [name]: text }`: `changeset
 * version` must leave them byte for byte as they are (they are never versioned).
 * @example Object.keys(privateManifests("/work/main")) // ["@lpkit/bench", "@lpkit/demo", …]
 */
export function privateManifests(root) {
  return Object.fromEntries(
    readWorkspacePackages(root)
      .filter((pkg) => pkg.private)
      .map((pkg) => [pkg.name, readFileSync(join(root, pkg.dir, "package.json"), "utf8")]),
  );
}
