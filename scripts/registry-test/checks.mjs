// @module scripts/registry-test/checks
// What a published @lpkit package must satisfy, as plain functions over its manifest and its installed
// folder, so the registry test and its self-checks (scripts/registry-test-checks.test.mjs) share them.
import { existsSync } from "node:fs";
import { join } from "node:path";

const DEPENDENCY_FIELDS = ["dependencies", "peerDependencies", "optionalDependencies", "devDependencies"];
const LOCAL_PROTOCOL = /^(workspace|catalog|link|file|portal):/;

/**
 * Problems of a published manifest: a range a registry consumer cannot resolve (`workspace:`,
 * `catalog:`, `link:` …), an internal dependency that does not point at the version released with it
 * (`versions` maps package name → released version; the range must be `^version`), or `private`.
 * @example manifestProblems({ name: "@lpkit/a", dependencies: { "@lpkit/core": "workspace:^" } }, {}).length // 1
 */
export function manifestProblems(manifest, { versions = {} } = {}) {
  const problems = [];
  if (manifest.private === true) {
    problems.push(`${manifest.name} is private`);
  }
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (LOCAL_PROTOCOL.test(String(range))) {
        problems.push(`${field}["${name}"] is "${range}" (a workspace-only range)`);
      } else if (
        field !== "devDependencies" &&
        versions[name] !== undefined &&
        range !== `^${versions[name]}`
      ) {
        problems.push(
          `${field}["${name}"] is "${range}", expected "^${versions[name]}" (the version released with it)`,
        );
      }
    }
  }
  if (problems.length === 0 && JSON.stringify(manifest).includes('"workspace:')) {
    problems.push('the manifest still contains a "workspace:" value');
  }
  return problems;
}

/**
 * Every file a manifest points at: `main`, `module`, `types`, `typings`, `bin` and each `exports`
 * target (subpath patterns with `*` are skipped), as paths relative to the package folder.
 * @example entryPoints({ exports: { ".": { types: "./dist/index.d.ts", import: "./dist/index.js" } } })
 */
export function entryPoints(manifest) {
  const found = new Set();
  for (const field of ["main", "module", "types", "typings"]) {
    if (typeof manifest[field] === "string") {
      found.add(manifest[field]);
    }
  }
  if (typeof manifest.bin === "string") {
    found.add(manifest.bin);
  } else if (manifest.bin && typeof manifest.bin === "object") {
    for (const target of Object.values(manifest.bin)) {
      found.add(target);
    }
  }
  const walk = (node) => {
    if (typeof node === "string") {
      if (!node.includes("*")) {
        found.add(node);
      }
    } else if (Array.isArray(node)) {
      node.forEach(walk);
    } else if (node && typeof node === "object") {
      Object.values(node).forEach(walk);
    }
  };
  walk(manifest.exports);
  return [...found].map((path) => path.replace(/^\.\//, "")).sort();
}

/**
 * Entry points of `manifest` that do not exist in `pkgDir` (e.g. an installed package).
 * @example missingFiles("node_modules/@lpkit/core", manifest) // []
 */
export function missingFiles(pkgDir, manifest) {
  return entryPoints(manifest).filter((path) => !existsSync(join(pkgDir, path)));
}

/**
 * Problems of a publint result (errors and, as with `--strict`, warnings), as readable lines.
 * @example publintProblems({ messages: [{ type: "error", code: "FILE_DOES_NOT_EXIST", path: ["main"] }] })
 */
export function publintProblems(result) {
  return result.messages
    .filter((message) => message.type === "error" || message.type === "warning")
    .map(
      (message) =>
        `publint ${message.type} ${message.code} at ${message.path.join(".")} ${JSON.stringify(message.args ?? {})}`,
    );
}
