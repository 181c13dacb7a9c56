// @module scripts/spec-diff.test
// `pnpm spec:diff`: the classifier on every fixture case, then the command end to end in throwaway git
// repositories (changeset gate, new and deleted specs, default base, CLI exit codes).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { parseChangeset } from "./spec-diff/changesets.mjs";
import { compareSpecs } from "./spec-diff/compare.mjs";
import { applyPatch, baseText, caseNames, loadCase } from "./spec-diff/fixtures.mjs";
import { createResolver, parseSpec } from "./spec-diff/openapi.mjs";
import { patternWidens } from "./spec-diff/pattern-widening.mjs";
import { CHANGESET_CONFIG, changeset, createRepo, manifest } from "./spec-diff/test-repo.mjs";
import { runSpecDiff } from "./spec-diff.mjs";

const CLI = join(dirname(fileURLToPath(import.meta.url)), "spec-diff.mjs");
const kinds = (changes, breaking) =>
  [...new Set(changes.filter((c) => c.breaking === breaking).map((c) => c.kind))].sort();

describe("compareSpecs on the fixture cases", () => {
  for (const name of caseNames()) {
    const fixture = loadCase(name);
    it(`${name}: ${fixture.description}`, () => {
      const changes = compareSpecs(fixture.base, fixture.head);
      assert.deepEqual(kinds(changes, true), [...fixture.breaking].sort(), JSON.stringify(changes, null, 1));
      if (fixture.changes !== undefined) {
        assert.deepEqual(
          kinds(changes, false),
          [...fixture.changes].sort(),
          JSON.stringify(changes, null, 1),
        );
      }
      // Every breaking fixture really changes the document (a patch that misses its target throws).
      if (fixture.breaking.length > 0) {
        assert.notDeepEqual(fixture.head, fixture.base);
      }
    });
  }

  it("covers every breaking kind the brief names", () => {
    const covered = new Set(caseNames().flatMap((name) => loadCase(name).breaking));
    for (const kind of [
      "removed-operation",
      "removed-parameter",
      "removed-response-field",
      "new-required-parameter",
      "new-required-field",
      "narrowed-type",
      "narrowed-enum",
      "removed-status",
      "removed-webhook",
    ]) {
      assert.ok(covered.has(kind), `no fixture for ${kind}`);
    }
  });

  it("decides pattern widening for single-class patterns only, on every code point", () => {
    assert.equal(patternWidens("^[\\x21-\\x7E]{1,128}$", "^[^\\x00-\\x1F\\x7F-\\x9F]{1,128}$"), true);
    assert.equal(patternWidens("^[^\\x00-\\x1F\\x7F-\\x9F]{1,128}$", "^[\\x21-\\x7E]{1,128}$"), false);
    assert.equal(patternWidens("^[a-z]{1,10}$", "^[a-zA-Z]+$"), true);
    assert.equal(patternWidens("^[a-z]+$", "^[a-z]{1,10}$"), false);
    assert.equal(patternWidens("^[a-z]{2,5}$", "^[a-z]{3,5}$"), false);
    assert.equal(patternWidens("^[a-z]*$", "^[a-z]+$"), false);
    assert.equal(patternWidens("^a+$", "^[a-z]+$"), false, "not the supported shape: not provably wider");
    assert.equal(patternWidens("^[a-z]+$", "^([a-z]|[0-9])+$"), false);
  });

  it("finds no change between a spec and itself, including the real specs' shapes", () => {
    const doc = parseSpec(baseText(), "base");
    assert.deepEqual(compareSpecs(doc, parseSpec(baseText(), "base")), []);
  });

  it("treats a spec absent at the ref as new, never breaking", () => {
    const changes = compareSpecs(null, parseSpec(baseText(), "base"));
    assert.equal(changes.filter((c) => c.breaking).length, 0);
    assert.deepEqual(kinds(changes, false), ["added-operation", "added-webhook", "new-spec"]);
    assert.equal(changes.filter((c) => c.kind === "added-operation").length, 3);
    assert.equal(changes.filter((c) => c.kind === "added-webhook").length, 1);
  });

  it("treats a deleted spec as removing every operation", () => {
    const changes = compareSpecs(parseSpec(baseText(), "base"), null);
    assert.equal(changes.filter((c) => c.kind === "removed-operation").length, 3);
    assert.equal(changes.filter((c) => c.kind === "removed-webhook").length, 1);
  });

  it("resolves $refs into other files through the loader", () => {
    const base = parseSpec(baseText(), "base");
    const head = applyPatch(parseSpec(baseText(), "base"), [
      { op: "replace", path: "/components/schemas/Header", value: { $ref: "shared.yaml#/Header" } },
    ]);
    const shared = { Header: { type: "object", required: ["key"], properties: { key: { type: "string" } } } };
    const changes = compareSpecs(base, head, {
      head: (file) => (file === "shared.yaml" ? shared : undefined),
    });
    assert.deepEqual(
      changes.map((c) => [c.kind, c.breaking]),
      [["removed-request-field", true]],
    );
    assert.match(changes[0].where, /headers\[\]\.value$/);
    assert.throws(() => compareSpecs(base, head), /shared\.yaml not found/);
  });

  it("applies sibling keywords next to $ref (OpenAPI 3.1)", () => {
    const doc = { components: { schemas: { A: { type: "string" } } } };
    const { node } = createResolver(doc).resolve({ $ref: "#/components/schemas/A", description: "x" });
    assert.deepEqual(node, { type: "string", description: "x" });
  });

  it("does not loop on a self-referencing $ref chain", () => {
    const doc = { components: { schemas: { A: { $ref: "#/components/schemas/A" } } } };
    assert.throws(() => createResolver(doc).resolve({ $ref: "#/components/schemas/A" }), /circular/);
  });
});

describe("parseChangeset", () => {
  it("reads bumps, including an empty changeset", () => {
    assert.deepEqual(
      [...parseChangeset(changeset({ "@lpkit/a": "major", "@lpkit/b": "patch" }))],
      [
        ["@lpkit/a", "major"],
        ["@lpkit/b", "patch"],
      ],
    );
    assert.equal(parseChangeset("---\n---\n\nNothing to release.\n").size, 0);
  });

  it("rejects unknown bumps and missing front matter", () => {
    assert.throws(() => parseChangeset('---\n"@lpkit/a": huge\n---\n'), /unknown bump/);
    assert.throws(() => parseChangeset("no front matter"), /front matter/);
  });
});

/** A repository with specs/fixture.yaml generated into @lpkit/fixture-client, committed on main. */
function fixtureRepo() {
  return createRepo({
    "specs/fixture.yaml": baseText(),
    "packages/fixture-client/package.json": manifest("@lpkit/fixture-client", { spec: "fixture" }),
    "packages/other/package.json": manifest("@lpkit/other"),
    ".changeset/config.json": CHANGESET_CONFIG,
    ".changeset/README.md": "# Changesets\n",
  });
}

function run(repo, ref) {
  const lines = [];
  const result = runSpecDiff({ cwd: repo.dir, ref, print: (line) => lines.push(line) });
  return { ...result, output: lines.join("\n") };
}

describe("pnpm spec:diff in a git repository", () => {
  it("fails on a breaking change without a changeset and names the package and the change", (t) => {
    const repo = fixtureRepo();
    t.after(repo.dispose);
    repo.write({ "specs/fixture.yaml": loadCase("removed-operation").headText });
    const result = run(repo, "main");
    assert.equal(result.exitCode, 1);
    assert.match(result.output, /specs\/fixture\.yaml → @lpkit\/fixture-client: 1 breaking/);
    assert.match(result.output, /BREAKING\s+removed-operation\s+DELETE \/accounts\/\{\}\/lambdas\/\{\}/);
    assert.match(result.output, /no major changeset for @lpkit\/fixture-client/);
  });

  for (const name of caseNames().filter((n) => loadCase(n).breaking.length > 0)) {
    it(`flags the ${name} fixture (exit 1 without a major changeset)`, (t) => {
      const repo = fixtureRepo();
      t.after(repo.dispose);
      repo.write({ "specs/fixture.yaml": loadCase(name).headText });
      const result = run(repo, "HEAD");
      assert.equal(result.exitCode, 1, result.output);
      assert.ok(result.specs[0].breaking > 0);
    });
  }

  it("passes a breaking change that comes with a major changeset for the package", (t) => {
    const repo = fixtureRepo();
    t.after(repo.dispose);
    repo.write({
      "specs/fixture.yaml": loadCase("narrowed-enum").headText,
      ".changeset/drop-draft.md": changeset({ "@lpkit/fixture-client": "major" }, "Drop the draft state."),
    });
    const result = run(repo, "main");
    assert.equal(result.exitCode, 0, result.output);
    assert.equal(result.specs[0].majorChangeset, ".changeset/drop-draft.md");
    assert.match(result.output, /covered by a major changeset/);
  });

  it("still fails with only a minor changeset, or a major one for another package", (t) => {
    const repo = fixtureRepo();
    t.after(repo.dispose);
    repo.write({
      "specs/fixture.yaml": loadCase("removed-status").headText,
      ".changeset/a.md": changeset({ "@lpkit/fixture-client": "minor" }),
      ".changeset/b.md": changeset({ "@lpkit/other": "major" }),
    });
    assert.equal(run(repo, "main").exitCode, 1);
  });

  it("below 1.0, takes a minor changeset as the breaking bump (0.1.x → 0.2.0)", (t) => {
    const repo = fixtureRepo();
    t.after(repo.dispose);
    repo.write({
      "packages/fixture-client/package.json": manifest("@lpkit/fixture-client", {
        version: "0.1.0",
        spec: "fixture",
      }),
    });
    repo.commit("0.x");
    repo.write({ "specs/fixture.yaml": loadCase("removed-status").headText });
    const without = run(repo, "main");
    assert.equal(without.exitCode, 1);
    assert.match(
      without.output,
      /no minor changeset for @lpkit\/fixture-client: .* choose "minor" \(below 1\.0/,
    );
    repo.write({ ".changeset/a.md": changeset({ "@lpkit/fixture-client": "minor" }) });
    const result = run(repo, "main");
    assert.equal(result.exitCode, 0, result.output);
    assert.match(
      result.output,
      /covered by a minor changeset for @lpkit\/fixture-client \(\.changeset\/a\.md\)/,
    );
  });

  it("passes non-breaking changes without any changeset", (t) => {
    const repo = fixtureRepo();
    t.after(repo.dispose);
    repo.write({ "specs/fixture.yaml": loadCase("additions-only").headText });
    const result = run(repo, "main");
    assert.equal(result.exitCode, 0, result.output);
    assert.equal(result.specs[0].breaking, 0);
    assert.ok(result.specs[0].changes.length > 0);
  });

  it("treats a spec that is absent at the ref as all new", (t) => {
    const repo = fixtureRepo();
    t.after(repo.dispose);
    repo.write({ "specs/brand-new.yaml": baseText() });
    const result = run(repo, "main");
    assert.equal(result.exitCode, 0, result.output);
    const added = result.specs.find((s) => s.path === "specs/brand-new.yaml");
    assert.equal(added.packageName, "@lpkit/brand-new");
    assert.equal(added.breaking, 0);
  });

  it("fails when a spec is deleted without a major changeset", (t) => {
    const repo = fixtureRepo();
    t.after(repo.dispose);
    repo.remove("specs/fixture.yaml");
    const result = run(repo, "main");
    assert.equal(result.exitCode, 1);
    assert.match(result.output, /removed-spec/);
  });

  it("compares with an older commit given as the ref, not only with HEAD", (t) => {
    const repo = fixtureRepo();
    t.after(repo.dispose);
    const first = repo.git("rev-parse", "HEAD");
    repo.write({ "specs/fixture.yaml": loadCase("removed-parameter").headText });
    repo.commit("remove a parameter");
    assert.equal(run(repo, "HEAD").exitCode, 0);
    assert.equal(run(repo, first).exitCode, 1);
  });

  it("defaults to the last release commit when there is no origin/main and HEAD is main", (t) => {
    const repo = fixtureRepo();
    t.after(repo.dispose);
    repo.write({ "specs/fixture.yaml": loadCase("removed-parameter").headText });
    repo.commit("remove a parameter");
    // Never released: nothing was published, so nothing can break.
    const unreleased = run(repo, undefined);
    assert.match(unreleased.output, /no release yet/);
    assert.equal(unreleased.exitCode, 0);
    assert.equal(unreleased.specs[0].breaking, 0);
    repo.write({
      "packages/fixture-client/package.json": manifest("@lpkit/fixture-client", {
        spec: "fixture",
        version: "1.1.0",
      }),
    });
    const firstRelease = repo.commit("Version Packages");
    repo.write({ "specs/fixture.yaml": loadCase("removed-operation").headText });
    repo.commit("remove an operation");
    const result = run(repo, undefined);
    assert.equal(result.base.commit, firstRelease);
    assert.equal(result.exitCode, 1);
    repo.write({
      "packages/fixture-client/package.json": manifest("@lpkit/fixture-client", {
        spec: "fixture",
        version: "2.0.0",
      }),
    });
    const release = repo.commit("Version Packages");
    const afterRelease = run(repo, undefined);
    assert.equal(afterRelease.base.commit, release);
    assert.equal(afterRelease.exitCode, 0);
  });

  it("defaults to the merge-base with origin/main when it exists", (t) => {
    const repo = fixtureRepo();
    t.after(repo.dispose);
    repo.git("update-ref", "refs/remotes/origin/main", "HEAD");
    repo.git("checkout", "--quiet", "-b", "feature");
    repo.write({ "specs/fixture.yaml": loadCase("renamed-operation").headText });
    repo.commit("rename");
    const result = run(repo, undefined);
    assert.equal(result.base.ref, "origin/main");
    assert.equal(result.exitCode, 1);
  });

  it("runs as a command: exit 1 and a report, exit 2 on an unknown ref, --json", (t) => {
    const repo = fixtureRepo();
    t.after(repo.dispose);
    repo.write({ "specs/fixture.yaml": loadCase("new-required-field").headText });
    const cli = (...args) => spawnSync(process.execPath, [CLI, ...args], { cwd: repo.dir, encoding: "utf8" });
    const failing = cli("main");
    assert.equal(failing.status, 1, failing.stderr);
    assert.match(failing.stdout, /new-required-field/);
    const unknown = cli("no-such-ref");
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown git ref: no-such-ref/);
    const json = cli("main", "--json");
    assert.equal(json.status, 1);
    const parsed = JSON.parse(json.stdout);
    assert.equal(parsed.ok, false);
    assert.equal(parsed.specs[0].changes[0].kind, "new-required-field");
  });
});
