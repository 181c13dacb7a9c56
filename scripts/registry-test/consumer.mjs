// @module scripts/registry-test/consumer
// Installs ONE published package with plain npm into a fresh folder outside the workspace (only the
// @lpkit scope points at the test registry; every other dependency comes from the normal npm
// registry), checks what landed on disk, then runs the package's consumer from
// scripts/registry-test/consumers/<name>/: `consumer.mjs` with node (ESM JavaScript) and
// `consumer.ts` with tsc under `module: nodenext` and under `moduleResolution: bundler`.
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { publint } from "publint";
import { manifestProblems, missingFiles, publintProblems } from "./checks.mjs";
import { cleanEnv, run } from "./exec.mjs";

const CONSUMERS = join(dirname(fileURLToPath(import.meta.url)), "consumers");

/** The folder holding the consumer of workspace package `short` (e.g. `core`), or null. */
export function consumerSource(short) {
  const dir = join(CONSUMERS, short);
  return existsSync(join(dir, "consumer.mjs")) && existsSync(join(dir, "consumer.ts")) ? dir : null;
}

/**
 * tsconfig for the TypeScript consumer. `nodenext`: what a Node.js ESM project uses (no DOM lib);
 * `bundler`: what a Vite/esbuild project uses (DOM lib). Both strict and with `skipLibCheck: false`,
 * so a broken declaration file in the package fails the check.
 * @example tsconfig("bundler", "/tmp/toolchain/node_modules/@types")
 */
export function tsconfig(mode, typeRoots) {
  const common = {
    target: "ES2022",
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    verbatimModuleSyntax: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    typeRoots: [typeRoots],
    types: ["node"],
  };
  const modes = {
    nodenext: { module: "NodeNext", moduleResolution: "NodeNext", lib: ["ES2023"] },
    bundler: { module: "ESNext", moduleResolution: "Bundler", lib: ["ES2023", "DOM", "DOM.Iterable"] },
  };
  return `${JSON.stringify({ compilerOptions: { ...common, ...modes[mode] }, files: ["consumer.ts"] }, null, 2)}\n`;
}

/**
 * Installs TypeScript and @types/node once, from the npm registry, into `dir`; returns the tsc path
 * and the @types folder for {@link tsconfig}.
 * @example const toolchain = await installToolchain("/tmp/x/toolchain", { typescript: "5.9.3", typesNode: "^20.19.0" });
 */
export async function installToolchain(dir, { typescript, typesNode }) {
  writeFileSync(join(dir, "package.json"), '{ "name": "toolchain", "private": true }\n');
  await run(
    "npm",
    ["install", "--no-audit", "--no-fund", `typescript@${typescript}`, `@types/node@${typesNode}`],
    {
      cwd: dir,
      timeoutMs: 180_000,
    },
  );
  return {
    tsc: join(dir, "node_modules", "typescript", "bin", "tsc"),
    typeRoots: join(dir, "node_modules", "@types"),
  };
}

/**
 * Runs the whole consumer check for one package. `published` maps every released package name to
 * `{ version, integrity }` as the registry reports them. Resolves a list of step timings; throws on
 * the first failure with what went wrong.
 * @example await runConsumer({ pkg, dir, registryUrl, published, toolchain, env })
 */
export async function runConsumer({ pkg, dir, registryUrl, published, toolchain, env = {} }) {
  const source = consumerSource(pkg.short);
  if (!source) {
    throw new Error(
      `no consumer for ${pkg.name}: add scripts/registry-test/consumers/${pkg.short}/consumer.{mjs,ts}`,
    );
  }
  const steps = [];
  const step = async (name, fn) => {
    const started = Date.now();
    await fn();
    steps.push(`${name} ${Date.now() - started}ms`);
  };
  cpSync(source, dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: `consumer-of-${pkg.short}`, private: true, type: "module" }, null, 2)}\n`,
  );
  // Only the @lpkit scope comes from the test registry.
  writeFileSync(join(dir, ".npmrc"), `@lpkit:registry=${registryUrl}\n`);
  const { version } = published[pkg.name];

  await step("npm install", () =>
    run("npm", ["install", "--no-audit", "--no-fund", `${pkg.name}@${version}`], {
      cwd: dir,
      timeoutMs: 180_000,
    }),
  );

  await step("installed files", async () => {
    const lock = JSON.parse(readFileSync(join(dir, "package-lock.json"), "utf8"));
    const lpkit = Object.entries(lock.packages).filter(([path]) => /node_modules\/@lpkit\//.test(path));
    for (const [path, entry] of lpkit) {
      const name = path.slice(path.lastIndexOf("@lpkit/"));
      if (!published[name]) {
        throw new Error(`${pkg.name} pulled in ${name}, which this release did not publish`);
      }
      if (entry.version !== published[name].version || entry.integrity !== published[name].integrity) {
        throw new Error(
          `${path} is ${entry.version} (${entry.integrity}), not the tarball this release published`,
        );
      }
      const pkgDir = join(dir, path);
      const manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
      const versions = Object.fromEntries(Object.entries(published).map(([n, p]) => [n, p.version]));
      const problems = [
        ...manifestProblems(manifest, { versions }),
        ...missingFiles(pkgDir, manifest).map((file) => `missing file: ${file}`),
        ...publintProblems(await publint({ pkgDir, pack: false, strict: true })),
      ];
      if (problems.length > 0) {
        throw new Error(`${name} as installed:\n  ${problems.join("\n  ")}`);
      }
    }
    if (!lpkit.some(([path]) => path === `node_modules/${pkg.name}`)) {
      throw new Error(`${pkg.name} is not in the consumer's lockfile`);
    }
  });

  const childEnv = cleanEnv(env);
  await step("node consumer.mjs", async () => {
    const { stdout } = await run(process.execPath, ["consumer.mjs"], {
      cwd: dir,
      env: childEnv,
      timeoutMs: 60_000,
    });
    if (!stdout.includes(`consumer ok: ${pkg.name}`)) {
      throw new Error(`consumer.mjs did not report success:\n${stdout}`);
    }
  });

  for (const mode of ["nodenext", "bundler"]) {
    await step(`tsc ${mode}`, async () => {
      writeFileSync(join(dir, `tsconfig.${mode}.json`), tsconfig(mode, toolchain.typeRoots));
      await run(process.execPath, [toolchain.tsc, "-p", `tsconfig.${mode}.json`], {
        cwd: dir,
        timeoutMs: 120_000,
      });
    });
  }
  return steps;
}
