#!/usr/bin/env node
/**
 * What `pnpm demo` runs (proposed root script: `node apps/demo/scripts/pnpm-demo.mjs`): build the
 * demo and the packages it uses with turbo, then run `lpkit-demo` with the given arguments and exit
 * with its status. turbo's own output goes to stderr, so stdout carries only the demo's output:
 * `pnpm -s demo --json | jq .ok` works, and so do `pnpm demo token --decode` and `pnpm demo -- token`.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const turbo = createRequire(join(root, "package.json")).resolve("turbo/bin/turbo");
const build = spawnSync(
  process.execPath,
  [turbo, "run", "build", "--filter=@lpkit/demo...", "--output-logs=errors-only"],
  { cwd: root, stdio: ["ignore", 2, 2] },
);
if (build.status !== 0) {
  console.error(
    `pnpm demo: the build failed (${build.error ? build.error.message : `exit status ${build.status}`})`,
  );
  process.exit(build.status || 1);
}
// The bin reads process.argv.slice(2): the arguments given to this script.
await import("../dist/cli.js");
