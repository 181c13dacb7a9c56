// @module scripts/readme-examples/run
// Runs one README as a reader would, in a fresh folder outside the workspace: its `npm install` lines
// install the published packages with plain npm (the @lpkit scope from the test registry, the rest from
// the npm registry), its `npx lpkit-emulator` lines start and stop the installed emulator, its other
// commands are checked against the repository (commands.mjs), its files are written, its TypeScript is
// type-checked with tsc (strict, nodenext) and every program runs with node (or the reader's vitest)
// against the emulator the caller started — offline: offline-network.mjs maps LivePerson's Domain API
// host to it and refuses every other name. A block that fails fails the README.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cleanEnv, run } from "../registry-test/exec.mjs";
import { readWorkspacePackages } from "../spec-diff/changesets.mjs";
import { classify, emulatorArgs, parseShell, pnpmTarget } from "./commands.mjs";
import { planReadme } from "./extract.mjs";

const PRELOAD = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "offline-network.mjs")).href;

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

/** The tsconfig README TypeScript is checked with: what `tsc --init` users have, made strict for Node. */
export function readmeTsconfig(typeRoots) {
  return {
    compilerOptions: {
      target: "ES2022",
      module: "NodeNext",
      moduleResolution: "NodeNext",
      strict: true,
      skipLibCheck: true,
      outDir: ".out",
      rootDir: ".",
      typeRoots: [typeRoots],
      types: ["node"],
    },
    include: ["*.ts"],
  };
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

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Starts a throwaway redis-server on loopback; resolves `{ url, stop() }`. */
async function startRedis(dir) {
  const port = await freePort();
  const child = spawn(
    process.env.LPKIT_REDIS_SERVER || "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("redis-server did not start in 10 s")), 10_000);
    child.stdout.on("data", (chunk) => {
      if (/Ready to accept connections/.test(String(chunk))) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("error", reject);
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill("SIGTERM") };
}

/**
 * Runs `npx lpkit-emulator …` in `dir` — the bin npx would run, `node_modules/.bin/lpkit-emulator`,
 * started directly so SIGTERM reaches it (npx does not pass signals on) — waits until it prints its
 * URLs, stops it with SIGTERM and expects a clean exit.
 */
function runEmulatorCommand(dir, args, env) {
  return new Promise((resolve, reject) => {
    const bin = join(dir, "node_modules", ".bin", "lpkit-emulator");
    if (!existsSync(bin)) {
      reject(
        new Error(
          "npx lpkit-emulator: not installed — the README's install lines do not install @lpkit/emulator",
        ),
      );
      return;
    }
    const child = spawn(bin, args, { cwd: dir, env });
    let output = "";
    let ready = false;
    const finish = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`npx lpkit-emulator ${args.join(" ")}: not ready in 30 s\n${output}`));
    }, 30_000);
    const onData = (chunk) => {
      output += chunk;
      if (!ready && /(https?:\/\/127\.0\.0\.1:\d+|"url")/.test(output)) {
        ready = true;
        child.kill("SIGTERM");
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("close", (code, signal) => {
      clearTimeout(finish);
      if (ready && (code === 0 || signal === "SIGTERM")) {
        resolve(output);
      } else {
        reject(new Error(`npx lpkit-emulator ${args.join(" ")} exited ${code ?? signal}\n${output}`));
      }
    });
  });
}

/**
 * Runs the README at `readme` (absolute path) in `dir`. `env` is what the examples read (LP_* values
 * of the emulator's demo installation), `emulator` `{ url, caFile }`, `toolchain` `{ tsc, typeRoots }`.
 * Resolves `{ steps, ran, checked, skipped }`; rejects with the first failure, naming its line.
 * @example await runReadme({ readme, root, dir, registryUrl, toolchain, emulator, env })
 */
export async function runReadme({ readme, root, dir, registryUrl, toolchain, emulator, env = {} }) {
  const file = relative(root, readme);
  const plan = planReadme(readFileSync(readme, "utf8"), file);
  const missing = missingInstalls(plan);
  if (missing.length > 0) {
    plan.errors.push(
      `${file}: the examples import ${missing.join(", ")}, which no \`npm install\` line installs`,
    );
  }
  if (plan.errors.length > 0) {
    throw new Error(plan.errors.join("\n"));
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "package.json"),
    `${JSON.stringify({ name: "readme-reader", private: true, type: "module" }, null, 2)}\n`,
  );
  writeFileSync(join(dir, ".npmrc"), `@lpkit:registry=${registryUrl}\n`);
  for (const extra of plan.files) {
    mkdirSync(dirname(join(dir, extra.name)), { recursive: true });
    writeFileSync(join(dir, extra.name), extra.code);
  }
  const steps = [];
  let ran = 0;
  let checked = 0;
  const childEnv = cleanEnv({
    ...env,
    LPKIT_EXAMPLES_EMULATOR: emulator.url,
    NODE_EXTRA_CA_CERTS: emulator.caFile,
    NODE_OPTIONS: `--import=${PRELOAD}`,
  });
  const services = [];
  try {
    if (plan.services.includes("redis")) {
      const redis = await startRedis(dir);
      services.push(redis);
      childEnv.REDIS_URL = redis.url;
    }
    for (const block of plan.shell) {
      for (const command of parseShell(block.code).map(classify)) {
        const at = `${file}:${block.line}`;
        if (command.type === "unknown") {
          throw new Error(`${at}: ${command.reason}; label the block "<!-- example: skip <why> -->"`);
        }
        if (command.type === "env") {
          continue;
        }
        // npm and the emulator run as the reader's shell runs them: without the offline preload (npm
        // must reach the registries), with the line's own VAR=value prefixes.
        const stepEnv = cleanEnv({ ...env, ...command.env });
        if (command.type === "npm-install" && !command.global) {
          await run("npm", ["install", "--no-audit", "--no-fund", ...command.args], {
            cwd: dir,
            env: stepEnv,
            timeoutMs: 240_000,
          }).catch((error) => {
            throw new Error(`${at}: npm install ${command.args.join(" ")} failed: ${error.message}`);
          });
          steps.push(`npm install ${command.args.join(" ")}`);
          ran += 1;
        } else if (command.type === "emulator") {
          await runEmulatorCommand(dir, emulatorArgs(command.args), stepEnv).catch((error) => {
            throw new Error(`${at}: ${error.message}`);
          });
          steps.push(`npx lpkit-emulator ${command.args.join(" ")}`);
          ran += 1;
        } else {
          const problem =
            command.type === "npm-install"
              ? null // a global install (pnpm itself): checked by its presence, never run here
              : checkRepoCommand(command, root, dirname(readme));
          if (problem) {
            throw new Error(`${at}: ${problem}`);
          }
          checked += 1;
        }
      }
    }
    const typescript = [...plan.programs, ...plan.files].some((p) => p.lang === "ts");
    for (const program of plan.programs) {
      writeFileSync(join(dir, program.name), `// ${file}:${program.line}\n${program.code}`);
    }
    if (typescript) {
      writeFileSync(
        join(dir, "tsconfig.json"),
        `${JSON.stringify(readmeTsconfig(toolchain.typeRoots), null, 2)}\n`,
      );
      await run(process.execPath, [toolchain.tsc, "-p", "tsconfig.json"], {
        cwd: dir,
        timeoutMs: 180_000,
      }).catch((error) => {
        throw new Error(`${file}: the TypeScript examples do not compile:\n${error.message}`);
      });
      steps.push("tsc");
    }
    for (const program of plan.programs) {
      const at = `${file}:${program.line}`;
      const js = program.lang === "ts" ? join(".out", program.name.replace(/\.ts$/, ".js")) : program.name;
      const [command, args] =
        program.runner === "vitest"
          ? ["npx", ["--no-install", "vitest", "run", program.name]]
          : [process.execPath, [js]];
      await run(command, args, { cwd: dir, env: childEnv, timeoutMs: 120_000 }).catch((error) => {
        throw new Error(`${at}: the example fails as written:\n${error.message}`);
      });
      steps.push(`${program.runner === "vitest" ? "vitest" : "node"} ${program.name}`);
      ran += 1;
    }
  } finally {
    for (const service of services) {
      service.stop();
    }
  }
  return { steps, ran, checked, skipped: plan.skipped.length };
}
