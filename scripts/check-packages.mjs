#!/usr/bin/env node
// @module scripts/check-packages
// `pnpm check:packages` (after the build): for every published package, `publint --strict` and
// Are the Types Wrong (`attw --pack`) with attw's default profile, which checks every resolution mode —
// node10, node16 from CommonJS, node16 from ESM, bundler — with exactly one rule turned off:
//
//   cjs-resolves-to-esm: lpkit is ESM-only. Its `exports` carry a `default` condition, so `require()`
//   reaches the ESM build, and Node ≥ 20.19 (lpkit's `engines`) loads ES modules from `require()`
//   (require(esm), no flag needed). attw 0.18 does not model
//   require(esm): it reports every `require` that resolves to ESM as an error ("ESM (dynamic import
//   only)"). That rule alone is off; what it would have caught — a CommonJS consumer that cannot load
//   the package — is tested for real by the CommonJS consumers of `pnpm test:release`.
//
// Everything else attw reports (a missing `types`, a subpath TypeScript cannot resolve under node10, a
// false ESM/CJS marker, …) fails the check. The same arguments check the tarballs the registry test
// publishes (scripts/registry-test.mjs imports ATTW_ARGS).
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { publishablePackages } from "./registry-test/workspace.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BIN = join(ROOT, "node_modules", ".bin");

/** attw's arguments after the package or tarball: the default profile, one rule off (see above). */
export const ATTW_ARGS = ["--ignore-rules", "cjs-resolves-to-esm", "--format", "table-flipped"];

function main() {
  const failed = [];
  for (const pkg of publishablePackages(ROOT)) {
    for (const [tool, args] of [
      ["publint", ["--strict"]],
      ["attw", ["--pack", ".", ...ATTW_ARGS]],
    ]) {
      const run = spawnSync(join(BIN, tool), args, { cwd: pkg.dir, stdio: "inherit" });
      if (run.status !== 0) {
        failed.push(`${pkg.name}: ${tool}`);
      }
    }
  }
  if (failed.length > 0) {
    console.error(`check:packages: FAILED — ${failed.join(", ")}`);
    return 1;
  }
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = main();
}
