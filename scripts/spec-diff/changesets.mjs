// @module scripts/spec-diff/changesets
// Reads pending changesets (.changeset/*.md) and the workspace's packages, the two facts both
// `pnpm spec:diff` and `scripts/check-changeset.mjs` decide on.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

const BUMPS = new Set(["major", "minor", "patch", "none"]);

/**
 * Parses one changeset file's front matter into `Map<packageName, bump>`.
 * Throws on malformed front matter or an unknown bump type, as `changeset version` would.
 * @example parseChangeset('---\n"@lpkit/core": major\n---\n\nRemoved x.\n').get("@lpkit/core") // "major"
 */
export function parseChangeset(text, source = "changeset") {
  const match = /^\s*---\r?\n([\s\S]*?)\r?\n?---/.exec(text);
  if (!match) {
    throw new Error(`${source}: no front matter (--- ... ---)`);
  }
  const data = match[1].trim() === "" ? {} : parse(match[1]);
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new Error(`${source}: front matter must map package names to bump types`);
  }
  const releases = new Map();
  for (const [name, bump] of Object.entries(data)) {
    if (!BUMPS.has(bump)) {
      throw new Error(`${source}: ${name}: unknown bump "${bump}" (major, minor, patch or none)`);
    }
    releases.set(name, bump);
  }
  return releases;
}

/**
 * Every changeset in `<root>/.changeset` (README.md excluded): `[{ file, releases }]`, where `file`
 * is relative to the root (e.g. `.changeset/brave-owls.md`).
 * @example readChangesets(".").flatMap((c) => [...c.releases.keys()])
 */
export function readChangesets(root) {
  const dir = join(root, ".changeset");
  if (!existsSync(dir)) {
    return [];
  }
  return readdirSync(dir)
    .filter((name) => name.endsWith(".md") && name.toLowerCase() !== "readme.md")
    .sort()
    .map((name) => {
      const file = `.changeset/${name}`;
      return { file, releases: parseChangeset(readFileSync(join(dir, name), "utf8"), file) };
    });
}

/**
 * Folders (relative to `root`) of the workspace packages, from the `packages` globs of
 * pnpm-workspace.yaml (`dir`, `dir/*`, `dir/**` and `!exclusions`); `packages/*` and `apps/*` when
 * there is no such file.
 * @example workspaceDirs(".") // ["apps/demo", "bench", "packages/core", …]
 */
export function workspaceDirs(root) {
  const file = join(root, "pnpm-workspace.yaml");
  const globs = existsSync(file)
    ? (parse(readFileSync(file, "utf8"))?.packages ?? [])
    : ["packages/*", "apps/*"];
  const found = new Set();
  const excluded = [];
  const hasManifest = (dir) => existsSync(join(root, dir, "package.json"));
  const children = (dir) =>
    existsSync(join(root, dir))
      ? readdirSync(join(root, dir), { withFileTypes: true })
          .filter(
            (entry) => entry.isDirectory() && entry.name !== "node_modules" && !entry.name.startsWith("."),
          )
          .map((entry) => (dir === "." ? entry.name : `${dir}/${entry.name}`))
      : [];
  for (const raw of globs) {
    const glob = String(raw).replace(/^\.\//, "").replace(/\/$/, "");
    if (glob.startsWith("!")) {
      excluded.push(glob.slice(1).replace(/^\.\//, ""));
      continue;
    }
    if (glob.endsWith("/**")) {
      const walk = (dir) => {
        for (const child of children(dir)) {
          if (hasManifest(child)) {
            found.add(child);
          }
          walk(child);
        }
      };
      walk(glob.slice(0, -3));
    } else if (glob.endsWith("/*")) {
      for (const child of children(glob.slice(0, -2))) {
        if (hasManifest(child)) {
          found.add(child);
        }
      }
    } else if (hasManifest(glob)) {
      found.add(glob);
    }
  }
  const isExcluded = (dir) =>
    excluded.some((pattern) =>
      pattern.endsWith("/**") || pattern.endsWith("/*")
        ? dir.startsWith(`${pattern.replace(/\/\*\*?$/, "")}/`)
        : dir === pattern,
    );
  return [...found].filter((dir) => !isExcluded(dir)).sort();
}

/**
 * The workspace packages (see {@link workspaceDirs}): `[{ dir, name, version, private, manifest }]`
 * with `dir` relative to the root (e.g. `packages/core`).
 * @example readWorkspacePackages(".").filter((p) => !p.private).map((p) => p.name)
 */
export function readWorkspacePackages(root) {
  return workspaceDirs(root).map((dir) => {
    const manifest = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
    return {
      dir,
      name: manifest.name,
      version: manifest.version,
      private: manifest.private === true,
      manifest,
    };
  });
}

/** Package names that `.changeset/config.json` tells changesets to ignore. */
export function ignoredPackages(root) {
  const path = join(root, ".changeset", "config.json");
  if (!existsSync(path)) {
    return new Set();
  }
  return new Set(JSON.parse(readFileSync(path, "utf8")).ignore ?? []);
}

/**
 * Which package a spec belongs to: the package whose `generate` script reads `specs/<name>.yaml`,
 * else `@lpkit/<name>`.
 * @example packageForSpec(".", "specs/domain.yaml") // "@lpkit/domain"
 */
export function packageForSpec(root, specPath) {
  const file = specPath.split("/").pop();
  for (const pkg of readWorkspacePackages(root)) {
    const generate = pkg.manifest.scripts?.generate ?? "";
    if (new RegExp(`(^|[\\s/])specs/${file.replace(/\./g, "\\.")}(\\s|$)`).test(generate)) {
      return pkg.name;
    }
  }
  return `@lpkit/${file.replace(/\.(ya?ml|json)$/, "")}`;
}
