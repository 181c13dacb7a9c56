#!/usr/bin/env node
/**
 * What `pnpm demo` runs (`node apps/demo/scripts/pnpm-demo.mjs`): build the demo and the packages it
 * uses with turbo, then run `lpkit-demo` with the given arguments and exit with its status. turbo's own
 * output goes to stderr, so stdout carries only the demo's output: `pnpm -s demo --json | jq .ok`
 * works, and so do `pnpm demo token --decode` and `pnpm demo -- token`. On the first run (no build
 * yet) it says so on stderr before the build, which then takes a minute or two, and how long it took.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The line printed before the build when the demo was never built (`cli` missing), else null.
 * @example buildNotice("/repo/apps/demo/dist/cli.js", () => false) // "pnpm demo: first run — …"
 */
export function buildNotice(cli, exists = existsSync) {
  return exists(cli)
    ? null
    : "pnpm demo: first run — building the demo and the lpkit packages it uses (a minute or two; later runs start at once)…";
}

async function main() {
  const root = join(here, "..", "..", "..");
  const cli = join(here, "..", "dist", "cli.js");
  const notice = buildNotice(cli);
  if (notice) {
    process.stderr.write(`${notice}\n`);
  }
  const started = Date.now();
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
  if (notice) {
    process.stderr.write(`pnpm demo: built in ${Math.round((Date.now() - started) / 1000)} s\n`);
  }
  // The bin reads process.argv.slice(2): the arguments given to this script.
  await import(pathToFileURL(cli).href);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}
