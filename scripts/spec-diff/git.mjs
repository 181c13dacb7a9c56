// @module scripts/spec-diff/git
// The few git questions spec-diff and check-changeset ask: which ref to compare with, a file's text
// at a ref, and which files changed since it (committed, staged, unstaged and untracked).
import { spawnSync } from "node:child_process";

/**
 * Runs git in `cwd` and returns trimmed stdout, or null when git exits non-zero and `allowFail` is set.
 * @example git(["rev-parse", "HEAD"], { cwd: "." })
 */
export function git(args, { cwd, allowFail = false } = {}) {
  const run = spawnSync("git", args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.error) {
    throw run.error;
  }
  if (run.status !== 0) {
    if (allowFail) {
      return null;
    }
    throw new Error(`git ${args.join(" ")} failed: ${run.stderr.trim()}`);
  }
  return run.stdout.replace(/\n$/, "");
}

/** The repository's top folder for `cwd`. */
export function repoRoot(cwd) {
  return git(["rev-parse", "--show-toplevel"], { cwd });
}

/** Resolves `ref` to a commit id, or throws a readable error naming the ref. */
export function resolveCommit(cwd, ref) {
  const commit = git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd, allowFail: true });
  if (!commit) {
    throw new Error(`unknown git ref: ${ref}`);
  }
  return commit;
}

/**
 * The most recent commit that changed the `version` of a workspace package (packages/*, apps/*),
 * i.e. the last `changeset version` that was committed, or null.
 * @example lastReleaseCommit(".") // "3f2a…" or null
 */
export function lastReleaseCommit(cwd) {
  const out = git(
    [
      "log",
      "--format=%H",
      "--diff-filter=M",
      "-G",
      '"version"[[:space:]]*:',
      "--",
      "packages/*/package.json",
      "apps/*/package.json",
    ],
    { cwd, allowFail: true },
  );
  return out ? out.split("\n")[0] : null;
}

/**
 * The default base to compare with, in order: the merge-base of HEAD and `origin/main`; the
 * merge-base of HEAD and `main` when HEAD is another branch; otherwise (only `main`, no remote) the
 * last release commit (see {@link lastReleaseCommit}); and when nothing was ever released, the
 * repository's first commit, or no base at all (`commit: null`) with `unreleased: "none"`.
 * Returns `{ ref, commit, why }`.
 * @example defaultBase(".").ref // "origin/main"
 */
export function defaultBase(cwd, { unreleased = "first-commit" } = {}) {
  const has = (ref) => git(["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], { cwd, allowFail: true });
  const head = has("HEAD");
  if (!head) {
    throw new Error("the repository has no commits yet");
  }
  if (has("refs/remotes/origin/main")) {
    const commit = git(["merge-base", "HEAD", "refs/remotes/origin/main"], { cwd });
    return { ref: "origin/main", commit, why: "merge-base of HEAD and origin/main" };
  }
  const main = has("refs/heads/main");
  const branch = git(["symbolic-ref", "--quiet", "--short", "HEAD"], { cwd, allowFail: true });
  if (main && branch !== "main") {
    const commit = git(["merge-base", "HEAD", "refs/heads/main"], { cwd });
    return { ref: "main", commit, why: "merge-base of HEAD and main" };
  }
  const release = lastReleaseCommit(cwd);
  if (release) {
    return {
      ref: release.slice(0, 12),
      commit: release,
      why: "last release commit (no origin/main, HEAD is main)",
    };
  }
  if (unreleased === "none") {
    return { ref: "(nothing released)", commit: null, why: "no origin/main and no release yet" };
  }
  const roots = git(["rev-list", "--max-parents=0", "HEAD"], { cwd }).split("\n");
  const commit = roots[roots.length - 1];
  return {
    ref: commit.slice(0, 12),
    commit,
    why: "first commit (no origin/main, HEAD is main, no release yet)",
  };
}

/**
 * Text of `path` (relative to the repository root) at `commit`, or null when it does not exist there.
 * @example showFile(".", "HEAD", "specs/domain.yaml")
 */
export function showFile(cwd, commit, path) {
  if (git(["cat-file", "-e", `${commit}:${path}`], { cwd, allowFail: true }) === null) {
    return null;
  }
  return git(["show", `${commit}:${path}`], { cwd });
}

/** Names of the files under `dir` at `commit` (relative to the repository root). */
export function listFilesAt(cwd, commit, dir) {
  const out = git(["ls-tree", "-r", "--name-only", commit, "--", dir], { cwd });
  return out === "" ? [] : out.split("\n");
}

/**
 * Files that differ between `commit` and the working tree, including untracked (not ignored) files,
 * as paths relative to the repository root.
 * @example changedFiles(".", baseCommit).filter((f) => f.startsWith("packages/"))
 */
export function changedFiles(cwd, commit) {
  const tracked = git(["diff", "--name-only", "--no-renames", commit, "--"], { cwd });
  const untracked = git(["ls-files", "--others", "--exclude-standard"], { cwd });
  const files = new Set([...tracked.split("\n"), ...untracked.split("\n")].filter((f) => f !== ""));
  return [...files].sort();
}
