// @module scripts/api-reference
// The TypeScript API reference: TypeDoc over the public entry points of every published package (each
// `exports` subpath of its package.json, mapped from dist/*.js back to src/*.ts; `./internal` subpaths,
// which carry no semver promise, are left out), rendered as one static site into
// artifacts/docs/api/ next to the HTTP reference (`pnpm run docs`, scripts/docs.mjs). One TypeScript
// program covers every package (`@lpkit/*` mapped to their sources), so a type one package re-uses from
// another links to its one page. Each module is named by its import specifier (`@lpkit/auth/verify`).
// Offline: TypeDoc's theme ships its assets (search, icons, styles) with the pages.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Application, ReflectionKind } from "typedoc";
import ts from "typescript";
import { readWorkspacePackages } from "./spec-diff/changesets.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * The documented entry points of every published package: `[{ name, specifier, file, dir }]` —
 * `specifier` is what a user imports (`@lpkit/auth`, `@lpkit/auth/verify`), `file` the source it is
 * built from (absolute). Subpaths named `internal` and non-code exports (`./package.json`) are skipped.
 * @example publicEntryPoints("/work/main").map((e) => e.specifier) // ["@lpkit/auth", "@lpkit/auth/verify", …]
 */
export function publicEntryPoints(root = ROOT) {
  const entries = [];
  for (const pkg of readWorkspacePackages(root).filter((p) => !p.private)) {
    const exportsMap = pkg.manifest.exports ?? { ".": pkg.manifest.main };
    for (const [subpath, target] of Object.entries(exportsMap)) {
      const js = typeof target === "string" ? target : (target?.import ?? target?.default);
      if (typeof js !== "string" || !/\.js$/.test(js) || /(^|\/)internal$/.test(subpath)) {
        continue;
      }
      const file = join(root, pkg.dir, js.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"));
      if (!existsSync(file)) {
        throw new Error(
          `${pkg.name}: exports["${subpath}"] → ${js}, but ${relative(root, file)} does not exist`,
        );
      }
      const specifier = subpath === "." ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, "")}`;
      entries.push({ name: pkg.name, specifier, file, dir: join(root, pkg.dir) });
    }
  }
  return entries.sort((a, b) => a.specifier.localeCompare(b.specifier));
}

/** `paths` that resolve every `@lpkit/<name>[/<subpath>]` import to the package's sources. */
function sourcePaths(root) {
  const paths = {};
  for (const pkg of readWorkspacePackages(root).filter((p) => !p.private)) {
    for (const [subpath, target] of Object.entries(pkg.manifest.exports ?? {})) {
      const js = typeof target === "string" ? target : (target?.import ?? target?.default);
      if (typeof js === "string" && js.endsWith(".js")) {
        const specifier = subpath === "." ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, "")}`;
        paths[specifier] = [join(root, pkg.dir, js.replace(/^\.\/dist\//, "src/").replace(/\.js$/, ".ts"))];
      }
    }
  }
  return paths;
}

/**
 * The names each entry point exports, read with the TypeScript compiler (not with TypeDoc), so the
 * docs test can hold the rendered reference to them: `{ [specifier]: string[] }`.
 * @example exportedNames(publicEntryPoints())["@lpkit/core"].includes("LpkitError") // true
 */
export function exportedNames(entries, root = ROOT) {
  const program = ts.createProgram({
    rootNames: entries.map((e) => e.file),
    options: { ...compilerOptions(root), noEmit: true },
  });
  const checker = program.getTypeChecker();
  const result = {};
  for (const entry of entries) {
    const source = program.getSourceFile(entry.file);
    const symbol = source && checker.getSymbolAtLocation(source);
    result[entry.specifier] = symbol
      ? checker
          .getExportsOfModule(symbol)
          .map((s) => s.name)
          .sort()
      : [];
  }
  return result;
}

function compilerOptions(root) {
  const base = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile).config.compilerOptions;
  const { options } = ts.convertCompilerOptionsFromJson(
    { ...base, types: ["node"], typeRoots: [join(root, "node_modules", "@types")] },
    root,
  );
  return { ...options, paths: sourcePaths(root), skipLibCheck: true };
}

/**
 * Builds the reference into `outDir` (default artifacts/docs/api). Resolves
 * `{ outDir, modules: [{ specifier, url }] }`, `url` relative to `outDir`. Throws when TypeDoc reports
 * an error or a warning (a broken `{@link}`, an exported symbol that references one that is not).
 * @example await buildApiReference({ outDir: "artifacts/docs/api" })
 */
export async function buildApiReference({
  root = ROOT,
  outDir = join(root, "artifacts", "docs", "api"),
} = {}) {
  const entries = publicEntryPoints(root);
  const work = join(dirname(outDir), ".api-reference");
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const tsconfig = join(work, "tsconfig.json");
  writeFileSync(
    tsconfig,
    `${JSON.stringify(
      {
        extends: join(root, "tsconfig.base.json"),
        compilerOptions: {
          noEmit: true,
          types: ["node"],
          typeRoots: [join(root, "node_modules", "@types")],
          paths: sourcePaths(root),
        },
        files: entries.map((e) => e.file),
      },
      null,
      2,
    )}\n`,
  );
  const app = await Application.bootstrapWithPlugins({
    name: "lpkit",
    entryPoints: entries.map((e) => e.file),
    entryPointStrategy: "resolve",
    tsconfig,
    out: outDir,
    readme: "none",
    excludePrivate: true,
    excludeInternal: true,
    excludeExternals: true,
    disableSources: true,
    githubPages: false,
    validation: { notExported: true, invalidLink: true, notDocumented: false },
    treatWarningsAsErrors: true,
    logLevel: "Warn",
  });
  const project = await app.convert();
  if (!project) {
    throw new Error("typedoc: the project could not be converted (see the messages above)");
  }
  // TypeDoc names a module by its path below the entry points' common folder ("auth/src",
  // "auth/src/verify"); name it by what users import instead.
  const common = commonDir(entries.map((e) => dirname(e.file)));
  const bySourceName = new Map(
    entries.map((e) => [
      relative(common, e.file)
        .replace(/\.ts$/, "")
        .replace(/\/index$/, ""),
      e.specifier,
    ]),
  );
  for (const module of project.getChildrenByKind(ReflectionKind.Module)) {
    const specifier = bySourceName.get(module.name);
    if (!specifier) {
      throw new Error(`typedoc: module ${module.name} is not one of the entry points`);
    }
    module.name = specifier;
  }
  app.validate(project);
  if (app.logger.hasErrors() || app.logger.hasWarnings()) {
    throw new Error("typedoc: errors or warnings while building the API reference (see above)");
  }
  await app.generateDocs(project, outDir);
  rmSync(work, { recursive: true, force: true });
  const modules = project.getChildrenByKind(ReflectionKind.Module).map((m) => {
    // TypeDoc's file name for a module: every character outside [A-Za-z0-9_-] becomes "_"
    // (`@lpkit/node-transport` → `_lpkit_node-transport.html`).
    const url = `modules/${m.name.replace(/[^A-Za-z0-9_-]/g, "_")}.html`;
    if (!existsSync(join(outDir, url))) {
      throw new Error(`typedoc: no page ${url} for ${m.name}`);
    }
    return { specifier: m.name, url };
  });
  if (modules.length !== entries.length) {
    throw new Error(
      `typedoc: ${entries.length} entry points but ${modules.length} modules (${modules.map((m) => m.specifier).join(", ")})`,
    );
  }
  writeFileSync(join(outDir, "modules.json"), `${JSON.stringify(modules, null, 2)}\n`);
  return { outDir, modules };
}

function commonDir(dirs) {
  const parts = dirs.map((d) => d.split("/"));
  const first = parts[0];
  let n = 0;
  while (n < first.length && parts.every((p) => p[n] === first[n])) {
    n += 1;
  }
  return first.slice(0, n).join("/") || "/";
}

/** The README-style summary a landing page shows for the reference. */
export function readReferenceSummary(outDir) {
  const file = join(outDir, "modules.json");
  return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : [];
}
