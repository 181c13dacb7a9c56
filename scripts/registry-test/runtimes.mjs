// @module scripts/registry-test/runtimes
// The runtime matrix of `pnpm test:release`: the published @lpkit/auth, installed with plain npm into a
// folder outside the workspace, runs the same flow (runtimes/flow.mjs: discovery → token → invocations →
// typed errors → token verification) under Bun, Deno, workerd (miniflare 3) and headless Chromium, each
// against an emulator of its own, and then the published @lpkit/connector's webhook receiver
// (runtimes/webhook-flow.mjs: signed with the runtime's own WebCrypto, typed callbacks, refusals), so
// "web-standard APIs only" is tested, not claimed.
// - Bun and Deno run runtimes/main.mjs from node_modules and trust the emulator's CA
//   (NODE_EXTRA_CA_CERTS / DENO_CERT); Deno runs with --allow-net limited to loopback.
// - workerd runs an esbuild bundle (workerd/worker/browser conditions, as wrangler builds a Worker); its
//   outbound service is the emulator's plain-HTTP listener, so nothing a Worker fetches leaves the machine.
// - Chromium loads a bundle from a page on a loopback server; the emulator answers CORS for that origin;
//   every request that is not to loopback is aborted and fails the test.
// The runtimes come from the npm registry (their binaries ship inside the packages; no postinstall
// download), pinned below.
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { run } from "./exec.mjs";

const SOURCES = join(dirname(fileURLToPath(import.meta.url)), "runtimes");

/** The runtimes, as npm packages. miniflare 3 is the last line that runs on Node 20. */
export const RUNTIME_PACKAGES = { bun: "1.4.5", deno: "2.9.6", miniflare: "3.20250718.3" };

/**
 * Installs the runtimes into `dir` from the npm registry; resolves their paths.
 * @example const tools = await installRuntimes("/tmp/x/runtimes-toolchain");
 */
export async function installRuntimes(dir) {
  writeFileSync(join(dir, "package.json"), '{ "name": "runtimes-toolchain", "private": true }\n');
  const specs = Object.entries(RUNTIME_PACKAGES).map(([name, version]) => `${name}@${version}`);
  await run("npm", ["install", "--no-audit", "--no-fund", ...specs], { cwd: dir, timeoutMs: 300_000 });
  const bin = (name) => join(dir, "node_modules", ".bin", name);
  return {
    bun: bin("bun"),
    deno: bin("deno"),
    miniflare: join(dir, "node_modules", "miniflare", "dist", "src", "index.js"),
  };
}

/**
 * Writes the flow, its entry points and `config.json` into `dir` (where @lpkit/auth is installed), and
 * bundles the Worker and the browser page with esbuild.
 * @example await prepareRuntimeConsumer(dir, config)
 */
export async function prepareRuntimeConsumer(dir, config) {
  for (const file of ["flow.mjs", "webhook-flow.mjs", "main.mjs", "worker.mjs", "browser.mjs"]) {
    copyFileSync(join(SOURCES, file), join(dir, file));
  }
  writeFileSync(join(dir, "config.json"), `${JSON.stringify(config, null, 2)}\n`);
  // Deno: resolve npm packages from node_modules as npm installed them (no download, no lockfile).
  writeFileSync(join(dir, "deno.json"), '{ "nodeModulesDir": "manual", "lock": false }\n');
  writeFileSync(
    join(dir, "index.html"),
    '<!doctype html><meta charset="utf-8"><title>lpkit runtime</title><script type="module" src="browser.bundle.mjs"></script>\n',
  );
  const esbuild = await import("esbuild");
  const common = { bundle: true, format: "esm", absWorkingDir: dir, logLevel: "silent", target: "es2022" };
  await esbuild.build({
    ...common,
    entryPoints: ["worker.mjs"],
    outfile: "worker.bundle.mjs",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
  });
  await esbuild.build({
    ...common,
    entryPoints: ["browser.mjs"],
    outfile: "browser.bundle.mjs",
    platform: "browser",
  });
}

function parseOk(stdout, what) {
  const line = stdout.split("\n").find((l) => l.startsWith("runtime ok: "));
  if (!line) {
    throw new Error(`${what} did not report success:\n${stdout}`);
  }
  return JSON.parse(line.slice("runtime ok: ".length));
}

/** Runs main.mjs under Bun. */
export async function runBun({ dir, tools, caFile, env }) {
  const { stdout } = await run(tools.bun, ["main.mjs"], {
    cwd: dir,
    env: { ...env, NODE_EXTRA_CA_CERTS: caFile },
    timeoutMs: 120_000,
  });
  return parseOk(stdout, "bun main.mjs");
}

/** Runs main.mjs under Deno, with network access to loopback only. */
export async function runDeno({ dir, tools, caFile, env, port }) {
  const args = ["run", `--allow-net=127.0.0.1:${port}`, "--allow-read=.", "--no-prompt", "main.mjs"];
  const { stdout } = await run(tools.deno, args, {
    cwd: dir,
    env: { ...env, DENO_CERT: caFile, DENO_NO_UPDATE_CHECK: "1", DENO_DIR: join(dir, ".deno") },
    timeoutMs: 120_000,
  });
  return parseOk(stdout, "deno run main.mjs");
}

/** Runs the bundled Worker in workerd; every outbound fetch goes to `plainAddress` (host:port). */
export async function runWorkerd({ dir, tools, plainAddress }) {
  const { Miniflare } = await import(pathToFileURL(tools.miniflare).href);
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, "worker.bundle.mjs"),
    modulesRoot: dir,
    compatibilityDate: "2024-09-23",
    outboundService: { external: { address: plainAddress, http: {} } },
  });
  try {
    const response = await mf.dispatchFetch("http://worker.test/");
    const result = await response.json();
    if (!response.ok || result.ok !== true) {
      throw new Error(`workerd: ${result.error ?? response.status}`);
    }
    return result;
  } finally {
    await mf.dispose();
  }
}

const TYPES = { ".html": "text/html", ".mjs": "text/javascript", ".json": "application/json" };

/** Serves `dir`'s page and bundle on 127.0.0.1 (only those files); resolves `{ origin, close() }`. */
export async function servePage(dir) {
  const server = createServer((req, res) => {
    const name = new URL(req.url, "http://x").pathname.slice(1) || "index.html";
    if (!["index.html", "browser.bundle.mjs"].includes(name)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(name)] }).end(readFileSync(join(dir, name)));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Opens the page in headless Chromium; resolves the flow's result. Non-loopback requests fail it. */
export async function runBrowser({ origin, chromium: executablePath }) {
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking"],
  });
  try {
    // The emulator's certificate is issued by a CA made at its start; the page trusts it like Bun
    // and Deno do, through the browser context (nothing else is relaxed: CORS still applies).
    const context = await browser.newContext({ ignoreHTTPSErrors: true });
    const page = await context.newPage();
    const external = [];
    const errors = [];
    await page.route("**/*", (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === "127.0.0.1" || hostname === "localhost" || hostname.endsWith(".localhost")) {
        return route.continue();
      }
      external.push(route.request().url());
      return route.abort("blockedbyclient");
    });
    page.on("pageerror", (error) => errors.push(error.message));
    await page.goto(`${origin}/index.html`);
    const handle = await page.waitForFunction(() => window.lpkitRuntimeResult, null, { timeout: 60_000 });
    const result = await handle.jsonValue();
    if (external.length > 0 || errors.length > 0 || result.ok !== true) {
      throw new Error(
        `chromium: ${result.error ?? "ok"}; external requests: ${external.join(", ") || "none"}; page errors: ${errors.join("; ") || "none"}`,
      );
    }
    return result;
  } finally {
    await browser.close();
  }
}
