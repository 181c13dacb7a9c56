// @module scripts/registry-test-checks.test
// The pieces of `pnpm test:release` that can be tested without a release: the manifest and file
// checks (they must fail on what they guard against), the offline registry, the workspace copy and
// the consumer tsconfigs.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { entryPoints, manifestProblems, missingFiles, publintProblems } from "./registry-test/checks.mjs";
import {
  consumerSource,
  entrySpecifiers,
  requireCheck,
  requireCheckTs,
  tsconfig,
} from "./registry-test/consumer.mjs";
import { cleanEnv, run } from "./registry-test/exec.mjs";
import { packument, registryConfig, startRegistry } from "./registry-test/registry.mjs";
import { copyWorkspace, privatePackages, publishablePackages } from "./registry-test/workspace.mjs";
import { createRepo, manifest } from "./spec-diff/test-repo.mjs";

const ROOT = join(import.meta.dirname ?? new URL(".", import.meta.url).pathname, "..");

function tempDir(t) {
  const dir = mkdtempSync(join(tmpdir(), "lpkit-checks-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe("published manifest checks", () => {
  const good = {
    name: "@lpkit/auth",
    version: "1.2.0",
    dependencies: { "@lpkit/core": "^1.1.0", jose: "^6.2.17" },
    devDependencies: { vitest: "~4.1.12" },
  };

  it("accepts released ranges", () => {
    assert.deepEqual(manifestProblems(good, { versions: { "@lpkit/core": "1.1.0" } }), []);
  });

  it("rejects workspace:, catalog: and link: ranges anywhere", () => {
    const problems = manifestProblems({
      ...good,
      dependencies: { "@lpkit/core": "workspace:^", jose: "catalog:" },
      peerDependencies: { x: "link:../x" },
      devDependencies: { y: "workspace:*" },
    });
    assert.equal(problems.length, 4, problems.join("\n"));
  });

  it("rejects an internal range that does not point at the version released with it", () => {
    const problems = manifestProblems(good, { versions: { "@lpkit/core": "1.2.0" } });
    assert.match(problems.join(), /expected "\^1\.2\.0"/);
  });

  it("rejects a private manifest and a stray workspace: value", () => {
    assert.match(manifestProblems({ name: "x", private: true }).join(), /private/);
    assert.match(manifestProblems({ name: "x", overrides: { a: "workspace:*" } }).join(), /workspace:/);
  });

  it("lists every entry point and finds the missing ones", (t) => {
    const dir = tempDir(t);
    mkdirSync(join(dir, "dist"));
    writeFileSync(join(dir, "dist", "index.js"), "");
    writeFileSync(join(dir, "dist", "cli.js"), "");
    const pkg = {
      main: "./dist/index.js",
      types: "./dist/index.d.ts",
      bin: { tool: "./dist/cli.js" },
      exports: {
        ".": { types: "./dist/index.d.ts", import: "./dist/index.js" },
        "./extra/*": "./dist/extra/*.js",
        "./package.json": "./package.json",
      },
    };
    assert.deepEqual(entryPoints(pkg), ["dist/cli.js", "dist/index.d.ts", "dist/index.js", "package.json"]);
    assert.deepEqual(missingFiles(dir, pkg), ["dist/index.d.ts", "package.json"]);
  });

  it("turns publint errors and warnings into problems, not suggestions", () => {
    const problems = publintProblems({
      messages: [
        { type: "error", code: "FILE_DOES_NOT_EXIST", path: ["exports", "."], args: {} },
        { type: "warning", code: "USE_LICENSE", path: ["name"], args: {} },
        { type: "suggestion", code: "USE_TYPE", path: ["name"], args: {} },
      ],
    });
    assert.equal(problems.length, 2);
  });
});

describe("registry", () => {
  it("has no uplinks in its config", () => {
    const config = registryConfig("/tmp/x");
    assert.match(config, /^uplinks: \{\}$/m);
    assert.doesNotMatch(config, /proxy:/);
  });

  it("serves only what was published to it: anything else is a 404, and a user can publish", async (t) => {
    const registry = await startRegistry(tempDir(t));
    t.after(registry.stop);
    assert.match(registry.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal(await packument(registry.url, "openapi-fetch"), null);
    assert.equal(await packument(registry.url, "@lpkit/core"), null);
    const dir = tempDir(t);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "@lpkit/probe", version: "1.0.0" }));
    writeFileSync(
      join(dir, ".npmrc"),
      `registry=${registry.url}\n${registry.url.slice(5)}:_authToken=${registry.token}\n`,
    );
    await run("npm", ["publish", "--access", "public"], { cwd: dir, env: cleanEnv(), timeoutMs: 60_000 });
    assert.deepEqual(Object.keys((await packument(registry.url, "@lpkit/probe")).versions), ["1.0.0"]);
  });
});

describe("workspace copy", () => {
  it("copies tracked and untracked files, not ignored or deleted ones, and commits them", async (t) => {
    const repo = createRepo({
      ".gitignore": "dist/\n",
      "packages/a/package.json": manifest("@lpkit/a"),
      "packages/b/package.json": manifest("@lpkit/b", { private: true }),
      "apps/demo/package.json": manifest("@lpkit/demo", { private: true }),
      "gone.txt": "x",
    });
    t.after(repo.dispose);
    repo.write({ "packages/a/dist/index.js": "built", "packages/a/new.ts": "untracked" });
    repo.remove("gone.txt");
    const dest = join(tempDir(t), "copy");
    await copyWorkspace(repo.dir, dest);
    assert.ok(existsSync(join(dest, "packages/a/new.ts")));
    assert.ok(!existsSync(join(dest, "packages/a/dist/index.js")));
    assert.ok(!existsSync(join(dest, "gone.txt")));
    const { stdout } = await run("git", ["status", "--porcelain"], { cwd: dest });
    assert.equal(stdout, "");
    assert.deepEqual(
      publishablePackages(dest).map((p) => p.name),
      ["@lpkit/a"],
    );
    assert.deepEqual(privatePackages(dest), ["@lpkit/b", "@lpkit/demo"]);
  });
});

describe("consumers", () => {
  it("exist for every publishable package", () => {
    for (const pkg of publishablePackages(ROOT)) {
      assert.ok(consumerSource(pkg.short), `no consumer for ${pkg.name}`);
      const text = readFileSync(join(consumerSource(pkg.short), "consumer.mjs"), "utf8");
      assert.ok(text.includes(`consumer ok: ${pkg.name}`), `${pkg.short}/consumer.mjs never reports success`);
    }
  });

  it("are type-checked strictly, without skipping library checks, in both resolution modes", () => {
    const nodenext = JSON.parse(tsconfig("nodenext", "/t/@types")).compilerOptions;
    const bundler = JSON.parse(tsconfig("bundler", "/t/@types")).compilerOptions;
    assert.equal(nodenext.moduleResolution, "NodeNext");
    assert.equal(bundler.moduleResolution, "Bundler");
    for (const options of [nodenext, bundler]) {
      assert.equal(options.strict, true);
      assert.equal(options.skipLibCheck, false);
      assert.equal(options.noEmit, true);
    }
    assert.ok(!nodenext.lib.includes("DOM"), "a Node.js project has no DOM lib");
  });

  it("require() every entry point: passes with a default condition, fails without one", async (t) => {
    const dir = tempDir(t);
    const pkg = join(dir, "node_modules", "esm-only");
    mkdirSync(join(pkg, "sub"), { recursive: true });
    writeFileSync(join(pkg, "index.js"), "export const a = 1;\n");
    writeFileSync(join(pkg, "sub", "index.js"), "export const b = 2;\n");
    const exportsWith = (conditions) => ({
      ".": Object.fromEntries(conditions.map((c) => [c, "./index.js"])),
      "./sub": Object.fromEntries(conditions.map((c) => [c, "./sub/index.js"])),
      "./package.json": "./package.json",
    });
    const write = (conditions) =>
      writeFileSync(
        join(pkg, "package.json"),
        JSON.stringify({ name: "esm-only", type: "module", exports: exportsWith(conditions) }),
      );
    const specifiers = entrySpecifiers({ name: "esm-only", exports: exportsWith(["import"]) });
    assert.deepEqual(specifiers, ["esm-only", "esm-only/sub"]);
    writeFileSync(join(dir, "check.cjs"), requireCheck(specifiers));
    write(["import", "default"]);
    const ok = await run(process.execPath, ["check.cjs"], { cwd: dir });
    assert.equal(ok.stdout.trim(), "require ok: esm-only esm-only/sub");
    assert.equal(ok.stderr, "");
    write(["import"]); // what @lpkit shipped before: import only
    const failed = await run(process.execPath, ["check.cjs"], { cwd: dir, allowFail: true });
    assert.notEqual(failed.code, 0);
    assert.match(failed.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
    assert.match(requireCheckTs(specifiers), /^import entry1 = require\("esm-only\/sub"\);$/m);
  });

  it("child processes inherit no npm_* settings", () => {
    process.env.npm_config_registry_probe = "x";
    try {
      assert.equal(cleanEnv().npm_config_registry_probe, undefined);
      assert.equal(cleanEnv({ A: "1" }).A, "1");
    } finally {
      delete process.env.npm_config_registry_probe;
    }
  });
});
