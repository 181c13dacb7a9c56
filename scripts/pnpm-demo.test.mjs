// @module scripts/pnpm-demo.test
// `pnpm demo` (apps/demo/scripts/pnpm-demo.mjs) as a process, in a throwaway tree whose `turbo` is a
// stand-in that "builds" the demo: the first run says it is building before the build starts (stderr,
// so piped stdout stays the demo's), the later runs say nothing; a failed build names its status.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { buildNotice } from "../apps/demo/scripts/pnpm-demo.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function fakeTree(t, turboScript) {
  const dir = mkdtempSync(join(tmpdir(), "lpkit-pnpm-demo-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  mkdirSync(join(dir, "apps", "demo", "scripts"), { recursive: true });
  mkdirSync(join(dir, "node_modules", "turbo", "bin"), { recursive: true });
  copyFileSync(
    join(ROOT, "apps", "demo", "scripts", "pnpm-demo.mjs"),
    join(dir, "apps", "demo", "scripts", "pnpm-demo.mjs"),
  );
  writeFileSync(join(dir, "package.json"), '{ "name": "root", "private": true, "type": "module" }\n');
  writeFileSync(
    join(dir, "apps", "demo", "package.json"),
    '{ "name": "@lpkit/demo", "private": true, "type": "module" }\n',
  );
  writeFileSync(
    join(dir, "node_modules", "turbo", "package.json"),
    '{ "name": "turbo", "version": "0.0.0" }\n',
  );
  writeFileSync(join(dir, "node_modules", "turbo", "bin", "turbo"), turboScript);
  return dir;
}

// The stand-in turbo: writes the demo's dist/cli.js (which prints its arguments) and logs to stdout,
// which pnpm-demo.mjs must send to stderr.
const BUILDING_TURBO = `const { mkdirSync, writeFileSync } = require("node:fs");
console.log("turbo: building");
mkdirSync("apps/demo/dist", { recursive: true });
writeFileSync("apps/demo/dist/cli.js", 'console.log("demo ran with " + JSON.stringify(process.argv.slice(2)));\\n');
`;

const demo = (dir, args) =>
  spawnSync(process.execPath, [join(dir, "apps", "demo", "scripts", "pnpm-demo.mjs"), ...args], {
    cwd: dir,
    encoding: "utf8",
  });

describe("pnpm demo", () => {
  it("says it is building on the first run, before the build, on stderr; later runs say nothing", (t) => {
    const dir = fakeTree(t, BUILDING_TURBO);
    const first = demo(dir, ["token", "--decode"]);
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stdout, 'demo ran with ["token","--decode"]\n');
    const lines = first.stderr.trim().split("\n");
    assert.match(lines[0], /^pnpm demo: first run — building the demo and the lpkit packages it uses/);
    assert.equal(lines[1], "turbo: building", "the notice comes before the build's own output");
    assert.match(lines[2], /^pnpm demo: built in \d+ s$/);
    const second = demo(dir, ["--json"]);
    assert.equal(second.status, 0);
    assert.equal(second.stdout, 'demo ran with ["--json"]\n');
    assert.equal(second.stderr, "turbo: building\n");
  });

  it("stops with the build's status when the build fails", (t) => {
    const dir = fakeTree(t, "process.exit(3);\n");
    const run = demo(dir, []);
    assert.equal(run.status, 3);
    assert.match(run.stderr, /pnpm demo: the build failed \(exit status 3\)/);
  });

  it("words the notice for a missing build only", () => {
    assert.equal(
      buildNotice("/x/cli.js", () => true),
      null,
    );
    assert.match(
      buildNotice("/x/cli.js", () => false),
      /a minute or two/,
    );
  });
});
