/**
 * Figure 6, what a user ships: each contender's one-invoke program bundled by esbuild (platform
 * node, ESM, minified, everything bundled), gzipped at level 9. Each bundle is then run once against
 * the emulator to prove it is complete.
 *
 * @module
 */
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type Metafile } from "esbuild";
import type { BenchEnv, ContenderId } from "../workload.js";
import { programPath, runProgram } from "./programs.js";

/**
 * Prepended to every bundle: CommonJS dependencies (the official client's) call `require` for Node
 * built-ins, which an ESM bundle must provide. The same 90 bytes for every contender.
 */
export const REQUIRE_BANNER =
  'import{createRequire as __lpkitBenchRequire}from"node:module";const require=__lpkitBenchRequire(import.meta.url);';

/** One bundle's sizes and what is in it. */
export interface BundleSize {
  minifiedBytes: number;
  gzipBytes: number;
  /** Bytes in the minified output per package (largest first). */
  byPackage: { name: string; bytes: number }[];
  /** The bundle ran and completed an invoke against the emulator. */
  ran: boolean;
}

/**
 * The package a bundled input file belongs to (`node_modules/<name>`, or `@lpkit/<dir>` for the
 * workspace, or `(program)`).
 *
 * @example
 * ```ts
 * packageOf("../node_modules/.pnpm/got@11.8.6/node_modules/got/dist/source/index.js"); // "got"
 * ```
 */
export function packageOf(path: string): string {
  const normalized = path.replace(/\\/g, "/");
  const modules = normalized.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = normalized.slice(modules + "node_modules/".length).split("/");
    return rest[0]?.startsWith("@") ? `${rest[0]}/${rest[1]}` : (rest[0] ?? normalized);
  }
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(normalized);
  if (workspace) {
    return `@lpkit/${workspace[1]}`;
  }
  return "(program)";
}

function byPackage(metafile: Metafile): { name: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const name = packageOf(path);
      totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}

/**
 * Bundles, measures and runs each contender's program.
 *
 * @example
 * ```ts
 * const sizes = await measureShippedSize(["lpkit", "official"], env, workDir);
 * ```
 */
export async function measureShippedSize(
  contenders: readonly ContenderId[],
  env: BenchEnv,
  workDir: string,
): Promise<Record<ContenderId, BundleSize>> {
  const dir = join(workDir, "bundles");
  await mkdir(dir, { recursive: true });
  const out = {} as Record<ContenderId, BundleSize>;
  for (const id of contenders) {
    const outfile = join(dir, `${id}.mjs`);
    const result = await build({
      entryPoints: [programPath(id)],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      minify: true,
      banner: { js: REQUIRE_BANNER },
      metafile: true,
      logLevel: "silent",
    });
    const bytes = await readFile(outfile);
    await runProgram(outfile, env);
    out[id] = {
      minifiedBytes: bytes.byteLength,
      gzipBytes: gzipSync(bytes, { level: 9 }).byteLength,
      byPackage: byPackage(result.metafile),
      ran: true,
    };
  }
  return out;
}
