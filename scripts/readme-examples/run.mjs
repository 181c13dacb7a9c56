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
import { missingInstalls } from "./checks.mjs";
import { planReadme } from "./extract.mjs";
import { planFailure, readmeFailure, readmeLines } from "./report.mjs";
import { startRedis } from "./services.mjs";
import { runShellBlocks } from "./shell-blocks.mjs";

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
 * The environment README examples run with, for the `emulator` (the library instance the caller
 * started, with `tls: true`) whose CA is in `caFile`: the lines `lpkit-emulator` prints for an app to
 * paste (LPKIT_DOMAIN_API, NODE_EXTRA_CA_CERTS, DENO_CERT, one app installation and lambda, the V1 key),
 * plus the names `lpkit-demo` reads (LP_DOMAIN_API, LP_SENTINEL_HOST). README_ENV lists the names.
 * @example readmeEnv(emulator, DEMO, "/tmp/ca.pem").LP_ACCOUNT_ID // DEMO.accountId
 */
export function readmeEnv(emulator, demo, caFile) {
  return {
    LPKIT_DOMAIN_API: emulator.domainApiUrl,
    LP_DOMAIN_API: emulator.domainApiUrl,
    NODE_EXTRA_CA_CERTS: caFile,
    DENO_CERT: caFile,
    LP_ACCOUNT_ID: demo.accountId,
    LP_CLIENT_ID: demo.clientId,
    LP_CLIENT_SECRET: demo.clientSecret,
    LP_LAMBDA_UUID: demo.lambdaUuid,
    LP_SENTINEL_HOST: emulator.hosts.sentinel,
    LP_V1_PUBLIC_KEY: emulator.v1PublicKey.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""),
  };
}

/** The variables README examples can rely on (see readmeEnv). */
export const README_ENV = Object.freeze([
  "LPKIT_DOMAIN_API",
  "LP_DOMAIN_API",
  "NODE_EXTRA_CA_CERTS",
  "DENO_CERT",
  "LP_ACCOUNT_ID",
  "LP_CLIENT_ID",
  "LP_CLIENT_SECRET",
  "LP_LAMBDA_UUID",
  "LP_SENTINEL_HOST",
  "LP_V1_PUBLIC_KEY",
]);

/**
 * Runs the README at `readme` (absolute path) in `dir`. `env` is what the examples read (readmeEnv),
 * `emulator` `{ url, caFile }`, `toolchain` `{ tsc, typeRoots }`. Resolves `{ steps, ran, checked,
 * skipped }`; rejects with the first failure (report.mjs): the README and line, what failed and why,
 * how to label a block that is not meant to run.
 * @example await runReadme({ readme, root, dir, registryUrl, toolchain, emulator, env })
 */
export async function runReadme({ readme, root, dir, registryUrl, toolchain, emulator, env = {} }) {
  const file = relative(root, readme);
  const plan = planReadme(readFileSync(readme, "utf8"), file);
  const missing = missingInstalls(plan);
  if (missing.length > 0) {
    plan.errors.push(
      `${file}: the examples import ${missing.join(", ")}, which no \`npm install\` line installs ` +
        "(a reader who copies the install line gets ERR_MODULE_NOT_FOUND, or depends on npm hoisting)",
    );
  }
  if (plan.errors.length > 0) {
    throw planFailure(file, plan.errors);
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
  const programEnv = cleanEnv({
    ...env,
    LPKIT_EXAMPLES_EMULATOR: emulator.url,
    NODE_EXTRA_CA_CERTS: emulator.caFile,
    NODE_OPTIONS: `--import=${PRELOAD}`,
  });
  const written = [
    ...plan.programs.map((p) => ({ ...p, header: true })),
    ...plan.files.map((f) => ({ ...f, header: false })),
  ];
  const services = [];
  try {
    if (plan.services.includes("redis")) {
      const redis = await startRedis(dir);
      services.push(redis);
      programEnv.REDIS_URL = redis.url;
    }
    const shell = await runShellBlocks({ plan, file, readme, root, dir, env, programEnv });
    steps.push(...shell.steps);
    ran += shell.ran;
    checked += shell.checked;
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
        const detail = readmeLines(error.message, written, file);
        const first = /\[[^\]]*README\.md:(\d+)\]/.exec(detail);
        throw readmeFailure({
          file,
          line: first ? Number(first[1]) : undefined,
          what: "the TypeScript examples do not compile (tsc, strict, module nodenext)",
          detail,
        });
      });
      steps.push("tsc");
    }
    for (const program of plan.programs) {
      const js = program.lang === "ts" ? join(".out", program.name.replace(/\.ts$/, ".js")) : program.name;
      const [command, args] =
        program.runner === "vitest"
          ? ["npx", ["--no-install", "vitest", "run", program.name]]
          : [process.execPath, [js]];
      await run(command, args, { cwd: dir, env: programEnv, timeoutMs: 120_000 }).catch((error) => {
        throw readmeFailure({
          file,
          line: program.line,
          what: `the \`${program.lang}\` example fails as written (${program.runner === "vitest" ? "npx vitest run" : "node"} ${program.name}, in ${dir})`,
          detail: readmeLines(error.message, written, file),
        });
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
