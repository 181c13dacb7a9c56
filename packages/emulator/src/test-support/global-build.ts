/**
 * Vitest global setup: compiles the package exactly as `pnpm build` does (tsconfig.build.json), but
 * into a private folder under node_modules/.cache — laid out like the published package (`bin/`,
 * `dist/`, `package.json`) — so tests can run the CLI and import the package in fresh processes
 * without racing a concurrent build writing dist/. Tests read the folder with `inject("builtPackage")`.
 *
 * @module
 */
import { execFileSync } from "node:child_process";
import { cp, mkdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Folder holding the freshly built package: `bin/`, `dist/`, `package.json`. */
    builtPackage: string;
  }
}

const packageDir = fileURLToPath(new URL("../..", import.meta.url));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = join(packageDir, "node_modules", ".cache", `lpkit-emulator-test-${process.pid}`);
  await rm(root, { recursive: true, force: true });
  await mkdir(root, { recursive: true });
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  execFileSync(
    process.execPath,
    [
      tsc,
      "-p",
      "tsconfig.build.json",
      "--outDir",
      join(root, "dist"),
      "--declaration",
      "false",
      "--declarationMap",
      "false",
    ],
    { cwd: packageDir, stdio: "pipe" },
  );
  await cp(join(packageDir, "bin"), join(root, "bin"), { recursive: true });
  await cp(join(packageDir, "package.json"), join(root, "package.json"));
  project.provide("builtPackage", root);
  return () => rm(root, { recursive: true, force: true });
}
