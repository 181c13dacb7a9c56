// @module scripts/registry-test/registry
// A throwaway Verdaccio registry on 127.0.0.1: own storage and config in a temporary folder, NO
// uplinks (a package it does not hold is a 404, so only what the test publishes is served), one
// registered user whose token may publish.
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SERVER = join(dirname(fileURLToPath(import.meta.url)), "verdaccio-server.mjs");

/**
 * Verdaccio's config for the test: storage under `dir`, htpasswd auth, no uplinks, no web UI.
 * @example registryConfig("/tmp/x").includes("uplinks: {}") // true
 */
export function registryConfig(dir) {
  return `# Written by scripts/registry-test: a throwaway, offline registry.
storage: ${JSON.stringify(join(dir, "storage"))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(dir, "htpasswd"))}
    max_users: 5
uplinks: {}
packages:
  "@lpkit/*":
    access: $all
    publish: $authenticated
    unpublish: $authenticated
  "**":
    access: $all
    publish: $authenticated
web:
  enable: false
max_body_size: 50mb
log: { type: stdout, format: pretty, level: warn }
`;
}

/**
 * Starts the registry in a child process; resolves `{ url, token, log, stop() }` once it answers.
 * @example
 * const registry = await startRegistry(tmpDir);
 * // … publish to registry.url with registry.token …
 * await registry.stop();
 */
export async function startRegistry(dir) {
  mkdirSync(dir, { recursive: true });
  const configPath = join(dir, "config.yaml");
  writeFileSync(configPath, registryConfig(dir));
  const child = spawn(process.execPath, [SERVER, configPath], {
    stdio: ["pipe", "pipe", "pipe"],
    env: { ...process.env, NODE_TEST_CONTEXT: "" },
  });
  let log = "";
  child.stderr.on("data", (chunk) => {
    log += chunk;
  });
  const port = await new Promise((resolve, reject) => {
    let buffered = "";
    const timer = setTimeout(() => reject(new Error(`Verdaccio did not start in 30 s\n${log}`)), 30_000);
    child.stdout.on("data", (chunk) => {
      buffered += chunk;
      const line = buffered.split("\n").find((l) => l.startsWith("{"));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line).port);
      } else {
        log += chunk;
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`Verdaccio exited with ${code}\n${log}`));
    });
  });
  const url = `http://127.0.0.1:${port}/`;
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const stop = async () => {
    if (child.exitCode === null) {
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    }
  };
  try {
    const response = await fetch(new URL("-/user/org.couchdb.user:lpkit-release", url), {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "lpkit-release",
        password: "registry-test-only",
        email: "release@lpkit.invalid",
        type: "user",
        roles: [],
      }),
    });
    const body = await response.json();
    if (!response.ok || typeof body.token !== "string") {
      throw new Error(`adding a user failed: ${response.status} ${JSON.stringify(body)}`);
    }
    return { url, token: body.token, log: () => log, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The packument (all versions' manifests) of `name`, or null on 404.
 * @example (await packument(url, "@lpkit/core"))?.versions
 */
export async function packument(url, name) {
  const response = await fetch(new URL(name.replace("/", "%2f"), url));
  if (response.status === 404) {
    return null;
  }
  if (!response.ok) {
    throw new Error(`GET ${name}: ${response.status}`);
  }
  return response.json();
}

/** Writes `text` to `path`, creating folders. */
export function writeText(path, text) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
