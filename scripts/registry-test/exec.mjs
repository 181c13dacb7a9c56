// @module scripts/registry-test/exec
// Child processes for the registry test: asynchronous (the test process also serves the emulator, so it
// must never block its event loop), bounded in time, and with an environment that carries none of the
// outer `pnpm run` / `node --test` settings.

import { spawn } from "node:child_process";

/**
 * The environment for child processes: the current one without `npm_*` settings (an outer `pnpm run`
 * exports its registry and package context through them) and without node:test's own marker.
 * @example run("npm", ["--version"], { env: cleanEnv({ CI: "1" }) })
 */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== "NODE_TEST_CONTEXT" && key !== "NODE_OPTIONS") {
      env[key] = value;
    }
  }
  return {
    ...env,
    TURBO_TELEMETRY_DISABLED: "1",
    DO_NOT_TRACK: "1",
    REDOCLY_TELEMETRY: "off",
    npm_config_update_notifier: "false",
    npm_config_fund: "false",
    npm_config_audit: "false",
    ...extra,
  };
}

/**
 * Runs `command args` in `cwd` and resolves `{ code, stdout, stderr, ms }`. Rejects with the command
 * and the end of its output when it exits non-zero (unless `allowFail`) or runs past `timeoutMs`
 * (then it is killed).
 * @example const { stdout } = await run("git", ["rev-parse", "HEAD"], { cwd });
 */
export function run(command, args, { cwd, env = cleanEnv(), timeoutMs = 180_000, allowFail = false } = {}) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(`${command} ${args.join(" ")} timed out after ${timeoutMs} ms\n${tail(stdout, stderr)}`),
      );
    }, timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      const result = { code, stdout, stderr, ms: Date.now() - started };
      if (code !== 0 && !allowFail) {
        reject(new Error(`${command} ${args.join(" ")} (in ${cwd}) exited ${code}\n${tail(stdout, stderr)}`));
      } else {
        resolve(result);
      }
    });
  });
}

function tail(stdout, stderr) {
  const lines = `${stdout}\n${stderr}`.trim().split("\n");
  return lines.slice(-40).join("\n");
}
