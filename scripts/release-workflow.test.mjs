// @module scripts/release-workflow.test
// `.github/workflows/release.yml`, parsed and held to what RELEASING.md promises: the whole suite runs
// before anything is published, the publish goes through changesets/action with the repository's own
// `version`/`release` scripts, npm provenance is on (NPM_CONFIG_PROVENANCE + id-token: write), the
// runtime matches .nvmrc and packageManager, actions are pinned, and every script it names exists.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { readWorkspacePackages } from "./spec-diff/changesets.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const FILE = join(ROOT, ".github", "workflows", "release.yml");
const workflow = parse(readFileSync(FILE, "utf8"));
const rootManifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));
const jobs = workflow.jobs ?? {};
const steps = (job) => jobs[job]?.steps ?? [];
/** A GitHub Actions expression as written in the workflow: `${{ body }}`. */
const expr = (body) => ["$", "{{ ", body, " }}"].join("");
const changesetsStep = () => steps("release").find((s) => /^changesets\/action@/.test(s.uses ?? ""));

/** `pnpm run <script>` / `pnpm <script>` / `pnpm exec <bin>` in a shell line → the script names used. */
export function pnpmScripts(line) {
  const found = [];
  for (const match of line.matchAll(/\bpnpm\s+(?:run\s+)?([a-z][\w:-]*)/g)) {
    if (!["install", "exec", "add", "dlx", "run"].includes(match[1])) {
      found.push(match[1]);
    }
  }
  return found;
}

describe("release workflow (.github/workflows/release.yml)", () => {
  it("runs on pushes to main (and by hand for snapshots), one release at a time, never cancelled", () => {
    assert.deepEqual(workflow.on.push.branches, ["main"]);
    assert.ok(workflow.on.workflow_dispatch?.inputs?.snapshot, "no snapshot input");
    assert.match(workflow.concurrency.group, /release/);
    assert.equal(workflow.concurrency["cancel-in-progress"], false);
    assert.deepEqual(workflow.permissions, { contents: "read" }, "default permissions must be read-only");
  });

  it("tests the tree with .ci/run (the same suite as locally) before the release job may run", () => {
    assert.ok(existsSync(join(ROOT, ".ci", "run")));
    assert.ok(
      steps("test").some((s) => s.run?.trim() === ".ci/run"),
      "the test job does not run .ci/run",
    );
    assert.deepEqual(jobs.test.permissions, { contents: "read" });
    assert.equal([jobs.release.needs].flat().includes("test"), true, "release does not need test");
  });

  it("runs Node of .nvmrc and pnpm of packageManager, with a frozen install", () => {
    const node = readFileSync(join(ROOT, ".nvmrc"), "utf8").trim();
    const pnpmMajor = rootManifest.packageManager.replace(/^pnpm@/, "").split(".")[0];
    for (const job of ["test", "release"]) {
      const image =
        typeof jobs[job].container === "string" ? jobs[job].container : jobs[job].container?.image;
      assert.match(
        image,
        new RegExp(`^node:${node}(\\.|-|$)`),
        `${job}: container ${image} is not Node ${node}`,
      );
    }
    const runs = steps("release").map((s) => s.run ?? "");
    assert.ok(runs.includes(`npm install --global pnpm@${pnpmMajor}`), `pnpm ${pnpmMajor} is not installed`);
    assert.ok(runs.includes("pnpm install --frozen-lockfile"), "no frozen install before publishing");
  });

  it("publishes through changesets/action with the repository's version and release scripts", () => {
    const step = changesetsStep();
    assert.ok(step, "no changesets/action step");
    assert.equal(step.with.version, "pnpm run version");
    assert.equal(step.with.publish, "pnpm run release");
    assert.match(rootManifest.scripts.version, /^changeset version && pnpm install --no-frozen-lockfile$/);
    assert.match(rootManifest.scripts.release, /turbo run build .*&& changeset publish$/);
    assert.equal(step.env.GITHUB_TOKEN, expr("secrets.GITHUB_TOKEN"));
    assert.equal(step.env.NPM_TOKEN, expr("secrets.NPM_TOKEN"));
  });

  it("publishes with npm provenance: NPM_CONFIG_PROVENANCE on every publishing step, id-token: write", () => {
    assert.equal(jobs.release.permissions["id-token"], "write");
    assert.equal(jobs.release.permissions.contents, "write");
    assert.equal(jobs.release.permissions["pull-requests"], "write");
    const publishing = steps("release").filter(
      (s) => /changesets\/action/.test(s.uses ?? "") || /pnpm run release/.test(s.run ?? ""),
    );
    assert.equal(publishing.length, 2, "expected the changesets step and the snapshot step");
    for (const step of publishing) {
      assert.equal(step.env?.NPM_CONFIG_PROVENANCE, "true", `${step.name}: provenance is off`);
    }
  });

  it("publishes snapshots under their own dist-tag, never as latest, without git tags", () => {
    const step = steps("release").find((s) => /--snapshot/.test(s.run ?? ""));
    assert.ok(step, "no snapshot step");
    assert.equal(step.if, expr("inputs.snapshot"));
    assert.equal(changesetsStep().if, expr("!inputs.snapshot"));
    assert.match(step.run, /latest\|/, "the snapshot step must refuse the latest tag");
    assert.match(step.run, /rm -f \.changeset\/pre\.json/);
    assert.match(step.run, /pnpm run release --tag "\$SNAPSHOT_TAG" --no-git-tag/);
  });

  it("pins every action to a release and names only scripts that exist", () => {
    for (const [name, job] of Object.entries(jobs)) {
      for (const step of job.steps) {
        if (step.uses) {
          assert.match(step.uses, /^[\w-]+\/[\w-]+@v\d+$/, `${name}: ${step.uses} is not pinned to a major`);
        }
        for (const script of pnpmScripts(
          `${step.run ?? ""}\n${step.with?.version ?? ""}\n${step.with?.publish ?? ""}`,
        )) {
          assert.ok(rootManifest.scripts[script], `${name}: pnpm ${script} is not a root script`);
        }
      }
    }
  });

  it("matches the packages: every publishable package is public and says where it comes from", () => {
    for (const pkg of readWorkspacePackages(ROOT).filter((p) => !p.private)) {
      assert.equal(pkg.manifest.publishConfig?.access, "public", `${pkg.name}: publishConfig.access`);
      // Provenance links the tarball to this repository: npm refuses it when `repository` does not match.
      assert.equal(pkg.manifest.repository?.url, "git+https://github.com/lpkit/lpkit.git", pkg.name);
      assert.equal(pkg.manifest.repository?.directory, pkg.dir, pkg.name);
    }
  });

  it("finds the script names in shell lines (self-check)", () => {
    assert.deepEqual(pnpmScripts("pnpm run release --tag x && pnpm install && pnpm exec changeset"), [
      "release",
    ]);
    assert.deepEqual(pnpmScripts("pnpm test:docs"), ["test:docs"]);
  });
});
