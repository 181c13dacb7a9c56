#!/usr/bin/env node
import { spawnSync } from "node:child_process";
// `pnpm check:generated`: regenerates every package's src/generated/*.d.ts from specs/*.yaml in
// memory and fails when a committed file differs (a spec changed without `pnpm generate`).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const stale = [];
const tmp = mkdtempSync(join(tmpdir(), "lpkit-gen-"));
try {
  for (const pkg of readdirSync("packages")) {
    const manifest = JSON.parse(readFileSync(join("packages", pkg, "package.json"), "utf8"));
    const script = manifest.scripts?.generate;
    if (!script) {
      continue;
    }
    const match = /openapi-typescript\s+(\S+)\s+-o\s+(\S+)/.exec(script);
    if (!match) {
      throw new Error(`packages/${pkg}: cannot read the generate script: ${script}`);
    }
    const [, specRel, outRel] = match;
    const out = join(tmp, `${pkg}.d.ts`);
    // Run from the package folder, exactly as `pnpm generate` does: from the root, openapi-typescript
    // would read redocly.yaml's `apis` instead of its arguments.
    const run = spawnSync(join(process.cwd(), "node_modules/.bin/openapi-typescript"), [specRel, "-o", out], {
      cwd: join("packages", pkg),
      encoding: "utf8",
    });
    if (run.status !== 0) {
      process.stderr.write(run.stderr);
      throw new Error(`packages/${pkg}: openapi-typescript failed`);
    }
    const committed = join("packages", pkg, outRel);
    if (!existsSync(committed) || readFileSync(committed, "utf8") !== readFileSync(out, "utf8")) {
      stale.push(committed);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (stale.length > 0) {
  console.error(
    `Stale generated files (run \`pnpm generate\` and commit the result):\n  ${stale.join("\n  ")}`,
  );
  process.exit(1);
}
console.log("generated files are up to date");
