// @module scripts/api-reference.test
// Which entry points the TypeScript API reference documents (scripts/api-reference.mjs), on a throwaway
// workspace; scripts/docs.e2e.mjs builds and opens the real one.
import assert from "node:assert/strict";
import { join } from "node:path";
import { describe, it } from "node:test";
import { exportedNames, publicEntryPoints } from "./api-reference.mjs";
import { createRepo } from "./spec-diff/test-repo.mjs";

const pkg = (name, exports, extra = {}) =>
  `${JSON.stringify({ name, version: "0.0.0", type: "module", exports, ...extra }, null, 2)}\n`;

describe("API reference entry points", () => {
  it("documents every code subpath of every published package, never ./internal or private packages", (t) => {
    const repo = createRepo({
      "pnpm-workspace.yaml": "packages:\n  - packages/*\n  - apps/*\n",
      "tsconfig.base.json": '{ "compilerOptions": { "module": "NodeNext", "strict": true } }\n',
      "packages/auth/package.json": pkg("@lpkit/auth", {
        ".": { types: "./dist/index.d.ts", import: "./dist/index.js", default: "./dist/index.js" },
        "./verify": { types: "./dist/verify.d.ts", import: "./dist/verify.js" },
        "./internal": { types: "./dist/internal.d.ts", import: "./dist/internal.js" },
        "./package.json": "./package.json",
      }),
      "packages/auth/src/index.ts": 'export { verify } from "./verify.js";\n/** A. */\nexport const a = 1;\n',
      "packages/auth/src/verify.ts":
        "/** Verify. */\nexport function verify(): boolean {\n  return true;\n}\n",
      "packages/auth/src/internal.ts": "export const hidden = 1;\n",
      "apps/demo/package.json": pkg("@lpkit/demo", { ".": "./dist/cli.js" }, { private: true }),
    });
    t.after(repo.dispose);
    const entries = publicEntryPoints(repo.dir);
    assert.deepEqual(
      entries.map((e) => [e.specifier, e.file]),
      [
        ["@lpkit/auth", join(repo.dir, "packages/auth/src/index.ts")],
        ["@lpkit/auth/verify", join(repo.dir, "packages/auth/src/verify.ts")],
      ],
    );
    assert.deepEqual(exportedNames(entries, repo.dir), {
      "@lpkit/auth": ["a", "verify"],
      "@lpkit/auth/verify": ["verify"],
    });
  });

  it("fails when an export points at a file with no source", (t) => {
    const repo = createRepo({
      "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
      "packages/core/package.json": pkg("@lpkit/core", { ".": { import: "./dist/index.js" } }),
    });
    t.after(repo.dispose);
    assert.throws(
      () => publicEntryPoints(repo.dir),
      /@lpkit\/core: exports\["\."\] → \.\/dist\/index\.js, but packages\/core\/src\/index\.ts does not exist/,
    );
  });
});
