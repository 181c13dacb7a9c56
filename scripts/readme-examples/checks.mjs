// @module scripts/readme-examples/checks
// What can be said about a README without running it: which READMEs there are, which packages its
// examples import that its install lines do not install, and whether its `pnpm …` and `node <file>`
// lines name scripts and files the repository has. Used by the runner (run.mjs) and by the static gate
// in scripts/readme-examples.test.mjs.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { readWorkspacePackages } from "../spec-diff/changesets.mjs";
import { classify, parseShell, pnpmTarget } from "./commands.mjs";

/**
 * Every README.md of the repository at `root` that git tracks or would track (untracked, not ignored).
 * @example repositoryReadmes("/work/main") // ["README.md", "apps/demo/README.md", …]
 */
export function repositoryReadmes(root) {
  return execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "*README.md"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\n")
    .filter((file) => file !== "" && /(^|\/)README\.md$/.test(file))
    .sort();
}

/** The npm package a bare import specifier belongs to (`@lpkit/auth/verify` → `@lpkit/auth`), or null. */
export function packageOf(specifier) {
  if (/^(node:|\.|\/|[a-z]+:)/.test(specifier)) {
    return null;
  }
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/**
 * Packages the README's programs import that none of its `npm install` lines installs: a reader who
 * copies the install line and the example would get ERR_MODULE_NOT_FOUND (or depend on npm hoisting a
 * transitive dependency). Node built-ins are fine.
 * @example missingInstalls(planReadme(text)) // ["@lpkit/domain"]
 */
export function missingInstalls(plan) {
  const installed = new Set();
  for (const block of plan.shell) {
    for (const command of parseShell(block.code).map(classify)) {
      if (command.type === "npm-install" && !command.global) {
        for (const arg of command.args.filter((a) => !a.startsWith("-"))) {
          installed.add(arg.replace(/(.)@[^/]*$/, "$1"));
        }
      }
    }
  }
  const imported = new Set();
  for (const { code } of [...plan.programs, ...plan.files]) {
    for (const match of code.matchAll(
      /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)["']([^"']+)["']/g,
    )) {
      const name = packageOf(match[1]);
      if (name) {
        imported.add(name);
      }
    }
  }
  return [...imported].filter((name) => !installed.has(name)).sort();
}

/**
 * Checks a `pnpm`/`node` command of a README against the repository at `root` (the README lives in
 * `readmeDir`); returns a problem or null.
 * @example checkRepoCommand({ type: "pnpm", args: ["demo"] }, "/work/main", "/work/main") // null
 */
export function checkRepoCommand(command, root, readmeDir) {
  const packages = readWorkspacePackages(root);
  const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  if (command.type === "node") {
    const candidates = [join(root, command.file), join(readmeDir, command.file)];
    const built = (file) => file.replace(/\/dist\/(.*)\.js$/, "/src/$1.ts");
    const found = candidates.some((file) => existsSync(file) || existsSync(built(file)));
    return found ? null : `node ${command.file}: no such file in the repository (nor its source under src/)`;
  }
  const target = pnpmTarget(command.args);
  if (target.error || target.builtin) {
    return target.error ?? null;
  }
  const owner = target.package ? packages.find((p) => p.name === target.package) : null;
  if (target.package && !owner) {
    return `pnpm --filter ${target.package}: no such workspace package`;
  }
  const manifest = owner ? owner.manifest : rootManifest;
  const scriptDir = owner ? join(root, owner.dir) : root;
  const name = target.script ?? target.bin;
  if (target.script && manifest.scripts?.[target.script]) {
    return null;
  }
  if ((target.bin || target.orBin) && existsSync(join(scriptDir, "node_modules", ".bin", name))) {
    return null;
  }
  return `pnpm ${command.args.join(" ")}: ${owner ? target.package : "the root package"} has no script "${name}"`;
}
