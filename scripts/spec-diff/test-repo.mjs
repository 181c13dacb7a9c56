// @module scripts/spec-diff/test-repo
// Test support: throwaway git repositories in the OS temp folder, shaped like the lpkit workspace
// (specs/, packages/<name>/package.json, .changeset/config.json), with deterministic commits.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const GIT_ENV = {
  GIT_AUTHOR_NAME: "lpkit test",
  GIT_AUTHOR_EMAIL: "test@lpkit.invalid",
  GIT_COMMITTER_NAME: "lpkit test",
  GIT_COMMITTER_EMAIL: "test@lpkit.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
  GIT_CONFIG_GLOBAL: "/dev/null",
};

/**
 * Creates a repository on branch `main` holding `files` (path → text) in one first commit.
 * Returns helpers: `write(files)`, `remove(path)`, `commit(message)`, `git(...args)`, `dispose()`.
 * @example
 * const repo = createRepo({ "specs/x.yaml": text });
 * repo.write({ "specs/x.yaml": changed });
 * repo.dispose();
 */
export function createRepo(files) {
  const dir = mkdtempSync(join(tmpdir(), "lpkit-repo-"));
  const git = (...args) => {
    const run = spawnSync("git", args, { cwd: dir, encoding: "utf8", env: { ...process.env, ...GIT_ENV } });
    if (run.status !== 0) {
      throw new Error(`git ${args.join(" ")}: ${run.stderr}`);
    }
    return run.stdout.trim();
  };
  const write = (more) => {
    for (const [path, text] of Object.entries(more)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
  };
  const commit = (message) => {
    git("add", "-A");
    git("commit", "--quiet", "--allow-empty", "-m", message);
    return git("rev-parse", "HEAD");
  };
  git("init", "--quiet", "-b", "main");
  write(files);
  commit("first");
  return {
    dir,
    git,
    write,
    commit,
    remove: (path) => rmSync(join(dir, path), { recursive: true, force: true }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A package.json text for a workspace package; `generate` names the spec it is generated from.
 * @example manifest("@lpkit/fixture-client", { spec: "fixture" })
 */
export function manifest(name, { version = "1.0.0", spec, private: isPrivate = false } = {}) {
  const scripts = spec
    ? { generate: `openapi-typescript ../../specs/${spec}.yaml -o src/generated/${spec}.d.ts` }
    : {};
  return `${JSON.stringify({ name, version, private: isPrivate || undefined, type: "module", scripts }, null, 2)}\n`;
}

/**
 * A changeset file's text.
 * @example changeset({ "@lpkit/core": "major" }, "Removed x.")
 */
export function changeset(releases, summary = "A change.") {
  const lines = Object.entries(releases).map(([name, bump]) => `"${name}": ${bump}`);
  return `---\n${lines.join("\n")}${lines.length ? "\n" : ""}---\n\n${summary}\n`;
}

/** `.changeset/config.json` as lpkit has it (demo app ignored). */
export const CHANGESET_CONFIG = `${JSON.stringify({ baseBranch: "main", ignore: ["@lpkit/demo"] }, null, 2)}\n`;
