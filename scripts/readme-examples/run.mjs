// @module scripts/readme-examples/run
// Runs one README as a reader would, in a fresh folder outside the workspace: its `npm install` lines
// install the published packages with plain npm (the @lpkit scope from the test registry, the rest from
// the npm registry), its `npx lpkit-emulator` lines start and stop the installed emulator, its other
// commands are checked against the repository (commands.mjs), its files are written, its TypeScript is
// type-checked with tsc (strict, nodenext) and every program runs with node (or the reader's vitest)
// against the emulator the caller started — offline: offline-network.mjs maps LivePerson's Domain API
// host to it and refuses every other name. A block that fails fails the README.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { cleanEnv, run } from "../registry-test/exec.mjs";
import { checkRepoCommand, missingInstalls } from "./checks.mjs";
import { classify, curlRequest, emulatorArgs, parseShell } from "./commands.mjs";
import { planReadme } from "./extract.mjs";
import { sendCurl, startEmulatorCommand, startRedis } from "./services.mjs";

export { checkRepoCommand, missingInstalls, packageOf, repositoryReadmes } from "./checks.mjs";

const PRELOAD = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "offline-network.mjs")).href;

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
      let blockEmulator = null;
      try {
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
            const started = await startEmulatorCommand(dir, emulatorArgs(command.args), stepEnv);
            await started.stop().catch((error) => {
              throw new Error(`${at}: ${error.message}`);
            });
            steps.push(`npx lpkit-emulator ${command.args.join(" ")}`);
            ran += 1;
          } else if (command.type === "curl") {
            // The block's requests go to one emulator started for it (the README's own is on a fixed port).
            blockEmulator ??= await startEmulatorCommand(dir, ["--port", "0"], stepEnv);
            await sendCurl(command.args, blockEmulator.url).catch((error) => {
              throw new Error(`${at}: ${error.message}`);
            });
            steps.push(
              `curl ${curlRequest(command.args).method} ${new URL(curlRequest(command.args).url).pathname}`,
            );
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
      } finally {
        await blockEmulator?.stop();
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
