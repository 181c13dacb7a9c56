// @module scripts/package-metadata.test
// What every published package's package.json and README must say, so npm's page, `npm bugs`,
// `npm home`, search and CommonJS users all find their way: homepage (its own folder), bugs, keywords,
// license, engines, repository, an `exports` map whose code entries carry `types`, `import` and
// `default` (require(esm) on Node ≥ 20.19) and, for subpaths, a typesVersions entry (TypeScript's node10
// resolution), and a README that says so and installs with npm.
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { readWorkspacePackages } from "./spec-diff/changesets.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const published = readWorkspacePackages(ROOT).filter((p) => !p.private);
const ROOT_ENGINES = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).engines.node;

/** The sentence every package README carries (any wording around it is fine). */
export const ESM_LINE = /ESM-only; `require\(\)?` works on Node ≥ 20\.19/;

describe("published package metadata", () => {
  it("covers every published package", () => {
    assert.ok(published.length >= 7, published.map((p) => p.name).join(", "));
  });

  for (const pkg of published) {
    it(`${pkg.name}: homepage, bugs, keywords, license, engines, repository`, () => {
      const m = pkg.manifest;
      assert.equal(m.homepage, `https://github.com/lpkit/lpkit/tree/main/${pkg.dir}#readme`);
      assert.deepEqual(m.bugs, { url: "https://github.com/lpkit/lpkit/issues" });
      assert.ok(Array.isArray(m.keywords) && m.keywords.length >= 3, "at least three keywords");
      assert.ok(m.keywords.includes("liveperson") && m.keywords.includes("lpkit"), "liveperson, lpkit");
      assert.equal(new Set(m.keywords).size, m.keywords.length, "no duplicate keywords");
      assert.equal(m.license, "MIT");
      assert.equal(m.engines?.node, ROOT_ENGINES);
      assert.equal(m.type, "module");
      assert.deepEqual(m.repository, {
        type: "git",
        url: "git+https://github.com/lpkit/lpkit.git",
        directory: pkg.dir,
      });
      assert.ok(m.description && m.description.length > 20, "a description");
    });

    it(`${pkg.name}: every code entry has types, import and default (require works on Node ≥ 20.19)`, () => {
      const entries = Object.entries(pkg.manifest.exports ?? {}).filter(
        ([subpath]) => !subpath.endsWith(".json"),
      );
      assert.ok(entries.length > 0, "no exports map");
      for (const [subpath, target] of entries) {
        assert.equal(typeof target, "object", `${subpath}: conditions, not a bare path`);
        assert.deepEqual(Object.keys(target), ["types", "import", "default"], `${subpath}: condition order`);
        assert.equal(target.default, target.import, `${subpath}: default is the ESM build`);
        if (subpath !== ".") {
          // TypeScript's node10 resolution ignores `exports`: typesVersions points it at the subpath's types.
          const mapped = pkg.manifest.typesVersions?.["*"]?.[subpath.replace(/^\.\//, "")];
          assert.deepEqual(mapped, [target.types], `${subpath}: typesVersions for node10 resolution`);
        }
      }
    });

    it(`${pkg.name}: README says ESM-only with require on Node ≥ 20.19, and installs with npm`, () => {
      const file = join(ROOT, pkg.dir, "README.md");
      assert.ok(existsSync(file), "no README.md");
      const text = readFileSync(file, "utf8");
      assert.match(text, ESM_LINE);
      assert.doesNotMatch(text, /\bpnpm add\b|\byarn add\b/, "install lines use npm install");
      assert.match(
        text,
        new RegExp(`npm install[^\\n]*${pkg.name.replace("/", "\\/")}`),
        "an npm install line",
      );
    });
  }
});
