#!/usr/bin/env node
// The system programs `pnpm test` uses (Debian's chromium, redis-server and nginx), checked before anything
// else runs: present → silent; missing and this process is root with apt-get → installed from Debian
// (one `apt-get update` first); otherwise → one line per program naming the Debian package (or the
// environment variable that points elsewhere) and exit code 1, at once rather than twenty minutes
// into the run.
//
// LPKIT_SYSTEM_NO_INSTALL=1 turns installing off (the check then only reports).
import { execFileSync, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** What the suite needs, the Debian package that provides it, and the variable that overrides it. */
export const REQUIREMENTS = [
  { program: "chromium", debian: "chromium", env: "LPKIT_CHROMIUM", usedBy: "pnpm test:docs" },
  {
    program: "redis-server",
    debian: "redis-server",
    env: "LPKIT_REDIS_SERVER",
    usedBy: "the @lpkit/redis tests (pnpm test)",
  },
  {
    program: "nginx",
    debian: "nginx",
    env: "LPKIT_NGINX",
    usedBy: "the bench's nginx target (pnpm bench, the @lpkit/bench tests)",
  },
];

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where `program` is: the override when set, else the first match on PATH. */
export function locate(requirement, env = process.env) {
  const override = env[requirement.env];
  if (override) {
    return executable(override) ? override : undefined;
  }
  return (env.PATH ?? "")
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, requirement.program))
    .find(executable);
}

function canInstall(env) {
  if (env.LPKIT_SYSTEM_NO_INSTALL === "1" || process.getuid?.() !== 0) {
    return false;
  }
  return spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
}

export function check(env = process.env, log = (line) => process.stderr.write(`${line}\n`)) {
  const missing = REQUIREMENTS.filter((r) => locate(r, env) === undefined);
  if (missing.length === 0) {
    return 0;
  }
  const overridden = missing.filter((r) => env[r.env]);
  if (overridden.length === 0 && canInstall(env)) {
    const packages = missing.map((r) => r.debian);
    log(`check-system: installing ${packages.join(", ")} from Debian…`);
    const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive" };
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env: aptEnv });
    execFileSync("apt-get", ["install", "-y", "-qq", ...packages], {
      stdio: ["ignore", "ignore", "inherit"],
      env: aptEnv,
    });
    return check({ ...env, LPKIT_SYSTEM_NO_INSTALL: "1" }, log);
  }
  for (const r of missing) {
    log(
      env[r.env]
        ? `check-system: ${r.env}=${env[r.env]} is not an executable (needed by ${r.usedBy})`
        : `check-system: ${r.usedBy} needs ${r.program}: run \`apt-get install -y ${r.debian}\` as root, or set ${r.env} to its path`,
    );
  }
  return 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = check();
}
